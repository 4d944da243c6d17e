"""A name that several rows of the other tab have (a reference the schema layer cannot resolve): ONE problem per
column and name, naming its rows, worded for a team that types names (a21j 5), not one per row."""

from __future__ import annotations

import re
from typing import Any

from turfbook.schema.model import Problem

AMBIGUOUS = "rows in"             # cells.make_ref_matcher's "matches 2 rows in People; use the ID instead"
_MATCHES = re.compile(r"matches (\d+) rows in (.+?); use the ID instead")
SHOWN = 6                         # rows named in the problem, then "…"


def one_per_name(column: Any, group: list[int], ids: list, numbers: list[int], cells: list, error: str,
                 job: str) -> Problem:
    """The problem of the rows `group` (indices) whose cells hold one name that matches several rows; `column`:
    rows._Column (its tab, header and quote), `error`: the first row's CellError text."""
    found = _MATCHES.search(error)
    many, what = found.groups() if found else ("2", "People")
    first, one = group[0], len(group) == 1
    labels = [f"{numbers[i]} ({ids[i]})" if ids[i] and numbers[i] else str(ids[i] or numbers[i])   # a21p 11
              for i in group[:SHOWN]] + (["…"] if len(group) > SHOWN else [])
    rows_en = f"{'row' if one else 'rows'} {', '.join(labels)}"
    rows_es = f"{'fila' if one else 'filas'} {', '.join(labels)}"
    text = column.quote(cells[first])
    en = (f"{column.tab} {rows_en}: {column.header} '{text}' matches {many} rows in {what}, so Turfbook cannot "
          f"tell which one is meant: add something that tells them apart to their names in {what} and here, "
          f"e.g. '{text} (Elm St)', or type the ID")
    es = (f"{column.tab} {rows_es}: {column.header} '{text}' coincide con {many} filas en {what}, así que Turfbook "
          f"no sabe a cuál se refiere: añada algo que las distinga a sus nombres en {what} y aquí, p. ej. "
          f"'{text} (calle Elm)', o escriba el ID")
    return Problem(job, column.tab, ids[first] if one else None, column.header, f"{en} / {es}", "unknown_reference",
                   numbers[first] if one else None)
