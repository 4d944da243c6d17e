"""A cell's problem in English and Spanish (a21p 11): rows' problems name the row by its number and its ID
("Conversations row 2 (C-000001): Person 'X' is not in People / Conversations fila 2 (C-000001): Person 'X' no
está en People"). Pure.

The parsers (cells.CellError, dates.DateError) say why a cell is not read in English, or already in both
("EN / ES": a date typed the other way round, a done cell that says neither); `both` gives each half: the Spanish
of an English reason from the table below (tests/unit/test_cell_words.py keeps it in step with every reason the
parsers give). A reason the table does not know stays English in both halves, never dropped.
"""

from __future__ import annotations

import re

_STAYS_OPEN = (" (until then the follow-up stays open / mientras tanto el seguimiento sigue abierto)",
               " (until then the follow-up stays open)", " (mientras tanto el seguimiento sigue abierto)")

_ES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(en), es) for en, es in (
    (r"^is not in (.+)$", r"no está en \1"),
    (r"^matches (\d+) rows in (.+); use the ID instead$", r"coincide con \1 filas en \2; use el ID"),
    (r"^is not one of: (.+)$", r"no es uno de: \1"),
    (r"^is not a whole number or one of: (.+)$", r"no es un número entero ni uno de: \1"),
    (r"^is not a whole number from (\S+) to (\S+)$", r"no es un número entero de \1 a \2"),
    (r"^is not a whole number at least (\S+)$", r"no es un número entero de al menos \1"),
    (r"^is not a whole number$", "no es un número entero"),
    (r"^says (\S+) but '(.*)' means (\S+)$", r"dice \1 pero '\2' significa \3"),
    (r"^is ([\d,]+) characters long \(at most ([\d,]+) fit here\)$", r"tiene \1 caracteres (caben como mucho \2)"),
    (r"^is in the future$", "está en el futuro"),
    (r"^is not yes/no \(use the checkbox\)$", "no es sí/no (use la casilla)"),
    (r"^is not an email address$", "no es una dirección de correo electrónico"),
    (r"^is not a phone number$", "no es un número de teléfono"),
    (r"^is not a Turfbook ID \(leave the cell empty and Turfbook will fill it\)$",
     "no es un ID de Turfbook (deje la celda vacía y Turfbook lo pondrá)"),
    (r"^is not a date$", "no es una fecha"),
    (r"^is not a date and time$", "no es una fecha y hora"),
    (r"^is empty$", "está vacía"),
    (r"^has no year: type the date with its year \(e\.g\. (\S+)\), so Turfbook does not guess this year or next$",
     r"no tiene año: escriba la fecha con su año (p. ej. \1), para que Turfbook no adivine si es este año o el "
     r"próximo"),
    (r"^is a number, not a date \(an amount like \$40 is stored as a number; read as a date it would be (\S+)\): "
     r"type the date$", r"es un número, no una fecha (una cantidad como $40 se guarda como número; leída como "
                        r"fecha sería \1): escriba la fecha"),
))


def both(why: str) -> tuple[str, str]:
    """(English, Spanish) of a cell's reason (as the parsers give it)."""
    en_tail = es_tail = ""
    if why.endswith(_STAYS_OPEN[0]):
        why, en_tail, es_tail = why[:-len(_STAYS_OPEN[0])], _STAYS_OPEN[1], _STAYS_OPEN[2]
    if " / " in why:                                       # already both: "EN / ES"
        en, es = why.split(" / ", 1)
        return en + en_tail, ("— " if en.startswith("— ") else "") + es + es_tail
    for pattern, es in _ES:
        if pattern.match(why):
            return why + en_tail, pattern.sub(es, why) + es_tail
    return why + en_tail, why + es_tail


def row_problem(tab: str, number: int | None, row_id: str | None, header: str, what: tuple[str, str]) -> str:
    """'{tab} row 2 (C-000001): {header} {what} / {tab} fila 2 (C-000001): {header} {qué}'."""
    at = f"{number} ({row_id})" if number and row_id else f"{row_id or number}"
    return f"{tab} row {at}: {header} {what[0]} / {tab} fila {at}: {header} {what[1]}"
