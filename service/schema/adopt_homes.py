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
        own = own or next((s for s in sheets if not s.organizer and s.from_title and leads(s.from_title, who)),
                          None)
        if own is not None:
            return own
        if any(s.organizer or s.from_title for s in sheets):          # a tab kept per organizer
            return next((s for s in shared if "organizer" in s.mapping), None)
    return shared[0] if shared else sheets[0]


def leads(adopted: str, who: str) -> bool:
    """A name as a title (or the mapping stored) says it ("María José", "Rosa Díaz") is the leading words of
    `who` (folded "maria jose perez", "rosa diaz ortega")."""
    words = fold(adopted).split()
    return who.split()[:len(words)] == words


def held_message(layout: Layout, tab: str, organizer: str) -> str:
    """What the director does so `organizer`'s held entries of `tab` land (EN / ES)."""
    title, like = new_sheet(layout, tab, organizer)
    return (f"{organizer}'s field entries for {tab} are held: '{like}' and the others are one sheet per "
            f"organizer, none is {organizer}'s and no shared sheet has an Organizer column; add a tab '{title}' "
            f"with the header row of '{like}' and run `turfbook sheets adopt` (they land on the next field "
            f"run) / las entradas de campo de {organizer} para {tab} esperan: '{like}' y las demás son una "
            f"hoja por organizador/a, ninguna es de {organizer} y ninguna hoja compartida tiene columna de "
            f"organizador/a; agregue una pestaña '{title}' con la fila de encabezado de '{like}' y ejecute "
            "`turfbook sheets adopt` (se escriben en la siguiente pasada)")


def new_sheet(layout: Layout, tab: str, organizer: str) -> tuple[str, str]:
    """(the title of the sheet to add for `organizer` in `tab`, the sheet whose header row it copies): named
    like the others ("Convos - Rosa" -> "Convos - Mia")."""
    sheets = layout.of(tab)
    like = next((s for s in sheets if s.from_title or s.organizer), sheets[0])
    said = like.from_title or next((w for w in like.organizer.split()[:1] if w in like.title), "")
    first = organizer.split()[0] if organizer.split() else organizer
    return (like.title.replace(said, first) if said else f"{like.title} - {first}"), like.title


def held_problems(layout: Layout, entries: list[tuple[str, bool]], job: str) -> list[Problem]:
    """One problem per organizer whose field entries have no home, counting her entries and naming each tab to
    add (`held_message`): `entries` are (organizer, has a new person) of the entries waiting in the field queue."""
    counted = held_counts(layout, entries)
    out = []
    for organizer, n in counted.items():
        tabs = [t for t in ("People", "Conversations") if layout.of(t) and home(layout, t, organizer) is None]
        add = [new_sheet(layout, t, organizer) for t in tabs]
        en = " and ".join(f"'{title}' (the header row of '{like}')" for title, like in add)
        es = " y ".join(f"'{title}' (la fila de encabezado de '{like}')" for title, like in add)
        out.append(Problem(job, tabs[0], None, None, (
            f"{organizer}: {n} field entr{'y is' if n == 1 else 'ies are'} held, kept safe: no sheet of theirs in "
            f"{' and '.join(tabs)}; add {en} and run `turfbook sheets adopt` (they land on the next field run) / "
            f"{organizer}: {n} entrada(s) de campo en espera, guardada(s): no tiene hoja en {' y '.join(tabs)}; "
            f"agregue {es} y ejecute `turfbook sheets adopt` (se escriben en la siguiente pasada)"), KIND))
    return out


def held_counts(layout: Layout, entries: list[tuple[str, bool]]) -> dict[str, int]:
    """Organizer -> how many of her waiting field entries have no sheet to land on (a new person with no People
    sheet of hers, or no Conversations sheet): what the digest and her page say."""
    out: dict[str, int] = {}
    for organizer, new_person in entries:
        tabs = (["People"] if new_person else []) + ["Conversations"]
        if any(layout.of(tab) and home(layout, tab, organizer) is None for tab in tabs):
            out[organizer] = out.get(organizer, 0) + 1
    return out
