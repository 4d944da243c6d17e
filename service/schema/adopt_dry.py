"""`sheets adopt --dry-run` on tabs whose rows sit away from their IDs (adopt_sorted; outside tester a21f finding
7): what the real run would do — put N IDs back (and what else: new IDs, IDs left unused, blank
rows' ID cells cleared), or refuse and why, or with --accept-rows take the rows as they are. One more
values.batchGet, only when DATA_DIR holds row keys (a workbook adopted before); nothing is written, the row
keys file included (RowKeys read_only)."""

from __future__ import annotations

from functools import partial

from turfbook.schema.adopt_displaced import ACCEPT, changes, kept_merges, merges
from turfbook.schema.adopt_sorted import KEYS_FILE, MERGED, RowKeys, _where
from turfbook.schema.spanish_names import label

WORDS = {
    "en": {"head": "## Rows sorted away from their IDs (what the real run would do)",
           "put": "- {tab}: rows were sorted without Turfbook's ID column (or moved by cut and paste); the real "
                  "run would put {n} ID(s) back with their rows{more}",
           "refuse": "- {tab}: rows were sorted without Turfbook's ID column and Turfbook cannot tell every "
                     "row apart (the same key on two records): the real run would write nothing there. Undo the sort "
                     "(Ctrl+Z, File > Version history), or keep the rows as they are now: `" + ACCEPT + "`",
           "accept": "- {tab}: the real run would take the rows as they are now (each ID stays on the row it is on)",
           "nothing": "- {tab}: every row is told apart: --accept-rows would have nothing to accept there",
           "keys": "- {text}",
           "typed": "## IDs typed into another record's row (what the real run would say)"},
    "es": {"head": "## Filas ordenadas lejos de sus ID (lo que haría la ejecución real)",
           "put": "- {tab}: las filas se ordenaron sin la columna ID de Turfbook (o se movieron cortando y pegando); "
                  "la ejecución real devolvería {n} ID a sus filas{more}",
           "refuse": "- {tab}: las filas se ordenaron sin la columna ID de Turfbook y Turfbook no puede "
                     "distinguir cada fila: la ejecución real no escribiría nada allí. Deshaga el orden (Ctrl+Z, "
                     "Archivo > Historial de versiones), o acepte las filas como están: `" + ACCEPT + "`",
           "accept": "- {tab}: la ejecución real aceptaría las filas como están (cada ID en la fila donde está)",
           "nothing": "- {tab}: cada fila se distingue: --accept-rows no tendría nada que aceptar allí",
           "keys": "- {text}",
           "typed": "## ID escritos en la fila de otro registro (lo que diría la ejecución real)"},
}


def sorted_lines(config, sheets, schema, adoption, language: str = "en", accept: bool = False) -> list[str]:
    """The dry run's lines about sorted tabs and the row keys file; [] when there is nothing to say (or no
    keys file nor mapping: a workbook never adopted here has no IDs to put back)."""
    from turfbook.schema.adopt_read import AdoptedSheets
    from turfbook.schema.id_typed import adopt_notes
    from turfbook.schema.reader import read_workbook

    data_dir = getattr(config, "data_dir", None)
    from turfbook.schema.adopt_read import ADOPTION_FILE

    if data_dir is None or not adoption.layout.sheets or not any(
            (data_dir / f).exists() for f in (KEYS_FILE, ADOPTION_FILE)):
        return []
    lang = "es" if language == "es" else "en"
    w = WORDS[lang]
    adopted = AdoptedSheets(sheets, schema, adoption.layout, row_keys=RowKeys(data_dir, read_only=True))
    snapshot = read_workbook(adopted, schema, sorted({s.tab for s in adoption.layout.sheets}))
    lines = [w["keys"].format(text=_half(p.message, lang)) for p in snapshot.read_problems
             if p.kind in ("row_keys", MERGED)]
    for name, found in sorted(adopted.sorted_tabs.items()):
        tab = label(schema, name, "", lang)
        where = partial(_where, adopted, name)
        if found.repairable and not (accept and found.merged):      # told apart: put back, also --accept-rows (i7)
            more = changes(found, where)
            lines.append(w["put"].format(tab=tab, n=len(found.moved), more=f" ({_half(more, lang)})" if more else ""))
            lines += [w["nothing"].format(tab=tab)] if accept else []
            lines += [w["keys"].format(text=_half(merges(found, where), lang))] if found.merged else []
        elif accept:            # a21k k9: a merged row keeps its ID (the merge reading)
            lines.append(w["accept"].format(tab=tab))
            lines += [w["keys"].format(text=_half(kept_merges(found, where), lang))] if found.merged else []
        else:
            lines.append(w["refuse"].format(tab=tab))
    notes = adopt_notes(adopted, schema, snapshot, accept) + _said(sheets, schema, adopted, snapshot)
    typed = [w["keys"].format(text=_half(n, lang)) for n in notes]
    return ([""] + [w["head"], *lines] if lines else []) + (["", w["typed"], *typed] if typed else [])


def _said(sheets, schema, adopted, snapshot) -> list[str]:
    """What the real run would say of every other typed ID (adopt_typed; outside tester a21q q1e), "EN / ES"."""
    from turfbook.schema.adopt_sorted import held
    from turfbook.schema.adopt_typed import typed_lines
    from turfbook.schema.id_memory import Kept
    from turfbook.schema.id_typed_said import said_rows
    from turfbook.schema.ids import plan_ids

    said = said_rows(snapshot, schema)
    plan = plan_ids(snapshot, schema, kept=Kept(sheets))     # the numbers the real run gives (fix23a)
    plan.writes = [w for w in plan.writes if w.tab not in held(adopted)]
    return typed_lines(adopted, snapshot, plan, said, held(adopted), written=False)


def _half(text: str, lang: str) -> str:
    """The English or Spanish half of an "EN / ES" text."""
    en, _, es = text.partition(" / ")
    return es if lang == "es" and es else en
