"""Profiles of the read path at 100k conversations (kept in bench/profiles/, not part of `make bench`).

    .venv/bin/python -m bench.profile_read            # cProfile text reports in bench/profiles/

Seeds the digest benchmark's workbook into a fresh emulator process, then profiles, each on its own:
the client's values.batchGet (HTTP + JSON), parse_workbook, the overdue job's next night (after a
first night), the digest dry run and the schema job. """

from __future__ import annotations

import cProfile
import io
import pstats
import sys
import tempfile
from pathlib import Path

from bench.bench_digest import TODAY, digest_tabs, workbook
from bench.env import BenchEnv

OUT = Path(__file__).with_name("profiles")


def _save(name: str, prof: cProfile.Profile, top: int = 35) -> None:
    OUT.mkdir(exist_ok=True)
    text = io.StringIO()
    stats = pstats.Stats(prof, stream=text)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    (OUT / f"{name}.txt").write_text(text.getvalue())
    print(f"wrote bench/profiles/{name}.txt")


def seed(env, service_tabs: bool = True):
    """The digest benchmark's workbook in a new spreadsheet, then `turfbook sheets init` run on it (its own
    code): the hidden service tabs (`_Turfbook Conversations`, `_Turfbook People`, empty until the first
    overdue night fills them) and the header formulas that show them, so a night writes what a real night
    writes. `service_tabs=False`: the cells only (no service tab: the overdue job writes nothing)."""
    from turfbook.schema import load_schema
    from turfbook.schema.init import run_init
    from turfbook.workspace import connect
    from turfbook.workspace.sheets import CellWrite, Sheets

    cells = workbook()
    room = {t: len(rows) + 10 for t, rows in cells.items()} | {"Problems": 200_000}   # the schema job's list
    config = env.config()
    schema = load_schema()
    sheet_id = Sheets.create(connect(config), "Profile", [t.name for t in schema.tabs])
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": sheet_id})})
    sheets = connect(config).sheets()
    grids = {s["properties"]["title"]: s["properties"] for s in sheets.metadata().get("sheets", [])}
    sheets.batch_update([{"appendDimension": {"sheetId": grids[t]["sheetId"], "dimension": "ROWS",
                                              "length": n - grids[t]["gridProperties"]["rowCount"]}}
                         for t, n in room.items() if n > grids[t]["gridProperties"]["rowCount"]])
    for title, rows in cells.items():
        for start in range(0, len(rows), 25_000):
            sheets.write([CellWrite(f"'{title}'!A{start + 1}", rows[start:start + 25_000])])
    if service_tabs:        # what `turfbook sheets init` makes of it: the service tabs and their header formulas
        run_init(connect(config), schema, sheet_id)
    return config, schema


def main() -> int:
    from turfbook.jobs import digest
    from turfbook.schema.reader import needed_tabs, parse_workbook
    from turfbook.workspace import connect

    with tempfile.TemporaryDirectory(prefix="turfbook-profile-") as tmp, BenchEnv(Path(tmp)) as env:
        config, schema = seed(env)
        workspace = connect(config)
        sheets = workspace.sheets()
        tabs = needed_tabs(schema, digest_tabs())
        sheets.read_tabs(["Settings"])                   # warm the connection and the token
        prof = cProfile.Profile()
        prof.enable()
        data = sheets.read_tabs(tabs)
        prof.disable()
        _save("client_batchget", prof)
        prof = cProfile.Profile()
        prof.enable()
        parse_workbook(schema, data, today=TODAY, tabs=digest_tabs())
        prof.disable()
        _save("parse_workbook", prof)
        from datetime import timedelta

        from turfbook.jobs import overdue
        overdue.run(workspace, today=TODAY - timedelta(days=1))          # last night
        prof = cProfile.Profile()
        prof.enable()
        overdue.run(workspace, today=TODAY)
        prof.disable()
        _save("overdue_next_night", prof)
        prof = cProfile.Profile()
        prof.enable()
        digest.run(workspace, dry_run=True, today=TODAY)
        prof.disable()
        _save("digest_dry_run", prof)
        from datetime import datetime

        from turfbook.schema.job import run_schema_job
        prof = cProfile.Profile()
        prof.enable()
        run_schema_job(sheets, schema, now=datetime(2026, 11, 23, 6, 0))
        prof.disable()
        _save("schema_job", prof)
    return 0


if __name__ == "__main__":
    sys.exit(main())
