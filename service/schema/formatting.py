"""The spreadsheets.batchUpdate requests that give a tab its shape: validation, notes, formats,
protection and conditional formats. Pure functions of the schema and column positions.
"""

from __future__ import annotations

from turfbook.schema.loader import Column, Tab, VocabRef
from turfbook.workspace import a1
from turfbook.workspace.sheet_requests import (
    cell,
    column_width,
    condition,
    conditional_rule,
    data_validation_rule,
    grid_range,
    protected_range,
    repeat_cell,
    row,
    set_validation,
    update_cells,
)

STATUS_RED = {"red": 0.96, "green": 0.78, "blue": 0.76}
STATUS_AMBER = {"red": 1.0, "green": 0.90, "blue": 0.60}
STAFF_HEADER = {"red": 0.85, "green": 0.92, "blue": 0.98}
SERVICE_HEADER = {"red": 0.90, "green": 0.90, "blue": 0.90}
DATE_FORMAT = {"type": "DATE", "pattern": "yyyy-mm-dd"}
DATETIME_FORMAT = {"type": "DATE_TIME", "pattern": "yyyy-mm-dd hh:mm"}
PROTECT_PREFIX = "Turfbook: "
DEFAULT_WIDTHS = {"date": 100, "datetime": 140, "bool": 80, "int": 90, "id": 90}


def column_range(sheet_id: int, index: int, first_row: int = 1) -> dict:
    """Rows from `first_row` (0-based; 1 = below the header) to the end, one column."""
    return grid_range(sheet_id, first_row, None, index, index + 1)


def header_cell(sheet_id: int, col: Column, index: int) -> dict:
    colour = SERVICE_HEADER if col.service else STAFF_HEADER
    return update_cells(grid_range(sheet_id, 0, 1, index, index + 1),
                        [row([cell(note=col.note,
                                   user_format={"textFormat": {"bold": True}, "backgroundColor": colour})])],
                        "note,userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor")


def validation_rule(col: Column, vocab_ranges: dict[tuple[str, str], str]) -> dict | None:
    """The data validation for a staff column, or None. Never strict: Turfbook warns, staff decide."""
    if col.service:
        return None
    cond = None
    if col.type == "bool":
        cond = condition("BOOLEAN")
    elif col.type in {"date", "datetime"}:
        cond = condition("DATE_IS_VALID")
    elif col.type == "email":
        cond = condition("TEXT_IS_EMAIL")
    elif col.type == "int" and col.min is not None and col.max is not None:
        cond = condition("NUMBER_BETWEEN", str(col.min), str(col.max))
    elif col.type == "int" and col.min is not None:
        cond = condition("NUMBER_GREATER_THAN_EQ", str(col.min))
    elif not col.dropdown:
        return None
    elif col.type in {"enum", "ref"} and isinstance(col.vocabulary, tuple):
        cond = condition("ONE_OF_LIST", *col.vocabulary)
    elif col.type in {"enum", "ref"} and isinstance(col.vocabulary, VocabRef):
        source = vocab_ranges.get((col.vocabulary.tab, col.vocabulary.column))
        if source:
            cond = condition("ONE_OF_RANGE", source)
    if cond is None:
        return None
    return data_validation_rule(cond, input_message=col.note_en,
                                custom_ui=cond["type"] in {"ONE_OF_LIST", "ONE_OF_RANGE"})


def vocab_range(tab: str, index: int) -> str:
    letter = a1.column_letter(index)
    return f"={a1.quote_sheet(tab)}!${letter}$2:${letter}"


def column_requests(sheet_id: int, col: Column, index: int, vocab_ranges: dict) -> list[dict]:
    """Note, header look, validation and number format of one column."""
    requests = [header_cell(sheet_id, col, index)]
    rule = validation_rule(col, vocab_ranges)
    if rule:
        requests.append(set_validation(column_range(sheet_id, index), rule))
    number_format = DATE_FORMAT if col.type == "date" else DATETIME_FORMAT if col.type == "datetime" else None
    if number_format:
        requests.append(repeat_cell(column_range(sheet_id, index), {"numberFormat": number_format},
                                    "userEnteredFormat.numberFormat"))
    return requests


def width_request(sheet_id: int, col: Column, index: int) -> dict:
    width = col.width or DEFAULT_WIDTHS.get(col.type, 150)
    return column_width(sheet_id, index, width)


def protected_ranges(sheet_id: int, tab: Tab, positions: dict[str, int]) -> list[dict]:
    """Warning-only protection over each run of adjacent service columns (or the whole tab when
    Turfbook owns it)."""
    if tab.owner == "service":
        return [protected_range(grid_range(sheet_id), f"{PROTECT_PREFIX}{tab.name} is written by Turfbook")]
    owner_at = {i: c for c in tab.columns if c.key in positions for i in [positions[c.key]]}
    runs: list[list] = []
    for index in sorted(owner_at):
        if not owner_at[index].service:
            continue
        if runs and runs[-1][-1][0] == index - 1:
            runs[-1].append((index, owner_at[index]))
        else:
            runs.append([(index, owner_at[index])])
    return [protected_range(grid_range(sheet_id, None, None, run[0][0], run[-1][0] + 1),
                            f"{PROTECT_PREFIX}{', '.join(c.header for _, c in run)} "
                            f"{'is' if len(run) == 1 else 'are'} written by Turfbook")
            for run in runs]


def status_rules(sheet_id: int, index: int) -> list[dict]:
    """OVERDUE red, due today amber, on the status column."""
    ref = f"{a1.column_letter(index)}2"
    rng = [column_range(sheet_id, index)]
    return [
        conditional_rule(rng, condition("CUSTOM_FORMULA", f'=LEFT({ref},7)="OVERDUE"'),
                         {"backgroundColor": STATUS_RED, "textFormat": {"bold": True}}),
        conditional_rule(rng, condition("CUSTOM_FORMULA", f'={ref}="due today"'), {"backgroundColor": STATUS_AMBER}),
    ]


def is_ours(rule: dict) -> bool:
    values = rule.get("booleanRule", {}).get("condition", {}).get("values", [])
    text = " ".join(str(v.get("userEnteredValue", "")) for v in values)
    return '"OVERDUE"' in text or '"due today"' in text


def range_key(rng: dict) -> tuple:
    """A GridRange's identity; Google leaves `sheetId` out when it is 0 (protobuf JSON), so absent is 0."""
    return (rng.get("sheetId", 0),) + tuple(rng.get(k) for k in ("startRowIndex", "endRowIndex",
                                                                 "startColumnIndex", "endColumnIndex"))


def rule_key(rule: dict) -> tuple:
    values = rule.get("booleanRule", {}).get("condition", {}).get("values", [])
    return (tuple(range_key(r) for r in rule.get("ranges", [])),
            tuple(str(v.get("userEnteredValue", "")) for v in values))


def protection_key(protected: dict) -> tuple:
    return (protected.get("description", ""), range_key(protected.get("range", {})),
            bool(protected.get("warningOnly", False)))
