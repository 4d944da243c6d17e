"""An adopted workbook's sheets read as the schema's tabs (`translate`: their header row wherever it is now,
their columns found again by header text, a tab per organizer as one, an organizer cell written as a first
name read as the organizer it names), and the organizer a sheet's title implies found in the adopted
Organizers tab (`resolve_organizers`). Titles and cells follow one rule: `organizer_named`; a title's organizer
words are found by one rule too, at adoption and at each read: `title_named`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from turfbook.schema.adopt_handover import Handover, handed_over, handover_problems, mentioned
from turfbook.schema.adopt_kinds import UNRESOLVED, of_organizers  # noqa: F401 - of_organizers: its name here too
from turfbook.schema.adopt_layout import ORGANIZERS, Layout
from turfbook.schema.cells import cell_text
from turfbook.schema.header_match import title_organizer
from turfbook.schema.loader import Schema, Tab, VocabRef
from turfbook.schema.model import Problem
from turfbook.schema.text import fold, short

KIND = UNRESOLVED                   # a problem of `organizer_problems`


@dataclass
class Unresolved:
    """An organizer cell `organizer_named` found no one organizer for (kept as written)."""

    tab: str                 # the schema tab
    sheet: str               # the team's sheet title
    row: int                 # 1-based row on that sheet
    number: int              # the row's number in the translated tab (what the reader's problems carry)
    key: str                 # the column's key
    header: str              # the column's header on their sheet
    header_ours: str         # the column's header in Turfbook's tab (what the reader's problems name)
    said: str                # the cell as written
    row_id: str | None       # the row's Turfbook ID, if it has one
    note: str                # not_listed | ambiguous:<names>


@dataclass
class Translated:
    values: dict[str, list[list[Any]]]                        # schema tab -> our header + rows
    origins: dict[str, list[tuple[str, int]]]                 # schema tab -> (sheet title, 1-based row) per row
    lost: list[tuple[str, str, str, str]] = field(default_factory=list)   # (sheet, key, stored header, why)
    unresolved: list[Unresolved] = field(default_factory=list)
    titled: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # (tab, sheet, said, note, header)
    organizers: dict[str, str] = field(default_factory=dict)   # sheet title -> the organizer its title is now
    handed: list[Handover] = field(default_factory=list)       # renamed titles naming another organizer (a21j 7)


def organizer_named(said: str, known: list[str]) -> tuple[str, str, float]:
    """The one rule for an organizer as a team writes it, in a sheet's title ("Convos - Ana") or a cell
    ("ána", "Ana-María"): (the name as listed in Organizers, note, how sure). Case, accents, spaces and
    hyphens are folded. The listed name itself: "listed"; words that are the leading words of exactly one
    listed name ("Ana María" of "Ana María Rivera", "Rosa Díaz" of "Rosa Díaz Ortega"): "first_name"; else
    no name, and "ambiguous:<the names>" (two or more begin so) or "not_listed"."""
    words = fold(said).split()
    same = [n for n in known if fold(n).split() == words]
    if same:
        return same[0], "listed", 1.0
    lead = [n for n in known if words and fold(n).split()[:len(words)] == words]
    if len(lead) == 1:
        return lead[0], "first_name", 0.95
    return "", "ambiguous:" + ", ".join(lead) if lead else "not_listed", 0.0


def title_named(title: str, schema: Schema, known: list[str]):
    """(tab match, the organizer words, how sure) of a sheet's title: header_match.title_organizer, a part in
    lower case ("convos - mia", "Convos - mia chen") a name too when `organizer_named` finds it in `known`.
    The one rule for the adoption (`resolve_organizers`), each read (`_implied`) and the stored mapping."""
    return title_organizer(title, schema, lambda part: bool(organizer_named(part, known)[0]))


def either(note: str, lang: str = "en") -> str:
    """The names an "ambiguous:<names>" note lists, as a message says them ("Ana Rivera or Ana Torres")."""
    names = [n for n in note.partition(":")[2].split(", ") if n]
    word = " or " if lang == "en" else " o "
    return ", ".join(names[:-1]) + word + names[-1] if len(names) > 1 else "".join(names)


def translate(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]]) -> Translated:
    """`raw`: sheet title -> its cells. Organizer cells are read by the Organizers tab's names when its
    sheets are among `raw` (AdoptedSheets reads them along), else as written."""
    out = Translated({}, {})
    listed: tuple[list[str], set[str]] | None = None
    for tab in sorted(schema.tabs, key=lambda t: t.name != ORGANIZERS):     # Organizers first: its names
        sheets = layout.of(tab.name)
        if sheets:
            _read_tab(schema, tab, sheets, raw, out, listed)
        if tab.name == ORGANIZERS and sheets and all(s.title in raw for s in sheets):
            listed = _listed(schema, out.values[ORGANIZERS])
    out.values = {t.name: out.values[t.name] for t in schema.tabs if t.name in out.values}
    return out


def _read_tab(schema: Schema, tab: Tab, sheets: list, raw: dict[str, list[list[Any]]], out: Translated,
              listed: tuple[list[str], set[str]] | None) -> None:
    keys = [c.key for c in tab.columns if any(c.key in s.mapping for s in sheets)
            or (c.key == "organizer" and any(s.organizer or s.from_title for s in sheets))]
    refs = [i for i, k in enumerate(keys) if _names_organizer(tab, k)] if listed and listed[0] else []
    at_id = keys.index("id") if "id" in keys else None
    table: list[list[Any]] = [[tab.column(k).header for k in keys]]
    origins: list[tuple[str, int]] = []
    read: dict[Any, tuple[str, str]] = {}                      # organizer cell as written -> _organizer_cell
    for sheet in sheets:
        rows = raw.get(sheet.title, [])
        top = sheet.locate_header(rows)
        at, lost = sheet.found_again(sheet.header_at(rows, top), tab)
        regrouped = sheet.group_changed(rows, top, tab)       # not followed: those columns read as lost
        at, lost = {k: i for k, i in at.items() if k not in regrouped}, {**lost, **regrouped}
        out.lost += [(sheet.title, k, sheet.columns[sheet.mapping[k]].text, why) for k, why in lost.items()
                     if k in keys]
        implied = _implied(schema, tab, sheet, listed, out)
        for offset, cells in enumerate(rows[top:]):
            row = [cells[at[k]] if k in at and at[k] < len(cells) else "" for k in keys]
            if not any(c not in ("", None) for c in row):
                continue
            if implied and "organizer" in keys:
                i = keys.index("organizer")
                row[i] = row[i] if row[i] not in ("", None) else implied
            table.append(row)
            origins.append((sheet.title, top + 1 + offset))
            for i in refs:
                said = row[i]
                if said in ("", None):
                    continue
                if said not in read:
                    read[said] = _organizer_cell(cell_text(said), listed)
                name, note = read[said]
                if name:
                    row[i] = name
                elif note:
                    mapped = sheet.mapping.get(keys[i])
                    ours = tab.column(keys[i]).header
                    out.unresolved.append(Unresolved(
                        tab.name, sheet.title, top + 1 + offset, len(table), keys[i],
                        sheet.columns[mapped].text if mapped is not None else ours, ours, cell_text(said),
                        cell_text(row[at_id]) or None if at_id is not None else None, note))
    out.values[tab.name] = table
    out.origins[tab.name] = origins


def _implied(schema: Schema, tab: Tab, sheet, listed: tuple[list[str], set[str]] | None, out: Translated) -> str:
    """The organizer a sheet's rows with no Organizer cell are hers, at this read: the organizer adopted for it
    ("Rosa Díaz"), else (none adopted) its title's ("Mia"), found in the Organizers tab as it is now
    (`organizer_named`: "Rosa Díaz Ortega" after a rename). Not found: "" and one problem for the sheet
    (`titled`), never one per row; never another organizer whose name her title begins. No Organizers read: as
    adopted. A title renamed since the adoption to name another organizer: hers (adopt_handover)."""
    said = sheet.organizer or sheet.from_title
    if not listed or not listed[0] or not said:
        return sheet.organizer
    header = tab.column("organizer").header if any(c.key == "organizer" for c in tab.columns) else None
    known = listed[0]
    now = title_named(sheet.title, schema, known)[1]
    handed = handed_over(now, sheet, known, organizer_named)
    if handed is not None:
        handed.tab, handed.header = tab.name, header
        out.handed.append(handed)
        if handed.name:
            out.organizers[sheet.title] = handed.name
            return handed.name
        said = handed.before
    name, note, _ = organizer_named(said, listed[0])
    if name:
        out.organizers[sheet.title] = name
        return name
    out.titled.append((tab.name, sheet.title, said, note, header))
    return ""


def _organizer_cell(said: str, listed: tuple[list[str], set[str]]) -> tuple[str, str]:
    """(the name to read an organizer cell as, "") or ("", why it is read as no one: organizer_named's note);
    ("", "") for an organizer's ID or a blank (the reader takes those as they are)."""
    if not said or fold(said) in listed[1]:
        return "", ""
    name, note, _ = organizer_named(said, listed[0])
    return (name, "") if name else ("", note)


def _names_organizer(tab: Tab, key: str) -> bool:
    ref = tab.column(key).vocabulary
    return tab.column(key).type == "ref" and isinstance(ref, VocabRef) and ref.tab == ORGANIZERS


def _listed(schema: Schema, read: list[list[Any]]) -> tuple[list[str], set[str]]:
    """(the organizers' names, their folded IDs) as the adopted Organizers tab lists them (translated)."""
    tab = schema.tab(ORGANIZERS)
    header = read[0] if read else []
    at = {k: header.index(tab.column(k).header) for k in ("name", "id") if tab.column(k).header in header}
    names = sorted({cell_text(r[at["name"]]) for r in read[1:] if "name" in at and at["name"] < len(r)} - {""})
    ids = {fold(cell_text(r[at["id"]])) for r in read[1:] if "id" in at and at["id"] < len(r)} - {""}
    return names, ids


def resolve_organizers(schema: Schema, layout: Layout, values: dict[str, list[list[Any]]]) -> None:
    """The organizer a title implies ("Convos - Ana"), found in the adopted Organizers tab ("Ana Rivera", when
    no other organizer's name begins so): `organizer_named`. Not there, or two begin so: the organizer the
    last adoption gave the sheet (`adopted_as`, found again by the same rule: "Rosa Díaz" renamed "Rosa Díaz
    Ortega"), noted "kept:<note>" for the report (a title that names no one organizer now, "Convos" or "Convos
    - Rosa y Mia": "kept:nameless"); else not filled in (`organizer_note` says why in the
    report). No Organizers tab adopted: kept as the title says it."""
    people = [s for s in layout.sheets if s.tab == ORGANIZERS]
    if not people:
        return
    known = _listed(schema, translate(schema, Layout(sheets=people), values).values.get(ORGANIZERS, []))[0]
    if not known:       # an Organizers tab with no one on it yet (init adds one): titles kept as written (a21n 3)
        return
    for sheet in layout.sheets:
        if not sheet.from_title:          # "convos - mia", "Rosa" (a21m m12): by the one title rule
            match, said, sure = title_named(sheet.title, schema, known)
            if said and match.key in (sheet.tab, None):      # None: the whole title is her name, not a tab's
                sheet.how = match if match.key else sheet.how
                sheet.from_title, sheet.organizer_sure = said, sure
        said = sheet.from_title
        if not said:          # "Convos", "Convos - Rosa y Mia": the organizer it was adopted for, said (a21l 11)
            kept = organizer_named(sheet.adopted_as, known)[0] if sheet.adopted_as else ""
            names = ":" + ", ".join(mentioned(sheet.title, known)) if kept and mentioned(sheet.title, known) else ""
            sheet.organizer, sheet.organizer_note = (kept, "kept:nameless" + names) if kept else (sheet.organizer, "")
            continue
        name, note, sure = organizer_named(said, known)
        before = organizer_named(sheet.adopted_as, known)[0] if sheet.adopted_as and not name else ""
        name, note = (before, "kept:" + note) if before else (name, note)
        sheet.organizer, sheet.organizer_note = name, note
        sheet.organizer_sure = sure if name else sheet.organizer_sure


def organizer_problems(read: Translated, layout: Layout) -> list[Problem]:
    """The organizers the last read found no one for, in English and Spanish, kept as written: one problem per
    sheet whose organizer (by title) is not found now (`titled`: its rows are no one's until fixed), and one
    per sheet and cell text for the organizer cells read as no organizer ("'Convos' rows 3, 7: Organizer 'Ana'
    could be Ana Rivera or Ana Torres"), never one per row. They stand for the reader's own problems about
    those cells (`spoken_cells`): the one list `sheets check`, overdue and the digest report (`of_organizers`)."""
    from turfbook.schema.adopt_words import WORDS

    staff = ", ".join(s.title for s in layout.of(ORGANIZERS)) or ORGANIZERS
    out = []
    for tab, sheet, said, note, header in read.titled:
        word = "org_title_ambiguous" if note.startswith("ambiguous:") else "org_title_not_listed"
        out.append(Problem("schema", tab, None, header, " / ".join(WORDS[lang][word].format(
            sheet=sheet, said=short(said), staff=staff, names=either(note, lang)) for lang in ("en", "es")), KIND))
    groups: dict[tuple[str, str, str], list[Unresolved]] = {}
    for u in read.unresolved:
        groups.setdefault((u.sheet, fold(u.said), u.note), []).append(u)
    for cells in groups.values():
        u, one = cells[0], len(cells) == 1
        word = "org_cell_ambiguous" if u.note.startswith("ambiguous:") else "org_cell_not_listed"
        said = {"sheet": u.sheet, "header": u.header, "said": short(u.said), "staff": staff}
        out.append(Problem("schema", u.tab, u.row_id if one else None, u.header_ours, " / ".join(
            WORDS[lang][word].format(**said, rows=_rows(cells, lang), names=either(u.note, lang))
            for lang in ("en", "es")), KIND, u.number if one else None))
    return out + handover_problems(read.handed, staff, either)


def _rows(cells: list[Unresolved], lang: str) -> str:
    word = ("row", "rows") if lang == "en" else ("fila", "filas")
    return f"{word[len(cells) > 1]} {', '.join(str(c.row) for c in cells)}"


def spoken_cells(read: Translated) -> set[tuple[str, int, str]]:
    """(tab, row number, our header) of each organizer cell `organizer_problems` speaks for."""
    return {(u.tab, u.number, u.header_ours) for u in read.unresolved}
