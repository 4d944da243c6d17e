"""The digest job against the real emulator: one read, mail through Gmail (and SMTP via aiosmtpd),
sent once per period and recipient, the Wall chart written in two calls, dry runs write nothing."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.support.digest_workbook import TODAY, small_workbook
from turfbook.config import Config
from turfbook.jobs import digest
from turfbook.schema import load_schema
from turfbook.workspace import Workspace, a1, retry
from turfbook.workspace.sheets import CellWrite, Sheets

NY = ZoneInfo("America/New_York")
SETTINGS = {"timezone": "America/New_York", "digest_recipients": "director@example.org",
            "structure_test_goal_pct": 60, "grace_days": 0}


def typed(value):
    """A cell the way staff type it (USER_ENTERED, en_US)."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(NY)
        return f"{value.month}/{value.day}/{value.year} {value:%H:%M:%S}"
    if isinstance(value, dt.date):
        return f"{value.month}/{value.day}/{value.year}"
    if isinstance(value, list):
        return ", ".join(value)
    return "" if value is None else value


def create_workbook(config: Config, with_chart_tab: bool = False) -> Config:
    schema = load_schema()
    workspace = Workspace(config)
    titles = [t.name for t in schema.tabs if with_chart_tab or t.name != "Wall chart"]
    spreadsheet_id = Sheets.create(workspace, "Digest test", titles)
    writes = []
    for name, snap in small_workbook().tabs.items():
        columns = schema.tab(name).columns
        rows = [[c.header for c in columns]] + [[typed(r.values.get(c.key)) for c in columns] for r in snap.rows]
        writes.append(CellWrite(a1.block(name, 1, 0, len(rows), len(columns)), rows))
    settings = [["Setting", "Value"]] + [[k, v] for k, v in SETTINGS.items()]
    writes.append(CellWrite(a1.block("Settings", 1, 0, len(settings), 2), settings))
    workspace.sheets(spreadsheet_id).write(writes, input_option="USER_ENTERED")
    return config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})


def workspace_for(config: Config, **mail) -> Workspace:
    if mail:
        config = config.model_copy(update={"mail": config.mail.model_copy(update=mail)})
    return Workspace(config, policy=retry.Policy(base=0.01, cap=0.05))


class Mailbox:
    """What the emulator's Gmail stored (.eml files in its data dir) since the test began.
    (Listing through the API would need the gmail.readonly scope, which the service never asks for.)"""

    def __init__(self, emulator):
        self.folder = Path(emulator.data_dir) / "gmail"
        self.before = set(self.folder.glob("*.eml")) if self.folder.exists() else set()

    def messages(self) -> list:
        files = sorted(set(self.folder.glob("*.eml")) - self.before, key=lambda p: p.stat().st_mtime_ns)
        return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in files]


@pytest.fixture
def book(config):
    return create_workbook(config)


@pytest.fixture
def mailbox(emulator):
    return Mailbox(emulator)


def test_digest_reads_once_sends_through_gmail_once_and_writes_the_wall_chart(book, emulator, mailbox):
    ws = workspace_for(book, transport="gmail")
    emulator.reset_stats()
    result = digest.run(ws, today=TODAY)
    assert result.ok, result.summary
    assert result.counts["sent"] == 3 and result.counts["period"] == "week:2026-11-16"
    calls = emulator.stats()["by_method"]
    assert calls["sheets.spreadsheets.values.batchGet"] == 1
    assert calls["sheets.spreadsheets.batchUpdate"] == 1 and calls["sheets.spreadsheets.values.batchUpdate"] == 1
    assert calls["gmail.users.messages.send"] == 3
    sent = {str(m["To"]): m for m in mailbox.messages()}
    assert set(sent) == {"director@example.org", "maria@example.org", "luis@example.org"}
    director = sent["director@example.org"]
    assert director["Subject"].endswith("weekly digest, Nov 16 – 22, 2026")
    html = director.get_body(("html",)).get_content()
    assert "Little Stars Center" in html and "#gid=" in html
    assert "Overdue now: 3 (+2 vs last week)" in director.get_body(("plain",)).get_content()
    luis = sent["luis@example.org"]
    assert luis["Subject"].startswith("Tus seguimientos") and "Cruz Peña" in luis.get_body(("html",)).get_content()
    maria = sent["maria@example.org"].get_body(("html",)).get_content()
    assert "&lt;script&gt;" in maria and "<script" not in maria

    chart = ws.sheets().read(["'Wall chart'!A1:R10"])[0]
    assert chart[0][0] == "Wall chart" and chart[2][0] == "Worksite"
    assert [r[0] for r in chart[3:]] == ["Oak Street", "Sunny Days", "Little Stars Center", "All worksites"]
    assert chart[5][3] == 10 and chart[5][15] == 20

    again = digest.run(ws, today=TODAY + dt.timedelta(days=2))          # Wednesday: same week
    assert again.counts["sent"] == 0 and again.counts["skipped"] == 3
    assert len(mailbox.messages()) == 3
    forced = digest.run(ws, today=TODAY, resend=True)
    assert forced.counts["sent"] == 3 and len(mailbox.messages()) == 6


def test_dry_run_sends_and_writes_nothing_but_the_preview(book, emulator, mailbox, tmp_path):
    ws = workspace_for(book, transport="gmail")
    emulator.reset_stats()
    preview = tmp_path / "digest.html"
    result = digest.run(ws, today=TODAY, dry_run=True, preview=str(preview))
    assert result.dry_run and result.counts["sent"] == 0
    assert "would send director digest (en) to director@example.org" in result.summary
    assert emulator.stats()["writes"] == 0
    assert "Little Stars Center" in preview.read_text(encoding="utf-8")
    assert mailbox.messages() == []
    html = digest.render_preview(ws, today=TODAY)
    assert html.startswith("<!DOCTYPE html>") and "Petition" in html


def test_to_sends_only_the_director_digest_to_that_address(book, mailbox):
    ws = workspace_for(book, transport="gmail")
    result = digest.run(ws, today=TODAY, to="me@example.org", period="day")
    assert result.counts["sent"] == 1
    [message] = mailbox.messages()
    assert str(message["To"]) == "me@example.org" and "daily digest" in str(message["Subject"])


def test_chart_on_demand_replaces_an_older_longer_chart(config, emulator):
    book = create_workbook(config, with_chart_tab=True)
    ws = workspace_for(book)
    ws.sheets().write([CellWrite("'Wall chart'!A1:B30", [["old", "stuff"]] * 30)])
    emulator.reset_stats()
    result = digest.run_chart(ws, today=TODAY)
    assert result.counts["worksites"] == 3
    calls = emulator.stats()["by_method"]
    assert calls.get("sheets.spreadsheets.batchUpdate") == 1
    assert calls.get("sheets.spreadsheets.values.batchUpdate") == 1
    values = ws.sheets().read(["'Wall chart'!A1:B40"])[0]
    assert len(values) == 7 and ["old", "stuff"] not in values


def test_smtp_delivery_to_aiosmtpd(book):
    aiosmtpd = pytest.importorskip("aiosmtpd.controller")
    from tests.support.emulator import free_port

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
            received.append(envelope)
            return "250 OK"

    controller = aiosmtpd.Controller(Handler(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        smtp = book.mail.smtp.model_copy(update={"host": "127.0.0.1", "port": controller.port, "security": "none"})
        ws = workspace_for(book, transport="smtp", smtp=smtp)
        result = digest.run(ws, today=TODAY)
    finally:
        controller.stop()
    assert result.ok, result.summary
    assert sorted(rcpt for e in received for rcpt in e.rcpt_tos) == [
        "director@example.org", "luis@example.org", "maria@example.org"]
    message = email.message_from_bytes(received[0].content, policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert {p.get_content_type() for p in message.iter_parts()} == {"text/plain", "text/html"}


def test_director_to_replaces_the_settings_recipients_and_keeps_the_organizers(book, mailbox):
    ws = workspace_for(book, transport="gmail")
    result = digest.run(ws, today=TODAY, director_to=["demo-director@example.org"])
    assert result.counts["sent"] == 3
    assert sorted(str(m["To"]) for m in mailbox.messages()) == [
        "demo-director@example.org", "luis@example.org", "maria@example.org"]


def test_cli_run_digest_dry_run_and_chart(book, tmp_path, capsys):
    import yaml

    from turfbook.cli import main

    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(book.model_dump(mode="json", exclude={"source"})), encoding="utf-8")
    preview = tmp_path / "out.html"
    code = main(["--config", str(path), "run", "digest", "--dry-run", "--today", "2026-11-23",
                 "--preview", str(preview)])
    out = capsys.readouterr().out
    assert code == 0 and "[dry run] digest for week:2026-11-16" in out and preview.exists()
    assert main(["--config", str(path), "run", "chart", "--today", "2026-11-23"]) == 0
    assert "wrote the Wall chart tab: 3 worksites" in capsys.readouterr().out
    assert main(["--config", str(path), "run", "digest", "--period", "month"]) == 2


def test_a_failed_send_is_reported_and_only_that_one_goes_out_next_run(book, emulator, mailbox):
    ws = workspace_for(book, transport="gmail")
    emulator.fault(method="gmail.users.messages.send", status=400, count=1, after_calls=1)  # not retryable
    first = digest.run(ws, today=TODAY)
    assert not first.ok and first.counts["sent"] == 2 and first.counts["failed"] == 1
    assert "FAILED" in first.summary
    second = digest.run(ws, today=TODAY)
    assert second.ok and second.counts == {**second.counts, "sent": 1, "skipped": 2, "failed": 0}
    assert sorted(str(m["To"]) for m in mailbox.messages()) == [
        "director@example.org", "luis@example.org", "maria@example.org"]


def test_sheets_errors_are_retried_and_the_chart_lands_once(book, emulator):
    ws = workspace_for(book, transport="outbox")
    emulator.fault(method="sheets.spreadsheets.values.batchGet", status=429, count=2)
    emulator.fault(method="sheets.spreadsheets.batchUpdate", status=503, count=1)
    result = digest.run(ws, today=TODAY, dry_run=False)
    assert result.ok, result.summary
    assert ws.sheets().read(["'Wall chart'!A4:A4"])[0] == [["Oak Street"]]


def test_scheduler_runner_runs_digest_and_chart_and_the_digest_reports_the_nightly_jobs(book, mailbox):
    from turfbook.jobs.registry import Runner

    config = book.model_copy(update={"mail": book.mail.model_copy(update={"transport": "gmail"})})
    runner = Runner(config)
    assert runner.run("overdue", "manual").status == "ok"
    assert runner.run("chart", "manual").status == "ok"
    run = runner.run("digest", "manual", to="director@example.org")
    assert run.status == "ok" and run.counts["sent"] == 1
    [message] = mailbox.messages()
    html = message.get_body(("html",)).get_content()
    assert "Nightly jobs" in html and "Follow-up flags" in html and "never" in html   # filing never ran


def test_chart_grows_a_small_wall_chart_tab(config):
    book = create_workbook(config, with_chart_tab=True)
    ws = workspace_for(book)
    sheets = ws.sheets()
    gid = {s["properties"]["title"]: s["properties"]["sheetId"]
           for s in sheets.metadata("sheets.properties(sheetId,title)")["sheets"]}["Wall chart"]
    sheets.batch_update([{"updateSheetProperties": {
        "properties": {"sheetId": gid, "gridProperties": {"rowCount": 3, "columnCount": 5}},
        "fields": "gridProperties(rowCount,columnCount)"}}])
    assert digest.run_chart(ws, today=TODAY).ok
    assert sheets.read(["'Wall chart'!R3:R3"])[0] == [["Top issues"]]
