"""Sheets' series fill for autoFill: what the cells past a source line hold, as plain functions.

A source line is the cells of one column (filling rows) or one row (filling columns), in fill
order. Sheets' rules: numbers and dates follow a linear trend fitted to the source (one number is
copied, one date counts on by a day); text ending in a number counts on (one "Item 1" gives
"Item 2", "Item 3"; "Item 2", "Item 4" steps by 2); any other text, formulas and mixed lines repeat
the source. useAlternateSeries swaps the choice: a series is copied, a copied single number or
text-with-number counts on by 1.
"""

from __future__ import annotations

import re
from typing import Any

_TRAILING = re.compile(r"^(.*?)(\d+)$", re.DOTALL)

COPY = None  # series() answer meaning "repeat the source cells"


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _fit(ys: list[float]) -> tuple[float, float]:
    """Least-squares (intercept, slope) over positions 0..n-1."""
    n = len(ys)
    mean_x, mean_y = (n - 1) / 2, sum(ys) / n
    var = sum((i - mean_x) ** 2 for i in range(n))
    slope = sum((i - mean_x) * (y - mean_y) for i, y in enumerate(ys)) / var if var else 0.0
    return mean_y - slope * mean_x, slope


def _clean(x: float) -> int | float:
    x = round(x, 10)
    return int(x) if x == int(x) else x


def series(values: list[Any], formulas: list[str | None], dates: list[bool], positions: list[int],
           alternate: bool) -> list[Any] | None:
    """The values at `positions` (source indexes 0..n-1 extended: n, n+1… forward, -1, -2… back),
    or COPY when the source repeats instead."""
    n = len(values)
    if n == 0 or any(formulas):
        return COPY
    if all(_number(v) for v in values):
        counts = (n >= 2 or all(dates)) != alternate
        if not counts:
            return COPY
        if n == 1:
            return [_clean(values[0] + p) for p in positions]
        a, b = _fit([float(v) for v in values])
        return [_clean(a + b * p) for p in positions]
    parts = [_TRAILING.match(v) if isinstance(v, str) else None for v in values]
    if all(parts) and len({m.group(1) for m in parts}) == 1:
        if alternate:
            return COPY
        last = parts[-1].group(2)
        prefix, width = parts[0].group(1), len(last) if last.startswith("0") else 1
        numbers = [int(m.group(2)) for m in parts]
        if n == 1:
            found = [numbers[0] + p for p in positions]
        else:
            a, b = _fit([float(x) for x in numbers])
            found = [round(a + b * p) for p in positions]
        return [f"{prefix}{abs(x):0{width}d}" for x in found]
    return COPY
