"""A tab kept in several sheets (one per organizer: 'Rosa', 'Luis') where a sheet gets no organizer at the adoption
(its title names no one on the Organizers tab, or someone not there, or a first name two organizers share) while
rows of it have no Organizer of their own: those rows count for no organizer ('—' in the digest). Said in the
adoption report's problems, EN/ES, never silent (outside tester a21m m12). Pure."""

from __future__ import annotations

from typing import Any

from turfbook.schema.adopt_layout import ORGANIZERS, Layout
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem
from turfbook.schema.spanish_names import label as label_of

KIND = "sheet_names_no_organizer"

WORDS = {
    "en": {"text": "'{sheet}': {tab} is kept in several sheets here ({others}), but {why}, and {n} of its rows have "
                   "no Organizer of their own: they count for no organizer ('—' in the digest). Name the tab with "
                   "the organizer's name as it is in '{staff}'{like}, or fill in their Organizer, then run "
                   "`turfbook sheets adopt` again",
           "none": "this one's title names no organizer in '{staff}'",
           "not_listed": "the organizer its title names, '{said}', is not in '{staff}'",
           "ambiguous": "the organizer its title names, '{said}', could be {names}", "like": " (like '{title}')"},
    "es": {"text": "'{sheet}': {tab} está en varias hojas aquí ({others}), pero {why}, y {n} de sus filas no tienen "
                   "organizador/a propio/a: no cuentan para ningún/a organizador/a ('—' en el resumen). Nombre la "
                   "pestaña con el nombre del/de la organizador/a como está en '{staff}'{like}, o complete su "
                   "organizador/a, y vuelva a ejecutar `turfbook sheets adopt`",
           "none": "el título de esta no nombra a ningún/a organizador/a de '{staff}'",
           "not_listed": "el/la organizador/a que nombra su título, '{said}', no está en '{staff}'",
           "ambiguous": "el/la organizador/a que nombra su título, '{said}', puede ser {names}",
           "like": " (como '{title}')"},
}


def nameless(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]]) -> list[Problem]:
    """One problem per such sheet (module docstring). Only where the workbook has organizers to count for: an
    Organizers tab adopted, or another sheet of that tab with its organizer."""
    from turfbook.schema.adopt_translate import either

    known: list[str] | None = None
    staff = ", ".join(s.title for s in layout.of(ORGANIZERS)) or ORGANIZERS
    out = []
    for tab in schema.tabs:
        sheets = layout.of(tab.name)
        if tab.name == ORGANIZERS or len(sheets) < 2 or not any(c.key == "organizer" for c in tab.columns):
            continue
        if not layout.of(ORGANIZERS) and not any(s.organizer for s in sheets):
            continue
        owned = next((s for s in sheets if s.organizer), None)
        for s in sheets:
            n = _unowned(s, raw.get(s.title) or [])
            if s.organizer or not n:
                continue
            note = s.organizer_note if s.from_title else ""
            said = s.from_title
            if not said:            # a title that is only a first name two organizers share ('Mia', a21n 8)
                known = _known(schema, layout, raw) if known is None else known
                note = _shared_name(s.title, known)
                said = s.title.strip() if note else ""
            kind = "ambiguous" if note.startswith("ambiguous:") else "not_listed" if said else "none"
            others = ", ".join(f"'{o.title}'" for o in sheets if o is not s)
            texts = []
            for lang in ("en", "es"):
                w = WORDS[lang]
                why = w[kind].format(staff=staff, said=said, names=either(note, lang))
                like = w["like"].format(title=owned.title.strip()) if owned is not None else ""
                texts.append(w["text"].format(sheet=s.title, tab=label_of(schema, tab.name, "", lang), others=others,
                                              why=why, n=n,
                                              staff=staff, like=like))
            out.append(Problem("adopt", tab.name, None, tab.column("organizer").header, " / ".join(texts), KIND))
    return out


def _known(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]]) -> list[str]:
    """The organizers' names as the adopted Organizers tab lists them (adopt_translate._listed)."""
    from turfbook.schema.adopt_translate import _listed, translate

    people = Layout(sheets=layout.of(ORGANIZERS))
    return _listed(schema, translate(schema, people, raw).values.get(ORGANIZERS, []))[0] if people.sheets else []


def _shared_name(title: str, known: list[str]) -> str:
    """"ambiguous:<names>" when the whole title is the leading words of two or more organizers' names."""
    from turfbook.schema.adopt_translate import organizer_named

    note = organizer_named(title, known)[1] if known and title.strip() else ""
    return note if note.startswith("ambiguous:") else ""


def _unowned(sheet, rows: list[list[Any]]) -> int:
    """Data rows below the sheet's header with no Organizer cell (every data row when none is mapped)."""
    at = sheet.mapping.get("organizer")
    return sum(1 for r in rows[sheet.header_row:] if any(c not in ("", None) for c in r)
               and (at is None or at >= len(r) or r[at] in ("", None)))
