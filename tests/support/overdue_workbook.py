"""A workbook for the overdue job's integration, fault and benchmark runs, seeded through the real clients.

Tabs and headers come from sheets_schema/workbook.yaml; rows are written the way staff type them
(USER_ENTERED, dates as M/D/YYYY) in one values.batchUpdate per tab, with IDs already assigned.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from turfbook.config import Config
from turfbook.schema.loader import load_schema
from turfbook.workspace import Workspace, a1, retry
from turfbook.workspace.sheets import CellWrite, Sheets

TODAY = dt.date(2026, 11, 23)


@cache
def shipped_schema():
    """The shipped schema, parsed once per process: it is a frozen value, and a parse (pure-Python
    YAML, ~0.3-0.8 s) per seeded row or per read made the state machine's examples minutes long."""
    return load_schema()


def with_spreadsheet(config: Config, spreadsheet_id: str) -> Config:
    return config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})


def fast_workspace(config: Config) -> Workspace:
    """A workspace whose retries wait milliseconds, not seconds."""
    return Workspace(config, policy=retry.Policy(base=0.01, cap=0.05))


def headers(tab: str) -> list[str]:
    return [c.header for c in shipped_schema().tab(tab).columns]


def keys(tab: str) -> list[str]:
    return [c.key for c in shipped_schema().tab(tab).columns]


def staff_keys(tab: str) -> list[str]:
    return [c.key for c in shipped_schema().tab(tab).columns if not c.service]


def typed(value: Any) -> Any:
    if isinstance(value, dt.date):
        return f"{value.month}/{value.day}/{value.year}"
    return "" if value is None else value


def row(tab: str, **values: Any) -> list[Any]:
    unknown = set(values) - set(keys(tab))
    assert not unknown, unknown
    return [typed(values.get(k)) for k in keys(tab)]


def create_workbook(config: Config, people: list[list[Any]], conversations: list[list[Any]],
                    settings: dict[str, Any] | None = None, *, input_option: str = "USER_ENTERED",
                    chunk: int = 20_000) -> Config:
    """A new workbook made by `sheets init` (every tab, headers, protection, formats), then the
    rows; returns the config pointing at it. Rows go in one values.batchUpdate, or one per `chunk`
    rows for big seeds (Sheets takes at most 10 MB a request)."""
    from turfbook.schema.init import run_init
    from turfbook.workspace.drive import Drive

    workspace = Workspace(config)
    schema = shipped_schema()
    Drive(workspace).shared_drive(create=True)     # the admin's step: the shared drive exists
    spreadsheet_id = run_init(workspace, schema, None, title="Turfbook overdue test").spreadsheet_id
    sheets = workspace.sheets(spreadsheet_id)
    sheets.batch_update([{"appendDimension": {"sheetId": sid, "dimension": "ROWS", "length": n}}
                         for sid, n in _sizes(sheets, {"People": len(people), "Conversations": len(conversations)})])
    merged = {**schema.tab("Settings").defaults, **(settings or {})}
    writes = [CellWrite(f"{a1.quote_sheet('Settings')}!A2", [[k, v] for k, v in merged.items()])]
    pending = [("People", i, people[i:i + chunk]) for i in range(0, len(people), chunk)]
    pending += [("Conversations", i, conversations[i:i + chunk]) for i in range(0, len(conversations), chunk)]
    for tab, start, rows in pending:
        if writes and sum(len(w.values) for w in writes) + len(rows) > chunk:
            sheets.write(writes, input_option=input_option)
            writes = []
        writes.append(CellWrite(f"{a1.quote_sheet(tab)}!A{start + 2}", rows))
    sheets.write(writes, input_option=input_option)
    return with_spreadsheet(config, spreadsheet_id)


def _sizes(sheets: Sheets, wanted: dict[str, int]) -> list[tuple[int, int]]:
    meta = sheets.metadata("sheets.properties(sheetId,title,gridProperties)")
    out = []
    for sheet in meta["sheets"]:
        props = sheet["properties"]
        need = wanted.get(props["title"], 0) + 1 - props.get("gridProperties", {}).get("rowCount", 1000)
        if need > 0:
            out.append((props["sheetId"], need + 10))
    return out


def table(config: Config, tab: str) -> dict[str, dict[str, Any]]:
    """Every row of a tab by ID: {id: {key: cell as displayed}}."""
    sheets = Workspace(config).sheets()
    [values] = sheets.read([a1.whole_sheet(tab)], render="FORMATTED_VALUE")
    header = values[0]
    index = {c.key: header.index(c.header) for c in shipped_schema().tab(tab).columns if c.header in header}
    out = {}
    for cells in values[1:]:
        cells = cells + [""] * (len(header) - len(cells))
        out[cells[index["id"]] or f"(row {len(out) + 2})"] = {k: cells[i] for k, i in index.items()}
    return out


# The overdue tests' small world: three people, nine conversations, and what the job must say.
def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


PEOPLE = [row("People", id="P-000001", name="Maria Lopez", organizer="Ana"),
          row("People", id="P-000002", name="Dana Smith", organizer="Bea"),
          row("People", id="P-000003", name="Luis Ortiz", organizer="Ana")]


def conversations() -> list[list]:
    """Eight conversations, dates deliberately out of order so a sort really moves rows."""
    return [
        row("Conversations", id="C-000001", date=days(-20), person="Maria Lopez", organizer="Ana",
            kind="one-on-one", follow_up_due=days(-5), notes="heat broken"),
        row("Conversations", id="C-000002", date=days(-2), person="P-000002", organizer="Bea",
            kind="house visit", follow_up_due=days(0)),
        row("Conversations", id="C-000003", date=days(-15), person="Luis Ortiz", organizer="Ana",
            kind="phone bank", follow_up_due=days(2)),
        row("Conversations", id="C-000004", date=days(-30), person="Dana Smith", organizer="Bea",
            follow_up_due=days(-25), follow_up_done=days(-24)),
        row("Conversations", id="C-000005", date=days(-9), person="P-000003", organizer="Ana",
            follow_up_due=days(-1)),
        row("Conversations", id="C-000006", date=days(-40), person="Luis Ortiz", organizer="Cy",
            follow_up_due=days(-35)),
        row("Conversations", id="C-000007", date=days(-1), person="Nobody Known", organizer="Cy",
            follow_up_due=days(-1)),
        row("Conversations", id="C-000008", date=days(-12), person="Maria Lopez", organizer="Bea",
            follow_up_due="next week"),
        row("Conversations", id="C-000009", date=days(-20), person="Luis Ortiz", organizer="Cy",
            kind="canvass/door knock"),                    # no follow-up of its own: closes C-000006
    ]


EXPECTED = {"C-000001": "OVERDUE 5d", "C-000002": "due today", "C-000003": "due in 2d", "C-000004": "done",
            "C-000005": "OVERDUE 1d", "C-000006": "done", "C-000007": "OVERDUE 1d",
            "C-000008": "problem: follow-up due is not a date", "C-000009": ""}
