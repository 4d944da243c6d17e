"""Property tests: any name or field value yields a safe Drive name; parsers never crash on junk bytes."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from turfbook.media import heif, mp4
from turfbook.media.capture import exif_time
from turfbook.media.sniff import sniff
from turfbook.rules import Facts, Vocabulary, decide, loads_rules
from turfbook.rules.templates import NAME_LIMIT, clean_name, clean_segment, slug, unique_name

RULES = loads_rules("""
rules:
  - rule: any
    match: {}
    folder: "{{ worksite }}/{{ original }}/{{ captured | date('%Y') }}"
    name: "{{ original }}_{{ issue | slug }}_{{ seq | pad(3) }}{{ ext }}"
""")
TZ = ZoneInfo("America/New_York")


def safe(segment: str) -> bool:
    return (0 < len(segment.encode()) <= NAME_LIMIT and "/" not in segment and "\\" not in segment
            and segment not in (".", "..") and not segment.startswith(" ") and not any(ord(c) < 32 for c in segment))


@given(st.text(max_size=600))
def test_clean_segment_and_name_are_always_safe(text):
    assert safe(clean_segment(text))
    assert safe(clean_name(text))


@given(st.text(max_size=50))
def test_slug_is_ascii_dashes(text):
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug(text))


@settings(max_examples=60, deadline=None)
@given(name=st.text(min_size=1, max_size=400), worksite=st.text(min_size=1, max_size=300),
       issue=st.text(max_size=300))
def test_rendered_paths_are_safe_and_sequences_unique(name, worksite, issue):
    facts = Facts(name=name, content_type="image/jpeg", captured=datetime(2026, 1, 2, tzinfo=TZ),
                  properties={"issue": issue})
    decision = decide(RULES, facts, Vocabulary())
    decision.fields["worksite"] = worksite
    taken: set[str] = set()
    for _ in range(3):
        folder, name_out, _seq = unique_name(decision.rule, decision.fields, taken)
        assert all(safe(s) for s in folder) and safe(name_out)
        assert name_out.casefold() not in taken
        taken.add(name_out.casefold())


@settings(max_examples=200, deadline=None)   # its first example imports the media parsers
@given(st.binary(max_size=3000))
def test_binary_parsers_never_crash(data):
    sniff(data)
    mp4.creation_time(data, 0, len(data) + 10)
    heif.exif_location(data)
    heif.exif_location(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00heicmif1" + data)
    assert exif_time(data, TZ)[0] is None or isinstance(exif_time(data, TZ)[0], datetime)


_HEIC = None


def _heic() -> bytes:
    global _HEIC
    if _HEIC is None:
        from turfbook.demo import media_files

        _HEIC = media_files.heic("fuzz", when=datetime(2026, 1, 2, 3, 4, 5))
    return _HEIC


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 600), st.integers(0, 255)), max_size=8))
def test_heif_meta_parser_survives_corrupted_boxes(edits):
    data = bytearray(_heic())
    for pos, value in edits:
        data[pos % len(data)] = value
    where = heif.exif_location(bytes(data))
    assert where is None or (isinstance(where[0], int) and isinstance(where[1], int))
