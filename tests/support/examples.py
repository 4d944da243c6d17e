"""How many examples a costly hypothesis property runs (each example builds and plans a whole workbook).

`make test` runs a quarter of the full count (at least 25): the same property, the same strategies, a new
random draw every run. `make test-slow` sets TURFBOOK_FULL_EXAMPLES=1 and runs the full count. Cheap
properties keep their own fixed count and do not use this."""

from __future__ import annotations

import os

FULL = os.environ.get("TURFBOOK_FULL_EXAMPLES", "") not in ("", "0")


def examples(full: int) -> int:
    """`full` under make test-slow, a quarter of it (at least 25, at most `full`) under make test."""
    return full if FULL else min(full, max(25, full // 4))
