"""Emulator recalculation cost of the service-tab lookup formulas (docs/write-path.md).

    python -m bench.write_path [ROWS]

Builds a Conversations tab of ROWS shuffled IDs and a sorted service tab, installs the two header
formulas the overdue job relies on, and times: the first recalculation, a one-cell staff write
(unspill + write + recalc), and a formatted read of the tab; then checks no value is misplaced.
A proxy for the emulator's own speed, not Google's.
"""

from __future__ import annotations

import random
import sys
import time

from turfbook.schema.service_tabs import header_formula, title_of
from turfbook_emulator.sheets import a1, new_book, requests, values


def main(n: int = 100_000) -> dict[str, float]:
    book = new_book("bench")
    sheet = book.sheets[0]
    service = title_of("Conversations")
    book, _ = requests.apply(book, [
        {"updateSheetProperties": {"properties": {"sheetId": sheet.sheet_id, "title": "Conversations",
                                                  "gridProperties": {"rowCount": n + 1, "columnCount": 10}},
                                   "fields": "title,gridProperties"}},
        {"addSheet": {"properties": {"title": service, "gridProperties": {"rowCount": n + 1, "columnCount": 3}}}}])
    staff, table = book.sheet_by_title("Conversations"), book.sheet_by_title(service)
    ids = [f"C-{i:06d}" for i in range(1, n + 1)]
    shuffled = ids[:]
    random.Random(1).shuffle(shuffled)
    values.write(book, staff, a1.parse_cells("A1"), [["ID", "Notes"]] + [[i, "note"] for i in shuffled], "RAW")
    want = {i: "OVERDUE 3d" if k % 7 == 0 else "done" for k, i in enumerate(ids)}
    values.write(book, table, a1.parse_cells("A1"), [["ID", "Status", "Flagged at"]] +
                 [[i, want[i], 46000] for i in ids], "RAW")
    values.write(book, staff, a1.parse_cells("C1"), [[header_formula("Status", 0, "Conversations", "status"),
                                                      header_formula("Flagged at", 0, "Conversations", "flagged_at")]],
                 "USER_ENTERED")
    out = {}
    t = time.perf_counter()
    values.recalc(book)
    out["recalc_s"] = time.perf_counter() - t
    t = time.perf_counter()
    values.unspill(book)
    values.write(book, staff, a1.parse_cells("B5"), [["typed"]], "RAW")
    values.recalc(book)
    out["staff_write_s"] = time.perf_counter() - t
    t = time.perf_counter()
    shown = values.read(staff, a1.parse_cells("A1:D"), "FORMATTED_VALUE")["values"]
    out["read_s"] = time.perf_counter() - t
    out["misplaced"] = sum(1 for row in shown[1:] if want[row[0]] != row[2])
    return out


if __name__ == "__main__":
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for key, value in main(rows).items():
        print(f"{key}: {value:.2f}" if isinstance(value, float) else f"{key}: {value}")
