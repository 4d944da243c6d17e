"""The emulator's Drive `q` parser and its media metadata readers (pure, no server)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook_emulator.drive import media, query

CTX = {"me": "sa@example.iam.gserviceaccount.com", "root": "ROOT"}
FILE = {"id": "f1", "name": "2026-11-21_little-stars_broken-heat_003.jpg", "mimeType": "image/jpeg",
        "parents": ["P1"], "trashed": False, "starred": True, "modifiedTime": "2026-11-21T10:00:00.000Z",
        "createdTime": "2026-11-20T10:00:00.000Z", "appProperties": {"worksite": "W-0001", "filed": "yes"},
        "description": "Heat broken in room 2", "driveId": "D1"}


@pytest.mark.parametrize("q, expected", [
    ("name = '2026-11-21_little-stars_broken-heat_003.jpg'", True),
    ("name != 'x'", True),
    ("name contains '2026-11'", True),
    ("name contains 'LITTLE'", True),
    ("name contains 'ittle'", False),
    ("mimeType contains 'image/'", True),
    ("mimeType = 'application/vnd.google-apps.folder'", False),
    ("'P1' in parents and trashed = false", True),
    ("'P2' in parents or starred = true", True),
    ("not trashed = false", False),
    ("not (name contains 'x' or trashed = true)", True),
    ("appProperties has { key='worksite' and value='W-0001' }", True),
    ("appProperties has { key='worksite' and value='W-0002' }", False),
    ("modifiedTime > '2026-11-21T09:00:00'", True),
    ("modifiedTime > '2026-11-21T06:00:00-05:00'", False),
    ("createdTime <= '2026-11-20T10:00:00Z'", True),
    ('name = "2026-11-21_little-stars_broken-heat_003.jpg"', True),
    ("fullText contains 'room 2'", True),
    ("'sa@example.iam.gserviceaccount.com' in owners", False),
])
def test_queries(q, expected):
    assert query.parse(q)(FILE, CTX) is expected


def test_escaped_quotes():
    assert query.parse(r"name = 'O\'Brien\\x'")({"name": "O'Brien\\x"}, CTX)


@pytest.mark.parametrize("q", ["", "name", "name =", "name = x", "trashed = 'false'", "name > 'a'",
                               "modifiedTime > 'yesterday'", "'a' in name", "unknown = 'x'", "(name = 'a'",
                               "name = 'a')", "name = 'a' and", "appProperties has { key='k' }",
                               "appProperties has { value='v' and key='k' }  extra", "name = 'unterminated"])
def test_bad_queries_are_invalid_value(q):
    with pytest.raises(query.QueryError) as caught:
        query.parse(q)
    assert caught.value.code == 400 and caught.value.message == "Invalid Value" and caught.value.location == "q"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="namecontis'=()<>!{} andortruefalsekyvlu\\\"", max_size=40))
def test_any_text_parses_or_is_invalid_value(text):
    try:
        predicate = query.parse(text)
    except query.QueryError:
        return
    predicate(FILE, CTX)


def test_word_prefix():
    assert query.word_prefix("HelloWorld", "hello")
    assert not query.word_prefix("HelloWorld", "World")
    assert query.word_prefix("Hello World", "world")


def test_jpeg_exif_and_orientation(tmp_path):
    from PIL import Image

    image = Image.new("RGB", (40, 30))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x0132] = "2025:01:02 03:04:05"
    path = tmp_path / "a.jpg"
    image.save(path, "JPEG", exif=exif)
    meta = media.image_metadata(path)
    assert meta == {"width": 40, "height": 30, "rotation": 1, "time": "2025:01:02 03:04:05"}
    assert media.sniff(path, "a.bin", None) == "image/jpeg"


def test_heic_if_the_encoder_is_available(tmp_path):
    from PIL import Image

    media._register_heif()
    path = tmp_path / "a.heic"
    try:
        Image.new("RGB", (64, 32)).save(path, "HEIF")
    except (KeyError, OSError, ValueError) as exc:
        pytest.skip(f"no HEIF encoder: {exc}")
    assert media.sniff(path, "a.heic", None) in ("image/heic", "image/heif")
    assert media.image_metadata(path)["width"] == 64


def test_mp4_without_moov_has_no_video_metadata(tmp_path):
    path = tmp_path / "v.mp4"
    path.write_bytes(b"\0\0\0\x10ftypisom\0\0\0\0" + b"\0" * 100)
    assert media.describe(path, "video/mp4") == {}
    assert media.sniff(path, "v.bin", "application/octet-stream") == "video/mp4"


def test_owners_writers_readers_and_shared_with_me_ask_the_context():
    """The permission-model terms go to the context's evaluators ('me' is the caller); without them, only
    the stored owner counts (pure use)."""
    mine = {"id": "f2", "name": "n", "mimeType": "text/plain", "owner": "ana@example.org"}
    asked = []
    ctx = {"me": "ben@example.org",
           "collection": lambda f, field, who: asked.append((field, who)) or field == "writers",
           "sharedWithMe": lambda f: True}
    assert query.parse("'me' in writers and sharedWithMe = true")(mine, ctx)
    assert not query.parse("'ana@example.org' in readers")(mine, ctx)
    assert asked == [("writers", "ben@example.org"), ("readers", "ana@example.org")]
    assert query.parse("'ana@example.org' in owners")(mine, {"me": "x"})
    assert not query.parse("'me' in owners")(mine, {"me": "ben@example.org"})
    assert not query.parse("'me' in writers")(mine, {"me": "ana@example.org"})
