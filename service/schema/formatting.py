"""The spreadsheets.batchUpdate requests that give a tab its shape: validation, notes, formats,
protection and conditional formats. Pure functions of the schema and column positions.
"""

from __future__ import annotations

from service.schema.loader import Column, Tab, VocabRef
from service.workspace import a1

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
    return {"sheetId": sheet_id, "startRowIndex": first_row, "startColumnIndex": index, "endColumnIndex": index + 1}


def header_cell(sheet_id: int, col: Column, index: int) -> dict:
    colour = SERVICE_HEADER if col.service else STAFF_HEADER
    return {"updateCells": {
        "range": {"sheetId": sheet_id, "startRowIndex": 0, "endRowIndex": 1,
                  "startColumnIndex": index, "endColumnIndex": index + 1},
        "rows": [{"values": [{"note": col.note,
                              "userEnteredFormat": {"textFormat": {"bold": True}, "backgroundColor": colour}}]}],
        "fields": "note,userEnteredFormat.textFormat.bold,userEnteredFormat.backgroundColor"}}


def validation_rule(col: Column, vocab_ranges: dict[tuple[str, str], str]) -> dict | None:
    """The data validation for a staff column, or None. Never strict: Turfbook warns, staff decide."""
    if col.service:
        return None
    condition = None
    if col.type == "bool":
        condition = {"type": "BOOLEAN"}
    elif col.type in {"date", "datetime"}:
        condition = {"type": "DATE_IS_VALID"}
    elif col.type == "email":
        condition = {"type": "TEXT_IS_EMAIL"}
    elif col.type == "int" and col.min is not None and col.max is not None:
        condition = {"type": "NUMBER_BETWEEN", "values": [{"userEnteredValue": str(col.min)},
                                                          {"userEnteredValue": str(col.max)}]}
    elif col.type == "int" and col.min is not None:
        condition = {"type": "NUMBER_GREATER_THAN_EQ", "values": [{"userEnteredValue": str(col.min)}]}
    elif not col.dropdown:
        return None
    elif col.type in {"enum", "ref"} and isinstance(col.vocabulary, tuple):
        condition = {"type": "ONE_OF_LIST", "values": [{"userEnteredValue": v} for v in col.vocabulary]}
    elif col.type in {"enum", "ref"} and isinstance(col.vocabulary, VocabRef):
        source = vocab_ranges.get((col.vocabulary.tab, col.vocabulary.column))
        if source:
            condition = {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": source}]}
    if condition is None:
        return None
    rule = {"condition": condition, "strict": False, "inputMessage": col.note_en}
    if condition["type"] in {"ONE_OF_LIST", "ONE_OF_RANGE"}:
        rule["showCustomUi"] = True
    return rule


def vocab_range(tab: str, index: int) -> str:
    letter = a1.column_letter(index)
    return f"={a1.quote_sheet(tab)}!${letter}$2:${letter}"


def column_requests(sheet_id: int, col: Column, index: int, vocab_ranges: dict) -> list[dict]:
    """Note, header look, validation and number format of one column."""
    requests = [header_cell(sheet_id, col, index)]
    rule = validation_rule(col, vocab_ranges)
    if rule:
        requests.append({"setDataValidation": {"range": column_range(sheet_id, index), "rule": rule}})
    number_format = DATE_FORMAT if col.type == "date" else DATETIME_FORMAT if col.type == "datetime" else None
    if number_format:
        requests.append({"repeatCell": {"range": column_range(sheet_id, index),
                                        "cell": {"userEnteredFormat": {"numberFormat": number_format}},
                                        "fields": "userEnteredFormat.numberFormat"}})
    return requests


def width_request(sheet_id: int, col: Column, index: int) -> dict:
    width = col.width or DEFAULT_WIDTHS.get(col.type, 150)
    return {"updateDimensionProperties": {
        "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": index, "endIndex": index + 1},
        "properties": {"pixelSize": width}, "fields": "pixelSize"}}


def protected_ranges(sheet_id: int, tab: Tab, positions: dict[str, int]) -> list[dict]:
    """Warning-only protection over each run of adjacent service columns (or the whole tab when
    Turfbook owns it)."""
    if tab.owner == "service":
        return [{"range": {"sheetId": sheet_id}, "description": f"{PROTECT_PREFIX}{tab.name} is written by Turfbook",
                 "warningOnly": True}]
    owner_at = {i: c for c in tab.columns if c.key in positions for i in [positions[c.key]]}
    runs: list[list] = []
    for index in sorted(owner_at):
        if not owner_at[index].service:
            continue
        if runs and runs[-1][-1][0] == index - 1:
            runs[-1].append((index, owner_at[index]))
        else:
            runs.append([(index, owner_at[index])])
    return [{"range": {"sheetId": sheet_id, "startColumnIndex": run[0][0], "endColumnIndex": run[-1][0] + 1},
             "description": f"{PROTECT_PREFIX}{', '.join(c.header for _, c in run)} "
                            f"{'is' if len(run) == 1 else 'are'} written by Turfbook", "warningOnly": True}
            for run in runs]


def status_rules(sheet_id: int, index: int) -> list[dict]:
    """OVERDUE red, due today amber, on the status column."""
    cell = f"{a1.column_letter(index)}2"
    rng = [column_range(sheet_id, index)]
    return [
        {"ranges": rng, "booleanRule": {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": f'=LEFT({cell},7)="OVERDUE"'}]},
            "format": {"backgroundColor": STATUS_RED, "textFormat": {"bold": True}}}},
        {"ranges": rng, "booleanRule": {
            "condition": {"type": "CUSTOM_FORMULA", "values": [{"userEnteredValue": f'={cell}="due today"'}]},
            "format": {"backgroundColor": STATUS_AMBER}}},
    ]


def is_ours(rule: dict) -> bool:
    values = rule.get("booleanRule", {}).get("condition", {}).get("values", [])
    text = " ".join(str(v.get("userEnteredValue", "")) for v in values)
    return '"OVERDUE"' in text or '"due today"' in text


def range_key(rng: dict) -> tuple:
    return tuple(rng.get(k) for k in ("sheetId", "startRowIndex", "endRowIndex", "startColumnIndex",
                                      "endColumnIndex"))


def rule_key(rule: dict) -> tuple:
    values = rule.get("booleanRule", {}).get("condition", {}).get("values", [])
    return (tuple(range_key(r) for r in rule.get("ranges", [])),
            tuple(str(v.get("userEnteredValue", "")) for v in values))


def protection_key(protected: dict) -> tuple:
    return (protected.get("description", ""), range_key(protected.get("range", {})),
            bool(protected.get("warningOnly", False)))
