"""A sheet adopted as a tab whose rows hold nothing Turfbook reads: none of the columns it reads holds a value
(a team's 'Fotos': Fecha | Descripción | Enlace | Lugar, adopted as Media by its title; its link and place are kept
as theirs, beside Turfbook's). Its rows are left as they are: no ID, no job reads them (a row of nothing is never
numbered, issue 21), and Turfbook's rows (filing's log) go below them. Said in the adoption report's problems,
EN/ES, never silent (outside tester a21n 5). Pure."""

from __future__ import annotations

from typing import Any

from turfbook.schema.adopt_layout import Layout
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem

KIND = "rows_not_read"

WORDS = {
    "en": "'{sheet}' ({tab}): its {n} row(s) hold values only in your own columns ({theirs}), none of which Turfbook "
          "reads as {tab}, so they get no ID and no job reads them; they stay as they are, and Turfbook's rows go "
          "below them. To have them read, name a column with one of {tab}'s headers (like {like}), then run "
          "`turfbook sheets adopt` again",
    "es": "'{sheet}' ({tab}): sus {n} fila(s) solo tienen valores en columnas suyas ({theirs}), ninguna de las cuales "
          "Turfbook lee como {tab}, así que no reciben ID y ningún trabajo las lee; quedan como están, y las filas "
          "de Turfbook van debajo. Para que se lean, nombre una columna con un encabezado de {tab} (como {like}) "
          "y vuelva a ejecutar `turfbook sheets adopt`",
}


def unread(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]]) -> list[Problem]:
    """One problem per adopted sheet with rows none of whose columns Turfbook reads holds a value (module
    docstring): its own columns of the tab are all empty (only Turfbook's, added at the right, are there)."""
    out = []
    for s in layout.sheets:
        tab = schema.tab(s.tab)
        rows = [r for r in (raw.get(s.title) or [])[s.header_row:] if any(c not in ("", None) for c in r)]
        if not rows or any(i < len(r) and r[i] not in ("", None) for r in rows for i in s.mapping.values()):
            continue
        theirs = ", ".join(f"'{m.text}'" for m in s.columns if not m.key and m.text.strip()) or "—"
        like = ", ".join([f"'{c.header}'" for c in tab.columns if not c.service][:2]) or "—"
        text = " / ".join(WORDS[lang].format(sheet=s.title, tab=tab.name, n=len(rows), theirs=theirs, like=like)
                          for lang in ("en", "es"))
        out.append(Problem("adopt", tab.name, None, None, text, KIND))
    return out
