"""The overdue job against the real emulator: idempotent, staff-safe, retried writes land once."""

from __future__ import annotations

import yaml

from tests.support.overdue_workbook import (
    EXPECTED,
    PEOPLE,
    TODAY,
    conversations,
    create_workbook,
    days,
    fast_workspace,
    keys,
    row,
    staff_keys,
    table,
)
from turfbook.jobs import overdue
from turfbook.workspace.transport import gspread_client

BATCH_UPDATE = "sheets.spreadsheets.values.batchUpdate"
BATCH_GET = "sheets.spreadsheets.values.batchGet"


def seeded(config):
    return create_workbook(config, PEOPLE, conversations(), {"timezone": "America/New_York", "grace_days": 0})


def statuses(config) -> dict[str, str]:
    return {cid: cells["status"] for cid, cells in table(config, "Conversations").items()}


def test_run_flags_rows_and_second_run_writes_nothing(emulator, config):
    config = seeded(config)
    emulator.reset_stats()
    workspace = fast_workspace(config)
    result = overdue.run(workspace, today=TODAY)
    stats = emulator.stats()
    assert stats["by_method"].get(BATCH_UPDATE) == 1
    assert stats["by_method"].get(BATCH_GET) == 1                 # one read; no re-read: no positional writes
    assert set(stats["by_method"]) == {BATCH_GET, BATCH_UPDATE}
    expected = EXPECTED
    assert statuses(config) == expected
    conv = table(config, "Conversations")
    assert {cid for cid, c in conv.items() if c["flagged_at"]} == {"C-000001", "C-000005", "C-000007"}
    assert conv["C-000001"]["flagged_at"] == TODAY.isoformat()      # due 11/18: flagged by today's run
    people = table(config, "People")
    assert people["P-000001"]["last_contact"] == "2026-11-11"     # C-000008's date, the latest with Maria
    assert people["P-000001"]["next_follow_up"] == "2026-11-18"
    assert people["P-000003"]["next_follow_up"] == "2026-11-22"
    assert result.counts["newly_overdue"] == 3
    assert result.counts["overdue_by_organizer"] == {"Ana": 2, "Cy": 1}
    assert {p.row_id for p in result.problems} >= {"C-000007", "C-000008"}

    emulator.reset_stats()
    again = overdue.run(workspace, today=TODAY)
    stats = emulator.stats()
    assert stats["by_method"].get(BATCH_UPDATE, 0) == 0
    assert again.counts["cells_written"] == 0 and again.counts["newly_overdue"] == 0
    assert statuses(config) == expected


def test_next_day_moves_counts_and_keeps_flag_dates(emulator, config):
    config = seeded(config)
    workspace = fast_workspace(config)
    overdue.run(workspace, today=TODAY)
    flagged = {cid: c["flagged_at"] for cid, c in table(config, "Conversations").items()}
    result = overdue.run(workspace, today=days(1))
    after = table(config, "Conversations")
    assert after["C-000001"]["status"] == "OVERDUE 6d"
    assert after["C-000002"]["status"] == "OVERDUE 1d"
    assert {cid: c["flagged_at"] for cid, c in after.items() if cid != "C-000002"} == {
        cid: v for cid, v in flagged.items() if cid != "C-000002"}
    assert after["C-000002"]["flagged_at"] == "2026-11-24"
    assert result.counts["newly_overdue"] == 1


def test_dry_run_writes_nothing_and_prints_the_plan(emulator, config):
    config = seeded(config)
    emulator.reset_stats()
    result = overdue.run(fast_workspace(config), today=TODAY, dry_run=True)
    assert emulator.stats()["writes"] == 0
    assert "C-000001 (row 2) Status: (blank) -> 'OVERDUE 5d'" in result.summary
    assert all(v == "" for v in statuses(config).values())


def test_staff_sort_and_insert_between_read_and_write(emulator, config):
    """Staff sort Conversations by date (newest first) and insert 5 rows while the job runs."""
    config = seeded(config)
    before = table(config, "Conversations")

    def staff_edits():
        sheet = gspread_client(config).open_by_key(config.google.spreadsheet_id).worksheet("Conversations")
        sheet.sort((keys("Conversations").index("date") + 1, "des"))
        new_rows = [row("Conversations", date=days(-1), person="Dana Smith", organizer="Bea",
                        notes=f"typed during the run {i}", follow_up_due=days(-3)) for i in range(5)]
        sheet.insert_rows(new_rows, row=3, value_input_option="USER_ENTERED")

    result = overdue.run(fast_workspace(config), today=TODAY, before_write=staff_edits)
    after = table(config, "Conversations")
    for cid, cells in before.items():                      # no staff cell changed, on any row
        assert {k: after[cid][k] for k in staff_keys("Conversations")} == {
            k: cells[k] for k in staff_keys("Conversations")}, cid
    inserted = [c for cid, c in after.items() if cid.startswith("(row")]
    assert len(inserted) == 5
    assert all(c["status"] == "" and c["flagged_at"] == "" for c in inserted)
    assert {c["notes"] for c in inserted} == {f"typed during the run {i}" for i in range(5)}
    expected = EXPECTED
    assert statuses(config) == {**expected, **{cid: "" for cid in after if cid.startswith("(row")}}
    assert result.counts["moved"] == 0                     # nothing to re-find: no write addressed Conversations
    assert result.counts["cells_written"] > 0


def test_row_deleted_during_the_write_leaves_every_other_row_right(emulator, config):
    config = seeded(config)

    def staff_deletes_a_row():
        sheet = gspread_client(config).open_by_key(config.google.spreadsheet_id).worksheet("Conversations")
        sheet.delete_rows(2)                               # C-000001

    result = overdue.run(fast_workspace(config), today=TODAY, before_write=staff_deletes_a_row)
    after = statuses(config)
    assert "C-000001" not in after
    assert after == {cid: s for cid, s in EXPECTED.items() if cid != "C-000001"}
    assert not [p for p in result.problems if p.kind == "moved"]
    replan = overdue.plan_only(fast_workspace(config), today=TODAY)  # Maria's People dates change: her row went
    assert not [c for c in replan.changes if c.tab == "Conversations"]


def test_429_on_the_write_is_retried_and_lands_once(emulator, config):
    config = seeded(config)
    workspace = fast_workspace(config)
    emulator.fault(method=BATCH_UPDATE, status=429, count=1)
    emulator.reset_stats()
    result = overdue.run(workspace, today=TODAY)
    assert emulator.stats()["by_method"][BATCH_UPDATE] == 2      # refused once, then applied once
    assert workspace.log.retries == 1
    assert statuses(config) == EXPECTED
    assert result.counts["cells_written"] > 0
    emulator.reset_stats()
    overdue.run(workspace, today=TODAY)
    assert emulator.stats()["by_method"].get(BATCH_UPDATE, 0) == 0


def test_cli_run_overdue_dry_run(emulator, config, tmp_path):
    from turfbook.cli import main

    config = seeded(config)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config.model_dump(mode="json", exclude={"source"})))
    emulator.reset_stats()
    code = main(["--config", str(path), "run", "overdue", "--dry-run", "--today", "2026-11-23"])
    assert code == 0                                        # problems found (unknown person, bad date) are data
    assert main(["--config", str(path), "run", "overdue", "--dry-run", "--today", "2026-11-23", "--strict"]) == 1
    assert emulator.stats()["writes"] == 0


def test_problems_listed_once_and_the_problems_tab_not_rewritten_when_unchanged(emulator, config):
    config = seeded(config)
    workspace = fast_workspace(config)
    first = overdue.run(workspace, today=TODAY)
    listed = {(p.row_id, p.column) for p in first.problems}
    assert ("C-000007", "Person") in listed and ("C-000008", "Follow-up due") in listed
    assert not any(p.row_id in {"C-000002", "C-000005"} for p in first.problems)   # people by ID are fine
    assert len(listed) == len(first.problems)
    emulator.reset_stats()
    again = overdue.run(workspace, today=TODAY)
    assert emulator.stats()["writes"] == 0
    assert again.counts["problems"] == first.counts["problems"]


def test_demo_seed_data_with_planted_mistakes(emulator, config):
    """The demo's realistic data (bad dates, unknown people, rows without IDs) runs clean twice."""
    from tests.support.overdue_workbook import with_spreadsheet
    from turfbook.demo.workbook import seed_workbook
    from turfbook.schema.init import run_init
    from turfbook.schema.loader import load_schema

    workspace = fast_workspace(config)
    spreadsheet_id = run_init(workspace, load_schema(), None, title="demo").spreadsheet_id
    seed_workbook(workspace, spreadsheet_id, people=60, conversations=300, worksites=4, seed=3, today=TODAY)
    workspace = fast_workspace(with_spreadsheet(config, spreadsheet_id))
    first = overdue.run(workspace, today=TODAY)
    assert first.counts["open"] > 0 and first.counts["cells_written"] > 0
    assert first.counts["without_id"] >= 2
    emulator.reset_stats()
    second = overdue.run(workspace, today=TODAY)
    assert emulator.stats()["writes"] == 0 and second.counts["planned_cells"] == 0


def test_cli_run_overdue_records_run_history(emulator, config, tmp_path):
    from turfbook.cli import main
    from turfbook.history import History

    config = seeded(config)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config.model_dump(mode="json", exclude={"source"})))
    # the run finished and wrote its data problems into the sheet: a nightly cron must not alarm anyone
    assert main(["--config", str(path), "run", "overdue", "--today", "2026-11-23"]) == 0
    assert statuses(config) == EXPECTED
    [record] = [r for r in History.for_config(config).recent() if r.job == "overdue"]
    assert record.status == "ok" and record.trigger == "cli" and record.counts["newly_overdue"] == 3
    assert main(["--config", str(path), "run", "overdue", "--today", "2026-11-23", "--strict"]) == 1


def test_own_problems_written_once_then_left_alone(emulator, config):
    """A deleted service column: reported in the Problems tab by the first run, not rewritten after."""
    config = seeded(config)
    sheet = gspread_client(config).open_by_key(config.google.spreadsheet_id).worksheet("Conversations")
    sheet.delete_columns(keys("Conversations").index("flagged_at") + 1)
    workspace = fast_workspace(config)
    first = overdue.run(workspace, today=TODAY)
    assert any(p.kind == "missing_column" and p.job == "overdue" for p in first.problems)
    assert statuses(config)["C-000001"] == "OVERDUE 5d"
    [listed] = workspace.sheets().read(["'Problems'!A2:F"])
    assert any(r[:2] == ["overdue", "Conversations"] and "flagged_at" in r[3] for r in listed)
    emulator.reset_stats()
    overdue.run(workspace, today=TODAY)
    assert emulator.stats()["writes"] == 0


def test_seeded_workbook_reads_back(config):
    people = [row("People", id="P-000001", name="Maria Lopez")]
    convs = [row("Conversations", id="C-000001", date=TODAY, person="Maria Lopez", follow_up_due=TODAY)]
    config = create_workbook(config, people, convs, {"grace_days": 1})
    assert table(config, "Conversations")["C-000001"]["date"] == "2026-11-23"
    assert table(config, "People")["P-000001"]["name"] == "Maria Lopez"
