"""The intent journal of a guarded write (service/schema/write_journal.py): written whole, read back, deleted."""

from __future__ import annotations

from turfbook.schema.write_journal import Journal


def test_a_recorded_intent_is_read_back_until_cleared(tmp_path):
    journal = Journal(tmp_path / "data", "turfbook_pending")
    assert journal.load() is None
    intent = {"tags": [[12, 0, "ROWS", 4, "C-000010"]], "before": {"Conversations": [["ID", "Notes"], ["", "é 🎉"]]}}
    journal.record(intent)
    assert journal.load() == intent
    journal.record({"tags": []})                      # a later attempt replaces it whole
    assert journal.load() == {"tags": []}
    journal.clear()
    assert journal.load() is None
    journal.clear()                                   # clearing twice is fine (a re-run after a crash)


def test_a_torn_temporary_file_is_never_read(tmp_path):
    journal = Journal(tmp_path, "turfbook_filing")
    journal.path.parent.mkdir(parents=True)
    journal.path.with_suffix(".tmp").write_text('{"tags": [[1, 0, "RO')   # killed mid-write: never renamed
    assert journal.load() is None
    journal.path.write_text("not json")
    assert journal.load() is None


def test_journals_of_two_jobs_are_apart(tmp_path):
    ids, media = Journal(tmp_path, "turfbook_pending"), Journal(tmp_path, "turfbook_filing")
    ids.record({"job": "schema"})
    media.record({"job": "filing"})
    ids.clear()
    assert media.load() == {"job": "filing"}
