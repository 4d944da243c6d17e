"""One function per corpus kind: feed the case's input to the real code and check the clear error.

Each takes (case, folder, request): the parsed case.yaml, its directory (data files), and the pytest
request (emulator-backed kinds ask it for the `config` fixture lazily, so pure kinds stay fast).
"""

from __future__ import annotations

import copy
import hashlib
import re
from datetime import date
from pathlib import Path

import pytest

from tests.corpus import make
from tests.corpus.outcomes import DataLost
from turfbook.yamlfile import load_yaml

HERE = Path(__file__).parent
TODAY = date(2026, 11, 23)


# -- sheet rows ---------------------------------------------------------------------------------
def sheet(case, folder, request):
    from tests.support.schema_workbook import BASE
    from turfbook.schema import load_schema, parse_workbook

    given = case["input"]
    expect = dict(case.get("expect") or {})
    if "schema_case" in given:                   # a case of the schema corpus, reused as it is
        source = load_yaml(HERE / "schema" / given["schema_case"])
        tabs, huge = source["tabs"], source.get("huge")
        old = source["expect"]
        expect = {"tab": old["tab"], "row_id": old["row_id"], "column": old["column"], "error": old["contains"],
                  **expect}
    else:
        tabs, huge = given["tabs"], None
    huge = given.get("huge", huge)
    tabs = {**copy.deepcopy(BASE), **copy.deepcopy(tabs)}
    if huge:
        tabs[huge["tab"]][huge["row"]][huge["column"]] = "x" * huge["length"]
    snapshot = parse_workbook(load_schema(), tabs, today=TODAY)
    messages = [p.message for p in snapshot.problems]
    hits = [p for p in snapshot.problems if expect["error"] in p.message]
    assert hits, f"no problem says {expect['error']!r}: {messages}"
    problem = hits[0]
    assert problem.tab == expect["tab"] and problem.message.startswith(expect["tab"]), problem
    if expect.get("row_id"):
        assert expect["row_id"] in problem.message, problem.message
    if expect.get("column"):
        assert problem.column == expect["column"], problem
    assert {"People", "Conversations", "Worksites", "Issues"} <= set(snapshot.tabs)   # the rest was read
    if given.get("round_trip", True):
        _sheet_round_trip(request.getfixturevalue("config"), tabs, given.get("merge") or [])


_WORKSPACES: dict = {}


def workspace(config):
    """A Workspace for `config`, reusing the API clients built for this emulator (half a second each)."""
    from tests.integration.filing_support import fast
    from turfbook.workspace import connect

    ws = _WORKSPACES.get(config.google.endpoint)
    if ws is None:
        ws = _WORKSPACES[config.google.endpoint] = fast(connect(config))
    ws.config = config
    return ws


def new_workbook(config, tabs: dict | None = None):
    """(config, workspace) for a new spreadsheet with every schema tab, its header row, then `tabs`' rows.

    Like `sheets init` without the formatting, which costs seconds per case and is not under test here.
    """
    from turfbook.schema import load_schema
    from turfbook.workspace import a1
    from turfbook.workspace.sheets import CellWrite, Sheets

    schema = load_schema(config.schema_dir / "workbook.yaml")
    sid = Sheets.create(workspace(config), "corpus", [t.name for t in schema.tabs])
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sid})})
    ws = workspace(config)
    rows = {t.name: [[c.header for c in t.columns]] for t in schema.tabs}
    rows.update(tabs or {})
    ws.sheets().write([CellWrite(f"{a1.quote_sheet(t)}!A1", r) for t, r in rows.items() if r])
    return config, ws


def _sheet_round_trip(config, tabs: dict, merges: list[dict]) -> None:
    """Write the rows into a real workbook, run the schema and overdue jobs, read back: staff cells intact."""
    from turfbook.jobs import overdue
    from turfbook.schema import load_schema
    from turfbook.schema.job import run_schema_job
    from turfbook.workspace import a1

    schema = load_schema(config.schema_dir / "workbook.yaml")
    config, ws = new_workbook(config, tabs)
    sheets = ws.sheets()
    titles = list(tabs)
    if merges:
        ids = {s["properties"]["title"]: s["properties"]["sheetId"] for s in sheets.metadata()["sheets"]}
        sheets.batch_update([{"mergeCells": {"mergeType": "MERGE_ALL", "range": _grid(ids[m["tab"]], m["range"])}}
                             for m in merges])
    run_schema_job(sheets, schema, tz=config.organization.timezone)
    overdue.run(ws, today=TODAY)
    after = sheets.read_tabs(titles)
    service_headers = {t.name: {c.header.casefold() for c in t.columns if c.owner == "service"}
                       for t in schema.tabs}
    for title, rows in tabs.items():
        if not rows:
            continue
        skip = service_headers.get(title, set())
        header = [str(h) for h in rows[0]]
        now = after[title]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if r > 0 and header[c].casefold() in skip:
                    continue
                got = now[r][c] if r < len(now) and c < len(now[r]) else ""
                if _text(got) != _text(value):
                    raise DataLost(f"{title}!{a1.column_letter(c)}{r + 1} was {str(value)[:40]!r}, "
                                   f"now {str(got)[:40]!r}")


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _grid(sheet_id: int, cells: str) -> dict:
    first, _, last = cells.partition(":")
    (c1, r1), (c2, r2) = (re.match(r"([A-Z]+)(\d+)", x).groups() for x in (first, last or first))

    def col(letters: str) -> int:
        return sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(letters))) - 1
    return {"sheetId": sheet_id, "startRowIndex": int(r1) - 1, "endRowIndex": int(r2),
            "startColumnIndex": col(c1), "endColumnIndex": col(c2) + 1}


# -- media in the Drive inbox ---------------------------------------------------------------------
def media(case, folder, request):
    from tests.integration.filing_support import inbox, upload
    from turfbook.jobs import filing
    from turfbook.jobs.filing_verify import media_rows

    given, expect = case["input"], case["expect"]
    config = request.getfixturevalue("config")
    if given.get("rules"):                      # a hostile drive_rules/filing.yaml next to the case
        config = config.model_copy(update={"rules_dir": folder})
    config, ws = new_workbook(config, _vocabulary_tabs())
    _, inbox_id = inbox(ws)
    if given.get("count"):
        uploaded = make.many_inbox_files(ws, inbox_id, given["count"])
    else:
        data = (folder / given["file"]).read_bytes() if "file" in given else make.media(given["make"])
        file_id = upload(ws, inbox_id, given["name"], data, given.get("mime", "image/jpeg"),
                         **(given.get("properties") or {}))
        uploaded = {file_id: hashlib.md5(data).hexdigest()}  # noqa: S324 - Drive's checksum
    result = filing.run(ws)
    assert result.ok, result.summary
    rows = {r["drive_file_id"]: r for r in media_rows(ws)}
    for file_id in list(uploaded)[: 1 if given.get("count") else None]:
        row = rows.get(file_id)
        assert row, f"no Media row for the file ({len(rows)} rows)"
        assert row["status"] == expect["status"], row
        if expect.get("reason"):
            assert expect["reason"] in row["reason"], row["reason"]
        if expect.get("filed_name"):
            assert re.fullmatch(expect["filed_name"], row["filed_name"]), row["filed_name"]
        if expect.get("folder"):
            folder_expected = expect["folder"].replace("{upload_month}", _upload_month(ws, file_id, config.tz))
            assert row["folder"] == folder_expected, row["folder"]
        if expect.get("original_name"):
            assert row["original_name"] == expect["original_name"], row["original_name"]
    if given.get("count"):
        assert len(rows) == given["count"], f"{len(rows)} Media rows for {given['count']} files"
    _files_still_there(ws, uploaded)


def _upload_month(ws, file_id: str, tz) -> str:
    """YYYY-MM of the file's upload (Drive's createdTime) in the org timezone: what filing uses when a
    file carries no capture date."""
    from turfbook.jobs.filing_drive import FilingDrive
    from turfbook.media.capture import parse_rfc3339

    created = FilingDrive.open(ws).get_many([file_id])[file_id]["createdTime"]
    return f"{parse_rfc3339(created, tz):%Y-%m}"


def _vocabulary_tabs() -> dict:
    """Worksites and Issues rows (as the filing integration tests have them), under the schema's headers."""
    from tests.integration.filing_support import WORKSITES
    from turfbook.schema import load_schema

    schema = load_schema()
    out = {}
    for title, rows, keys in (("Worksites", WORKSITES, ("id", "name", "kind", "city")),
                              ("Issues", [("I-0001", "Broken heat"), ("I-0002", "Mould")], ("id", "name"))):
        columns = schema.tab(title).columns
        header = [c.header for c in columns]
        lines = [header]
        for values in rows:
            line = [""] * len(header)
            for key, value in zip(keys, values, strict=False):
                line[[c.key for c in columns].index(key)] = value
            lines.append(line)
        out[title] = lines
    return out


def _files_still_there(ws, uploaded: dict[str, str]) -> None:
    from turfbook.jobs.filing_drive import FilingDrive

    state = FilingDrive.open(ws).get_many(list(uploaded))
    for file_id, md5 in uploaded.items():
        found = state.get(file_id)
        if not found or found.get("trashed"):
            raise DataLost(f"file {file_id} is gone from Drive")
        if found.get("md5Checksum", md5) != md5:
            raise DataLost(f"file {file_id} changed: md5 {found.get('md5Checksum')} != {md5}")


# -- config.yaml, filing.yaml, workbook.yaml ------------------------------------------------------
def config(case, folder, request):
    from turfbook.cli import main
    from turfbook.config import ConfigError, load, secret

    given, expect = case["input"], case["expect"]
    environ = {k: str(v).replace("{folder}", str(folder)) for k, v in (given.get("environ") or {}).items()}
    path = folder / given.get("file", "config.yaml")
    with pytest.raises(ConfigError) as caught:
        if given.get("secret"):
            secret(given["secret"], environ)
        else:
            load(path, environ)
    message = str(caught.value)
    assert expect["error"] in message, message
    for name in expect.get("names") or [str(path)]:
        assert name in message, message
    if not given.get("secret") and not environ:
        # the CLI says the same and exits 2 (usage or config error), no traceback
        capsys = request.getfixturevalue("capsys")
        assert main(["--config", str(path), "check"]) == 2
        assert expect["error"] in capsys.readouterr().err


def rules(case, folder, request):
    from turfbook.rules.checks import rules_problems

    expect = case["expect"]
    path = folder / "filing.yaml"
    problems = rules_problems(path)
    hits = [p for p in problems if expect["error"] in p]
    assert hits, problems
    assert str(path) in hits[0], hits[0]
    if expect.get("rule"):
        assert expect["rule"] in hits[0], hits[0]


def workbook(case, folder, request):
    from turfbook.schema import load_schema
    from turfbook.schema.loader import SchemaError

    expect = case["expect"]
    path = folder / "workbook.yaml"
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert expect["error"] in message and str(path) in message, message
    for name in expect.get("names") or []:
        assert name in message, message


# -- HTTP requests --------------------------------------------------------------------------------
def http(case, folder, request):
    from tests.corpus import requests_

    config = request.getfixturevalue("config")
    if case["input"].get("target", "app") == "emulator":
        requests_.emulator_request(case, folder, config)
    else:
        requests_.app_request(case, folder, config)
