"""Adoption figures (issue 21) on the messy workbook of tests/support/messy_workbook.py (a tab per
organizer, a header under a merged title, English and Spanish): `sheets adopt` (read, add Turfbook's
tabs and service columns, read again, give IDs) by API method; a second adopt (expected: no write);
the overdue job through the mapping, first and second run (expected: no write the second time)."""

from __future__ import annotations

from bench.bench_schema import _methods
from bench.env import timed
from tests.support import messy_workbook as mw
from turfbook.jobs import overdue
from turfbook.schema import load_schema
from turfbook.schema.adopt import adopt, save
from turfbook.schema.adopt_apply import apply, give_ids
from turfbook.schema.adopt_read import ADOPTION_FILE
from turfbook.schema.adopt_view import view_for
from turfbook.workspace import connect


def run(report, env) -> None:
    config = env.config()
    sheet_id = mw.build(connect(config))
    own = config.data_dir / "adopt"           # its adoption.yaml not left in the data folder the later benchmarks
    own.mkdir(exist_ok=True)                  # share (their CLI runs stopped at it: exit 2, no figures)
    config = config.model_copy(update={"data_dir": own, "google": config.google.model_copy(
        update={"spreadsheet_id": sheet_id})})
    schema = load_schema()
    for label in ("sheets adopt, messy workbook (3 sheets, 16 rows)", "sheets adopt again (expected: 0 writes)"):
        env.emulator.reset_stats()
        with timed() as t:
            sheets = connect(config).sheets()
            adoption = adopt(sheets, schema, sheet_id, mw.TODAY)
            applied = apply(sheets, schema, adoption.layout)
            if applied.changed:
                adoption = adopt(sheets, schema, sheet_id, mw.TODAY)
            ids = give_ids(sheets, schema, adoption.layout, mw.TODAY, data_dir=config.data_dir)   # keys kept
            save(adoption, config.data_dir / ADOPTION_FILE)
        stats = env.calls()
        report(label, seconds=t.seconds, ids=ids, api_calls=stats["total"], writes=stats["writes"], **_methods(stats))
    for label in ("overdue through the adopted mapping", "overdue again (expected: 0 writes)"):
        workspace = connect(config)
        workspace.sheets_view = view_for(config, schema)
        env.emulator.reset_stats()
        with timed() as t:
            result = overdue.run(workspace, today=mw.TODAY)
        stats = env.calls()
        report(label, seconds=t.seconds, ok=result.ok, api_calls=stats["total"], writes=stats["writes"],
               **_methods(stats))
