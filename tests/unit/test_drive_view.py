"""The emulator's Drive view in plain form (#19 item 9): times as 2026-11-30 09:15, useful properties only."""

from turfbook_emulator.apis.drive_view import _row, file_facts, when


def test_times_read_as_a_person_writes_them():
    assert when("2026:11:30 09:15:00") == "2026-11-30 09:15"              # EXIF
    assert when("2026-11-30T09:15:07.123Z") == "2026-11-30 09:15"         # RFC 3339
    assert when("") == "" and when(None) == "" and when("soon") == "soon"


def test_a_row_shows_the_useful_properties_only():
    file = {"id": "f1", "name": "IMG.jpg", "mimeType": "image/jpeg", "size": "2048",
            "imageMediaMetadata": {"time": "2026:11:30 09:15:00", "width": 4032, "height": 3024},
            "appProperties": {"organizer": "Jordan Ellis", "worksite": "Little Stars", "language": "es",
                              "turfbook_upload_key": "abc123", "turfbook_media_id": "M-000001"}}
    row = _row(file)
    assert "2026-11-30 09:15" in row and "2026:11:30" not in row
    assert "Worksite: Little Stars · Uploaded by: Jordan Ellis" in row
    assert "abc123" not in row and "language" not in row and "M-000001" not in row
    facts = dict(file_facts(file))
    assert facts["Taken"] == "2026-11-30 09:15" and facts["Dimensions"] == "4032 × 3024"
    assert facts["Size"] == "2.0 KB" and "Person" not in facts
