"""The pure filing plan: placements, sequence numbers, duplicates, review, idempotent re-plans."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from turfbook.jobs.filing_plan import (
    DUPLICATE,
    FILED,
    NEEDS_REVIEW,
    TAG,
    InboxFile,
    Layout,
    Ledger,
    MediaRecord,
    plan,
)
from turfbook.media.capture import Capture
from turfbook.rules import Vocabulary, load_rules
from turfbook.rules.vocab import Entry

RULES = load_rules(Path(__file__).parents[2] / "drive_rules" / "filing.yaml")
TZ = ZoneInfo("America/New_York")
VOCAB = Vocabulary.from_entries([Entry("W-0001", "Little Stars Center", "Hartford")])
INBOX = ("Field uploads",)


def file(i, name="IMG.jpg", md5=None, hour=9, folder=INBOX, problem=None, **props):
    when = datetime(2026, 11, 21, hour, 0, tzinfo=TZ)
    return InboxFile(f"f{i}", name, "image/jpeg", folder, size=100, md5=md5 or f"md5-{i}", created=when,
                     properties=props, capture=Capture(when, "drive", "image/jpeg", problem=problem))


def test_files_get_sequence_numbers_in_capture_order():
    files = [file(2, hour=11, worksite="W-0001"), file(1, hour=10, worksite="W-0001")]
    result = plan(files, RULES, VOCAB, Ledger())
    assert [(p.file.id, p.media_id, p.name) for p in result.placements] == [
        ("f1", "M-000001", "2026-11-21_little-stars-center_photo_001.jpg"),
        ("f2", "M-000002", "2026-11-21_little-stars-center_photo_002.jpg")]
    assert result.folders == [("Media", "Hartford", "Little Stars Center", "2026-11")]


def test_names_already_in_the_media_tab_are_not_reused():
    ledger = Ledger([MediaRecord("M-000007", "old", FILED, "Media/Hartford/Little Stars Center/2026-11",
                                 "2026-11-21_little-stars-center_photo_001.jpg", "x")])
    result = plan([file(1, worksite="W-0001")], RULES, VOCAB, ledger)
    assert result.placements[0].name.endswith("_002.jpg") and result.placements[0].media_id == "M-000008"


def test_duplicate_content_goes_to_duplicates_never_deleted():
    ledger = Ledger([MediaRecord("M-000001", "old", FILED, "Media/X", "a.jpg", "same")])
    result = plan([file(1, md5="same", worksite="W-0001"), file(2, md5="pair"), file(3, md5="pair", hour=12)],
                  RULES, VOCAB, ledger)
    by_id = {p.file.id: p for p in result.placements}
    assert by_id["f1"].status == DUPLICATE and by_id["f1"].folder == ("Field uploads", "_Duplicates")
    assert "M-000001" in by_id["f1"].reason
    assert by_id["f2"].status == NEEDS_REVIEW and by_id["f3"].status == DUPLICATE


def test_needs_review_keeps_the_original_name_and_says_why():
    result = plan([file(1, name="IMG_0001.JPG"), file(2, problem="empty file (0 bytes)")], RULES, VOCAB, Ledger())
    by_id = {p.file.id: p for p in result.placements}
    first, second = by_id["f1"], by_id["f2"]
    assert (first.folder, first.name, first.status) == (Layout().review_folder, "IMG_0001.JPG", NEEDS_REVIEW)
    assert first.reason.startswith("no rule matches") and second.reason == "empty file (0 bytes)"
    # a file no rule matches is listed for the Problems tab too (one with a capture problem is not)
    assert [(media_id, message.split(":")[0]) for media_id, message in result.unmatched] == [
        (first.media_id, "IMG_0001.JPG")]
    assert "no rule matches" in result.unmatched[0][1] and "_Needs review" in result.unmatched[0][1]


def test_review_files_stay_put_until_something_changes():
    review = ("Field uploads", "_Needs review")
    ledger = Ledger([MediaRecord("M-000001", "f1", NEEDS_REVIEW, "Field uploads/_Needs review", "IMG.jpg", "md5-1",
                                 "worksite 'Nowhere' is not in Worksites")])
    stuck = file(1, folder=review, worksite="Nowhere", **{TAG: "M-000001"})
    assert plan([stuck], RULES, VOCAB, ledger).placements == []
    fixed = file(1, folder=review, worksite="Little Stars", **{TAG: "M-000001"})
    (placement,) = plan([fixed], RULES, VOCAB, ledger).placements
    assert placement.status == FILED and placement.move and not placement.new_row and placement.media_id == "M-000001"


def test_plan_is_deterministic():
    files = [file(i, hour=9 + i % 5, worksite="W-0001") for i in range(30)]
    one = [(p.file.id, p.media_id, p.folder, p.name) for p in plan(files, RULES, VOCAB, Ledger()).placements]
    two = [(p.file.id, p.media_id, p.folder, p.name) for p in plan(files[::-1], RULES, VOCAB, Ledger()).placements]
    assert one == two and len({n for *_, n in one}) == 30


def test_the_person_typed_on_the_form_is_linked_by_id_or_reported():
    from turfbook.jobs.media_tab import row_values
    from turfbook.rules.vocab import Table

    vocab = Vocabulary.from_entries([Entry("W-0001", "Little Stars Center", "Hartford")])
    vocab.people = Table([Entry("P-000001", "Ana Ruiz"), Entry("P-000002", "Ana Ruiz"), Entry("P-000003", "Ben Cole")])
    files = [file(1, worksite="W-0001", person="ben  cole", note="heat off since Monday"),
             file(2, worksite="W-0001", person="Ana Ruiz"), file(3, worksite="W-0001", person="Ben Colle"),
             file(4, worksite="W-0001")]
    result = plan(files, RULES, vocab, Ledger())
    by_id = {p.file.id: p for p in result.placements}
    first = row_values(by_id["f1"], FILED, None)
    assert (first["person"], first["notes"]) == ("P-000003", "heat off since Monday")
    assert row_values(by_id["f2"], FILED, None)["person"] == "Ana Ruiz"        # two Ana Ruiz: not guessed
    assert row_values(by_id["f4"], FILED, None)["person"] == ""
    assert all(p.status == FILED for p in result.placements)                  # a person never blocks filing
    messages = dict(result.people)
    assert "matches more than one row in People (P-000001 'Ana Ruiz', P-000002 'Ana Ruiz')" in messages[
        by_id["f2"].media_id]
    assert "did you mean 'Ben Cole' (P-000003)?" in messages[by_id["f3"].media_id]
    assert set(messages) == {by_id["f2"].media_id, by_id["f3"].media_id}


def test_a_filed_row_whose_person_is_not_in_people_stays_a_problem():
    from turfbook.rules.vocab import Table

    vocab = Vocabulary.from_entries([])
    vocab.people = Table([Entry("P-000003", "Ben Cole")])
    ledger = Ledger([MediaRecord("M-000001", "f1", FILED, "Media/x", "a.jpg", "m1", values={"person": "Zed"}),
                     MediaRecord("M-000002", "f2", FILED, "Media/x", "b.jpg", "m2", values={"person": "P-000003"}),
                     MediaRecord("M-000003", "f3", FILED, "Media/x", "c.jpg", "m3", values={"person": "Ben Cole"})])
    assert [media_id for media_id, _ in plan([], RULES, vocab, ledger).people] == ["M-000001"]


def test_a_re_run_after_a_crash_plans_as_a_re_run_after_a_clean_run():
    """A run that died after moving files leaves their rows `planned`; the re-run repairs them to `filed`.
    Planned from the ledger as it reads once repaired, the filed row's person not in People stays a
    problem (the same words as after a clean run), and its md5 marks a later copy duplicate."""
    from turfbook.jobs.filing_plan import PLANNED, with_repairs
    from turfbook.rules.vocab import Table

    vocab = Vocabulary.from_entries([Entry("W-0001", "Little Stars Center", "Hartford")])
    vocab.people = Table([Entry("P-000003", "Ben Cole")])
    values = {"person": "Zed", "original_name": "IMG.jpg"}
    stuck = Ledger([MediaRecord("M-000001", "f1", PLANNED, "Media/x", "a.jpg", "m1", values=values)])
    clean = Ledger([MediaRecord("M-000001", "f1", FILED, "Media/x", "a.jpg", "m1", values=values)])
    repairs = [{**values, "id": "M-000001", "status": FILED, "filed_name": "a.jpg", "filed_at": "2026-11-21 09:00"}]
    copy = [file(2, md5="m1", worksite="W-0001")]
    after_crash = plan(copy, RULES, vocab, with_repairs(stuck, repairs))
    after_clean = plan(copy, RULES, vocab, clean)
    assert after_crash.people == after_clean.people == [("M-000001", "IMG.jpg: person 'Zed' is not in People; "
                                                                      "add them there, or correct the name")]
    assert [p.status for p in after_crash.placements] == [p.status for p in after_clean.placements] == [DUPLICATE]


def test_problems_are_listed_in_media_id_order_whoever_met_them_first():
    """A file filed by a run that then crashed is met by the re-run as a Media row (no longer in the inbox),
    after the inbox's files: the Problems tab lists by Media ID all the same, as after an uninterrupted run."""
    from turfbook.rules.vocab import Table

    vocab = Vocabulary.from_entries([Entry("W-0001", "Little Stars Center", "Hartford")])
    vocab.people = Table([Entry("P-000003", "Ben Cole")])
    ledger = Ledger([MediaRecord("M-000001", "f1", FILED, "Media/x", "a.jpg", "m1",
                                 values={"person": "Zed", "original_name": "a.jpg"})])
    result = plan([file(2, worksite="W-0001", person="Yan")], RULES, vocab, ledger)
    assert [media_id for media_id, _ in result.people] == ["M-000001", "M-000002"]


def test_new_media_ids_count_on_from_the_memory_of_ids_given_too():
    """fix23a: a deleted Media row's ID is never given again (the workbook's memory says M-000007 was given)."""
    from turfbook.jobs.filing_plan import with_repairs

    ledger = Ledger([MediaRecord("M-000002", "f2", FILED, "Media/X", "b.jpg", "md5-2")], floor=7)
    assert ledger.new_id() == "M-000008"
    assert with_repairs(Ledger(floor=7), [{"id": "M-000002"}]).new_id() == "M-000008"
    assert Ledger([MediaRecord("M-000009", "f9", FILED, "Media/X", "c.jpg", "md5-9")], floor=7).new_id() == "M-000010"
