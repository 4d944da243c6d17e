"""Which header is which column when the names alone cannot say: by the column's values. Pure, no I/O.

Two of a team's headers may both be names of one column ("Next step" notes beside "F/U date" dates;
"Seguimiento" notes beside "Fecha de seguimiento"), and a header may be only spelled like ours ("Dues" is
not "Due"). header_match names the candidates; `settle` decides, for the header row adopt found:

1. A date column matched by spelling only (fuzzy) whose values are mostly not dates is not that column:
   left alone, shown as such ("its values are not dates").
2. Of several headers naming one column, the one whose values fit (for a date column: mostly dates, as
   cell_dates.looks_like_date reads them), then the surer match, then the stronger name (our header, then
   the aliases in workbook.yaml's order: "F/U date" before "Next step"), then the leftmost. When the values
   did not tell them apart (both dates, both empty, or not a date column) and their names differ, the pick
   is shown as unsure ("unsure", never "sure 100%") with the other header named; the others are kept as
   the team's own columns, each saying which header Turfbook reads instead.
The same header twice ("Notes", "Notes") is compared by position, the leftmost read, as before.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from turfbook.schema.cell_dates import looks_like_date
from turfbook.schema.header_match import Match, alias_rank, match_cells
from turfbook.schema.loader import Tab
from turfbook.schema.text import header_key
from turfbook.workspace import a1

DATES = {"date", "datetime"}
MOSTLY = 0.5                   # more than half of a column's non-blank cells
UNSURE = 0.5                   # the score an unsure pick is shown with


def date_share(cells: list[Any], locale: str = "en_US") -> float | None:
    """The share of non-blank cells that read as dates; None when the column has no value."""
    filled = [c for c in cells if c not in ("", None) and not (isinstance(c, str) and not c.strip())]
    if not filled:
        return None
    return sum(1 for c in filled if looks_like_date(c, locale)) / len(filled)


def settle(tab: Tab, texts: list[str], body: list[list[Any]],
           locale: str = "en_US") -> tuple[list[Match], dict[int, str]]:
    """One Match per header cell, each schema column on one cell at most, and notes for the report:
    {column index: "not_dates" | "unsure:<other letter>" | "lost:<letter read instead>"}."""
    found = match_cells(tab, texts)
    notes: dict[int, str] = {}

    def values(i: int) -> list[Any]:
        return [r[i] for r in body if i < len(r)]

    shares: dict[int, float | None] = {}
    for i, m in enumerate(found):
        if m.key and tab.column(m.key).type in DATES:
            shares[i] = date_share(values(i), locale)
            if m.how == "fuzzy" and shares[i] is not None and shares[i] <= MOSTLY:
                found[i] = Match(m.text, None, "not_dates", 0.0)
                notes[i] = "not_dates"
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(found):
        if m.key:
            by_key[m.key].append(i)
    result = list(found)
    for key, cells in by_key.items():
        if len(cells) < 2:
            continue
        dated = tab.column(key).type in DATES

        def fits(i: int, dated: bool = dated) -> int:
            share = shares.get(i)
            return 1 if dated and share is not None and share > MOSTLY else 0

        order = sorted(cells, key=lambda i: (-fits(i), -found[i].score, alias_rank(tab, found[i]), i))
        winner, rival = order[0], order[1]
        told = fits(winner) != fits(rival) or found[winner].score != found[rival].score
        same_name = header_key(found[winner].text) == header_key(found[rival].text)
        if not told and not same_name:                  # "Notes", "Notes": by position (the leftmost), as before
            result[winner] = Match(found[winner].text, key, "unsure", UNSURE)
            notes[winner] = f"unsure:{a1.column_letter(rival)}"
        for i in cells:
            if i != winner:
                result[i] = Match(found[i].text, None, "none", 0.0)
                notes[i] = f"lost:{a1.column_letter(winner)}"
    return result, notes
