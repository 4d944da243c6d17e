"""sheets init under Google's failure modes: rate limits, 5xx, and a connection dropped after the
batchUpdate was applied (it must not be blindly re-sent: addSheet/addProtectedRange are not idempotent)."""

from __future__ import annotations

from turfbook.schema import load_schema
from turfbook.schema.init import run_init
from turfbook.schema.init_plan import INIT_FIELDS
from turfbook.workspace import Workspace, retry


def fast(config) -> Workspace:
    return Workspace(config, policy=retry.Policy(base=0.01, cap=0.05, deadline=30))


def rules_and_protections(ws, sheet_id):
    meta = ws.sheets(sheet_id).metadata(INIT_FIELDS)
    return {s["properties"]["title"]: (len(s.get("conditionalFormats", [])), len(s.get("protectedRanges", [])),
                                       len(s.get("developerMetadata", []))) for s in meta["sheets"]}


def test_init_rides_out_rate_limits_and_server_errors(emulator, config):
    schema = load_schema()
    ws = fast(config)
    emulator.fault(method="sheets.spreadsheets.get", status=503, count=2)
    emulator.fault(method="sheets.spreadsheets.batchUpdate", status=429, count=2)
    sheet_id = run_init(ws, schema, None).spreadsheet_id
    emulator.reset_stats()
    assert run_init(ws, schema, sheet_id).plan.empty
    assert emulator.stats()["writes"] == 0


def test_dropped_connection_after_batch_update_converges_without_duplicates(emulator, config):
    schema = load_schema()
    ws = fast(config)
    reference_id = run_init(ws, schema, None).spreadsheet_id
    expected = rules_and_protections(ws, reference_id)
    sheet_id = run_init(ws, schema, None, dry_run=False).spreadsheet_id
    # break the second workbook a little, then drop the connection after the fix is applied
    sheets = ws.sheets(sheet_id)
    meta = sheets.metadata(INIT_FIELDS)
    conv = next(s for s in meta["sheets"] if s["properties"]["title"] == "Conversations")
    sheets.batch_update([{"deleteProtectedRange": {"protectedRangeId": p["protectedRangeId"]}}
                         for p in conv["protectedRanges"]])
    # the first batchUpdate places column_guard's tags; the second is the guarded fix: its reply is lost
    emulator.fault(method="sheets.spreadsheets.batchUpdate", drop="after", count=1, after_calls=1)
    emulator.reset_stats()
    run_init(ws, schema, sheet_id)
    calls = emulator.stats()["by_method"]
    # plan, guard's grid, re-plan; after the drop: re-read and re-planned (nothing left), then the service tabs
    assert calls["sheets.spreadsheets.get"] == 5
    # tags, the guarded fix (the lost reply was not re-sent blindly), the tags' cleanup
    assert calls["sheets.spreadsheets.batchUpdate"] == 3
    assert rules_and_protections(ws, sheet_id) == expected
    emulator.reset_stats()
    assert run_init(ws, schema, sheet_id).plan.empty
    assert emulator.stats()["writes"] == 0
