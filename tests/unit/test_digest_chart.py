"""The Wall chart plan (numbers from the small workbook by hand) and its formatting batch."""

from __future__ import annotations

from email import message_from_bytes, policy

from tests.support.digest_workbook import LINKS, NY, TODAY, small_workbook
from turfbook.digest.book import Book
from turfbook.digest.chart import HEADER, chart_plan
from turfbook.digest.chart_apply import format_requests
from turfbook.digest.ledger import Ledger
from turfbook.digest.message import build
from turfbook.digest.period import Period
from turfbook.digest.plan import plan
from turfbook.digest.render import render_director


def chart():
    return chart_plan(Book(small_workbook(), NY, LINKS), TODAY)


def test_one_row_per_worksite_by_organizer_then_totals():
    rows = chart().rows
    assert rows[0][0] == "Wall chart" and rows[2] == list(HEADER)
    by_site = {r[0]: dict(zip(HEADER, r, strict=True)) for r in rows[3:]}
    assert [r[0] for r in rows[3:]] == ["Oak Street", "Sunny Days", "Little Stars Center", "All worksites"]
    stars = by_site["Little Stars Center"]
    # Ana (1, joined), Ben (2, asked), <script> (5); all three talked to; 10 - 3 not yet contacted
    assert [stars[h] for h in HEADER[3:13]] == [10, 1, 1, 0, 0, 1, 0, 1, 1, 7]
    assert (stars["Structure test"], stars["Took part"], stars["Participation %"], stars["Goal %"]) == (
        "Petition", 2, 20, 60)
    assert stars["Top issues"] == "Broken heat, Low pay"
    sunny = by_site["Sunny Days"]
    assert [sunny[h] for h in ("Headcount", "2 Supporter", "Asked", "Not yet contacted", "Participation %")] == [
        4, 2, 1, 2, 25]
    total = by_site["All worksites"]
    assert (total["Headcount"], total["Took part"], total["Participation %"]) == (14, 3, 21)
    assert by_site["Oak Street"]["Participation %"] == ""


def test_formatting_is_one_batch_that_adds_the_tab_when_missing():
    plan = chart()
    requests = format_requests(plan, 77, exists=False)
    assert "addSheet" in requests[0] and requests[0]["addSheet"]["properties"]["sheetId"] == 77
    assert "updateCells" in requests[1]                       # clears the old chart first
    painted = [r["repeatCell"]["range"] for r in requests if "repeatCell" in r]
    assert all(r["sheetId"] == 77 for r in painted)
    # the two sites with a participation % are coloured below goal, in one request
    [pct] = [r["updateCells"] for r in requests if "updateCells" in r and "rows" in r["updateCells"]]
    assert pct["start"] == {"sheetId": 77, "rowIndex": 4, "columnIndex": HEADER.index("Participation %")}
    colours = [row["values"][0]["userEnteredFormat"]["backgroundColor"] for row in pct["rows"]]
    assert len(colours) == 2 and colours[0] == colours[1] and colours[0]["red"] > colours[0]["green"]
    assert "addSheet" not in format_requests(plan, 77, exists=True)[0]


def test_ledger_remembers_period_and_recipient(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    assert not ledger.was_sent("week:2026-11-16", "dir@example.org", "director")
    ledger.record("week:2026-11-16", "Dir@Example.org ", "director", "subject", "m1", "outbox")
    assert ledger.was_sent("week:2026-11-16", "dir@example.org", "director")
    assert not ledger.was_sent("week:2026-11-16", "dir@example.org", "organizer")
    assert not ledger.was_sent("week:2026-11-23", "dir@example.org", "director")
    assert Ledger(tmp_path / "ledger.sqlite").entries()[0]["message_id"] == "m1"


def test_message_has_text_and_html_alternatives():
    digest = plan(small_workbook(), Period.ending_before(TODAY), tz=NY, organization="CCCT", links=LINKS)
    message = build(render_director(digest), sender="digest@example.org", to="dir@example.org",
                    organization="CCCT", period_key="week:2026-11-16")
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    assert parsed.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in parsed.iter_parts()] == ["text/plain", "text/html"]
    assert parsed["Subject"] == "CCCT: weekly digest, Nov 16 – 22, 2026"
    assert "Ben Cole" in parsed.get_body(("plain",)).get_content()
    assert "Little Stars Center" in parsed.get_body(("html",)).get_content()


def test_a_small_existing_tab_is_grown_to_fit_the_chart():
    plan = chart()
    requests = format_requests(plan, 5, exists=True, grid={"rowCount": 3, "columnCount": 10})
    grow = [r["appendDimension"] for r in requests if "appendDimension" in r]
    assert grow == [{"sheetId": 5, "dimension": "ROWS", "length": len(plan.rows) - 3},
                    {"sheetId": 5, "dimension": "COLUMNS", "length": len(HEADER) - 10}]
    assert not [r for r in format_requests(plan, 5, exists=True, grid={"rowCount": 1000, "columnCount": 26})
                if "appendDimension" in r]


def test_ledger_pending_sends_are_kept_until_recorded_or_abandoned(tmp_path):
    ledger = Ledger(tmp_path / "ledger.sqlite")
    ledger.begin("week:2026-11-16", "a@example.org", "director", "<m1@example.org>")
    assert ledger.unconfirmed("week:2026-11-16", "A@example.org", "director") == "<m1@example.org>"
    ledger.abandon("week:2026-11-16", "a@example.org", "director")
    assert ledger.unconfirmed("week:2026-11-16", "a@example.org", "director") is None
    ledger.begin("week:2026-11-16", "a@example.org", "director", "<m2@example.org>")
    ledger.record("week:2026-11-16", "a@example.org", "director", "subject", "<m2@example.org>")
    assert ledger.unconfirmed("week:2026-11-16", "a@example.org", "director") is None
    assert ledger.was_sent("week:2026-11-16", "a@example.org", "director")


def test_a_sender_with_its_own_display_name_makes_one_from_address():
    digest = plan(small_workbook(), Period.ending_before(TODAY), tz=NY, organization="CCCT", links=LINKS)
    message = build(render_director(digest), sender="Director <director@example.org>", to="dir@example.org",
                    organization="CCCT")
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    [address] = parsed["From"].addresses
    assert (address.display_name, address.addr_spec) == ("Director", "director@example.org")
    assert parsed["Message-ID"].endswith("@example.org>")
