"""Find each schema column in a tab's header row: by name, never by position.

Headers match case-, space- and accent-insensitively. A header that matches nothing while a
schema column is missing is taken to be that column *renamed by staff* when the evidence is
good: the names are near-identical (a typo), or the column's data parses as the missing
column's distinctive type and no other pairing is possible. Renames are reported, never undone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from turfbook.schema.loader import Column, Tab
from turfbook.schema.text import fold, header_key, short

DISTINCTIVE = {"date", "datetime", "email", "phone", "int", "bool", "enum", "id"}


@dataclass
class ColumnMatch:
    columns: dict[str, int] = field(default_factory=dict)      # key -> 0-based index
    renamed: dict[str, int] = field(default_factory=dict)      # key -> index of a header staff renamed
    unknown: list[int] = field(default_factory=list)           # staff's own extra columns
    missing: list[str] = field(default_factory=list)           # schema keys not in the sheet
    duplicates: list[tuple[str, int]] = field(default_factory=list)  # (key, index of the ignored twin)
    blank_with_data: list[int] = field(default_factory=list)   # data under a blank (or merged) header
    width: int = 0                                              # header cells used, incl. trailing blanks
    headers: list[str] = field(default_factory=list)           # header cells as text


def header_text(cell: object) -> str:
    return "" if cell is None else str(cell).strip()


def match_columns(tab: Tab, header: list, sample: list[list] | None = None) -> ColumnMatch:
    sample = sample or []
    names = {name: col.key for col in tab.columns for name in col.names()}
    match = ColumnMatch(width=len(header), headers=[header_text(h) for h in header])
    for index, cell in enumerate(header):
        text = header_text(cell)
        if not text:
            if any(index < len(row) and row[index] not in ("", None) for row in sample):
                match.blank_with_data.append(index)
            continue
        key = names.get(header_key(text))
        if key is None:
            match.unknown.append(index)
        elif key in match.columns:
            match.duplicates.append((key, index))
        else:
            match.columns[key] = index
    match.missing = [c.key for c in tab.columns if c.key not in match.columns]
    _detect_renames(tab, header, sample, match)
    return match


def _detect_renames(tab: Tab, header: list, sample: list[list], match: ColumnMatch) -> None:
    if not match.missing or not match.unknown:
        return
    from difflib import SequenceMatcher  # only when a column is missing, not on every job's read

    columns = {i: [r[i] for r in sample if i < len(r) and r[i] not in ("", None)] for i in match.unknown}
    pairs: list[tuple[float, str, int]] = []
    fitting: dict[str, list[int]] = {}
    for key in match.missing:
        col = tab.column(key)
        for index in match.unknown:
            similarity = SequenceMatcher(None, fold(header_text(header[index])), fold(col.header)).ratio()
            fit = _fit(col, columns[index])
            if similarity >= 0.8 and (fit is None or fit >= 0.5):
                pairs.append((2 + similarity, key, index))       # a typo such as "Folow-up due"
            elif fit is not None and fit >= 0.9 and len(columns[index]) >= 2:
                fitting.setdefault(key, []).append(index)
    for key, indexes in fitting.items():                         # renamed, and only this data looks like it
        others = [k for k, found in fitting.items() if k != key and set(found) & set(indexes)]
        if len(indexes) == 1 and not others:
            pairs.append((1.0, key, indexes[0]))
    for _, key, index in sorted(pairs, key=lambda p: -p[0]):
        if key in match.columns or index in match.renamed.values():
            continue
        match.columns[key] = index
        match.renamed[key] = index
    match.missing = [k for k in match.missing if k not in match.columns]
    match.unknown = [i for i in match.unknown if i not in match.renamed.values()]


def _fit(col: Column, values: list) -> float | None:
    if col.type not in DISTINCTIVE or not values:
        return None
    return sum(1 for v in values if fits(col, v)) / len(values)


def fits(col: Column, value: object) -> bool:
    """Whether a sample value looks like this column's type (for rename detection only)."""
    from turfbook.schema.cells import parse_value

    try:
        parse_value(col, value)
    except ValueError:
        return False
    return True


def describe_rename(tab: Tab, key: str, header: str) -> str:
    return (f"{tab.name}: column '{short(header)}' looks like '{tab.column(key).header}' renamed; "
            f"Turfbook reads it as {tab.column(key).header} and will not add another")
