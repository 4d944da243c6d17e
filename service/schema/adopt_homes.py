"""Which sheet of an adopted tab a new row goes to (attack a21e 4): a tab per organizer ("Convos - Rosa",
"Convos - Luis") has no sheet for an organizer on the Staff tab with none of her own (Mia).

`home` answers, for a row of `organizer`: the sheet whose title names her; else a sheet naming no organizer
that has an Organizer column (a shared sheet: the column says who); a tab not kept per organizer: its first
sheet naming none, as before. Otherwise the row has no home: never another organizer's sheet (it would be
counted as hers, the title implying her name), but held, with a problem telling the director which tab to
add (`held_message`, EN/ES). Used by AdoptedSheets.split_appends (the field job's appends) and by
`held_problems` (the overdue job says it too, from the field queue), so both name the same sheet."""

from __future__ import annotations

from turfbook.schema.adopt_layout import Layout, SheetLayout
from turfbook.schema.model import Problem
from turfbook.schema.text import fold

KIND = "held_entry"


def home(layout: Layout, tab: str, organizer: str) -> SheetLayout | None:
    """The sheet of logical `tab` a new row of `organizer` goes to; None: held (see the module docstring)."""
    sheets = layout.of(tab)
    if not sheets:
        return None
    who = fold(organizer)
    shared = [s for s in sheets if not s.organizer and not s.from_title]
    if who:
        own = next((s for s in sheets if s.organizer and fold(s.organizer) == who), None)
        own = own or next((s for s in sheets if not s.organizer and s.from_title and _names(s.from_title, who)),
                          None)
        if own is not None:
            return own
        if any(s.organizer or s.from_title for s in sheets):          # a tab kept per organizer
            return next((s for s in shared if "organizer" in s.mapping), None)
    return shared[0] if shared else sheets[0]


def _names(said: str, who: str) -> bool:
    """A title's organizer ("Mia") names `who` (folded "mia chen"): the whole name or its first word."""
    return fold(said) in (who, who.split()[0] if who else "")


def held_message(layout: Layout, tab: str, organizer: str) -> str:
    """What the director does so `organizer`'s held entries of `tab` land (EN / ES)."""
    sheets = layout.of(tab)
    like = next((s for s in sheets if s.from_title or s.organizer), sheets[0])
    said = like.from_title or next((w for w in like.organizer.split()[:1] if w in like.title), "")
    first = organizer.split()[0] if organizer.split() else organizer
    title = like.title.replace(said, first) if said else f"{like.title} - {first}"
    return (f"{organizer}'s field entries for {tab} are held: '{like.title}' and the others are one sheet per "
            f"organizer, none is {organizer}'s and no shared sheet has an Organizer column; add a tab '{title}' "
            f"with the header row of '{like.title}' and run `turfbook sheets adopt` (they land on the next field "
            f"run) / las entradas de campo de {organizer} para {tab} esperan: '{like.title}' y las demás son una "
            f"hoja por organizador/a, ninguna es de {organizer} y ninguna hoja compartida tiene columna de "
            f"organizador/a; agregue una pestaña '{title}' con la fila de encabezado de '{like.title}' y ejecute "
            "`turfbook sheets adopt` (se escriben en la siguiente pasada)")


def held_problems(layout: Layout, entries: list[tuple[str, bool]], job: str) -> list[Problem]:
    """A problem per organizer and tab for the field entries with no home: `entries` are (organizer, has a new
    person) of the entries waiting in the field queue."""
    found: dict[tuple[str, str], Problem] = {}
    for organizer, new_person in entries:
        for tab in (["People"] if new_person else []) + ["Conversations"]:
            if layout.of(tab) and home(layout, tab, organizer) is None and (organizer, tab) not in found:
                found[(organizer, tab)] = Problem(job, tab, None, None, held_message(layout, tab, organizer), KIND)
    return list(found.values())
