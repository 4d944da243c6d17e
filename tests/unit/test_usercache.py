"""The per-user cache (issue 22): parsed YAML read back as a fresh parse gives it, an edited text parsed
afresh, errors never cached; a damaged entry or an unsafe folder only cost the parse."""

from __future__ import annotations

import datetime as dt
import tempfile

import pytest

from turfbook import defaults, usercache
from turfbook.schema import loader
from turfbook.yamlfile import CACHE_KIND, YamlError, _parse, loads_yaml


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    loader._parsed.cache_clear()
    yield
    loader._parsed.cache_clear()


def _entries() -> list:
    return sorted(usercache._folder().glob(CACHE_KIND + "-*"))


def test_the_shipped_schema_from_the_cache_is_the_freshly_parsed_one():
    text = (defaults.schema_dir() / defaults.SCHEMA_FILE).read_text(encoding="utf-8")
    fresh = loader.build_schema(_parse(text, "s"), "s")
    assert loader.load_schema() is not None and len(_entries()) == 1
    loader._parsed.cache_clear()
    assert loader.load_schema().tabs == fresh.tabs
    assert loads_yaml(text) == _parse(text, "s")


def test_types_and_order_survive_and_an_edit_is_parsed_afresh():
    text = "b: 1\na: yes\nyes: [1.5, null, x, !!binary aGk=]\n3: c\n"
    assert loads_yaml(text) == loads_yaml(text) == _parse(text, "t") and len(_entries()) == 1
    again = loads_yaml(text)
    assert list(again) == ["b", "a", True, 3] and type(again["a"]) is bool and again[True][3] == b"hi"
    assert loads_yaml(text) is not again                  # a fresh object each time: callers may change it
    assert loads_yaml(text.replace("1.5", "2.5"))[True][0] == 2.5 and len(_entries()) == 2


def test_what_marshal_cannot_hold_is_parsed_each_time():
    assert loads_yaml("day: 2026-11-23\n") == {"day": dt.date(2026, 11, 23)} and _entries() == []


def test_a_bad_text_is_the_same_error_and_never_cached():
    for _ in range(2):
        with pytest.raises(YamlError, match="f.yaml: duplicate key 'a'"):
            loads_yaml("a: 1\na: 2\n", "f.yaml")
    assert _entries() == []


def test_a_damaged_entry_costs_only_the_parse():
    loads_yaml("a: [1, 2]\n")
    (entry,) = _entries()
    entry.write_bytes(entry.read_bytes()[:5])
    assert loads_yaml("a: [1, 2]\n") == {"a": [1, 2]}


def test_a_folder_others_may_write_in_is_not_used():
    folder = usercache._folder()
    folder.chmod(0o770)
    assert usercache._folder() is None and loads_yaml("a: 1\n") == {"a": 1}
    assert list(folder.glob(CACHE_KIND + "-*")) == []


def test_the_folder_keeps_at_most_keep_entries(monkeypatch):
    monkeypatch.setattr(usercache, "KEEP", 4)
    for n in range(9):
        loads_yaml(f"n: {n}\n")
    assert 2 <= len(_entries()) <= 4


def test_the_shrunk_discovery_document_from_the_cache_is_the_one_made_afresh(monkeypatch):
    from turfbook.workspace import transport

    transport._document.cache_clear()
    made = transport._document("sheets", "v4")
    (entry,) = usercache._folder().glob(transport.DOCUMENT_KIND + "-*")
    transport._document.cache_clear()
    monkeypatch.setattr(transport, "_without_prose", None)          # must not be needed now
    assert transport._document("sheets", "v4") == made
    entry.write_bytes(made[:100])                                   # a damaged entry: made afresh
    transport._document.cache_clear()
    monkeypatch.undo()
    monkeypatch.setattr(tempfile, "tempdir", str(entry.parent.parent))
    assert transport._document("sheets", "v4") == made
    transport._document.cache_clear()
