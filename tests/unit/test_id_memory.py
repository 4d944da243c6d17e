"""id_memory (fix23a): the spreadsheet's memory of the highest ID number given per prefix — read from a
spreadsheets.get answer, only ever raised, a value not read said (EN/ES) and never a crash."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from turfbook.schema.id_memory import KEY, Memory, merged, of, problems, text


def _meta(*values: str, key: str = KEY, location: str = "SPREADSHEET") -> dict:
    return {"developerMetadata": [{"metadataId": 10 + n, "metadataKey": key, "metadataValue": v,
                                   "location": {"locationType": location, "spreadsheet": True}}
                                  for n, v in enumerate(values)]}


def test_read_from_the_spreadsheets_answer():
    memory = of(_meta('{"W":12,"C":120}'))
    assert memory.numbers == {"W": 12, "C": 120} and memory.ids == [10] and not memory.unreadable
    assert of({}).numbers == {} and of({}).ids == []
    assert of(_meta('{"W":12}', key="other")).numbers == {}                 # another key: not ours
    assert of(_meta('{"W":3}', '{"W":12,"I":2}')).numbers == {"W": 12, "I": 2}  # a copy: the higher of each


def test_what_cannot_be_read_is_said_and_the_rest_still_counts():
    memory = of(_meta('{"W":12,"P":"x","c":4,"I":-1,"T":true,"M":"7"}'))
    assert memory.numbers == {"W": 12, "M": 7, "C": 4}                       # a lowercase prefix is its prefix
    assert memory.unreadable == ["P: x", "I: -1", "T: True"]
    garbled = of(_meta("W-12 please"))
    assert garbled.numbers == {} and garbled.unreadable == ["W-12 please"] and garbled.bad == [10]
    [problem] = problems(garbled, "schema")
    assert problem.kind == "id_memory" and "W-12 please" in problem.message and " / " in problem.message
    assert "no puede leer" in problem.message
    assert problems(memory, "field") and not problems(of(_meta('{"W":1}')), "schema") and not problems(None, "x")


def test_a_poisoned_value_is_said_never_a_crash():
    """a23f 3: '²' passed str.isdigit and failed int(); "["*20000 raised RecursionError; a 4,300-digit number
    failed int(): every ID-giving job stopped with a bare Python error, run after run. a23f 6: 2.0 is 2."""
    for value, said in (('{"W":"²"}', "W: ²"), ("[" * 20000, "[" * 20), ('{"W":' + "9" * 4400 + "}", '{"W":999'),
                        ('{"W":' + "9" * 4000 + "}", "W: too large"),
                        ('{"W":' + "[" * 900 + "]" * 900 + "}", "W: list"),
                        ('{"W":1e400}', "W: inf"), ('{"W":{"x":1}}', "W: dict"), ('{"ÅB":3}', "ÅB: 3")):
        memory = of(_meta(value))
        assert memory.numbers == {} and memory.unreadable[0].startswith(said), (value[:30], memory.unreadable)
        assert problems(memory, "schema")[0].kind == "id_memory"
    assert of(_meta('{"W":2.0,"I":" 7 "}')).numbers == {"W": 2, "I": 7}


def _applied(memory, requests) -> dict[int, dict]:
    """The entries as Google holds them once `requests` landed (creates and value updates)."""
    held = {i: json.loads(text(n)) for i, n in memory.entries.items()} | {i: {} for i in memory.bad}
    for r in requests:
        if "createDeveloperMetadata" in r:
            body = r["createDeveloperMetadata"]["developerMetadata"]
            held[body["metadataId"]] = json.loads(body["metadataValue"])
        else:
            update = r["updateDeveloperMetadata"]
            held[update["dataFilters"][0]["developerMetadataLookup"]["metadataId"]] = json.loads(
                update["developerMetadata"]["metadataValue"])
    return held


def test_raised_never_lowered_and_created_once():
    memory = Memory()
    requests, landed = memory.raise_to({"W": 3})
    [create] = requests
    body = create["createDeveloperMetadata"]["developerMetadata"]
    assert body["metadataKey"] == KEY and body["location"] == {"spreadsheet": True}
    assert json.loads(body["metadataValue"]) == {"W": 3} and body["visibility"] == "DOCUMENT"
    landed()
    assert memory.ids == [body["metadataId"]] and memory.numbers == {"W": 3}
    assert memory.raise_to({"W": 2})[0] == []                      # it holds more already: nothing to write
    [update], _ = memory.raise_to({"W": 4})
    assert update["updateDeveloperMetadata"]["dataFilters"] == [
        {"developerMetadataLookup": {"metadataId": body["metadataId"]}}]
    assert json.loads(update["updateDeveloperMetadata"]["developerMetadata"]["metadataValue"]) == {"W": 4}


def test_a_prefix_of_its_own_so_a_job_never_rewrites_another_jobs_prefix():
    memory = of(_meta('{"W":12}', '{"C":120}'))
    requests, _ = memory.raise_to({"M": 5, "W": 3})                 # filing: M- only; W- as it was
    [create] = requests
    assert json.loads(create["createDeveloperMetadata"]["developerMetadata"]["metadataValue"]) == {"M": 5}
    [update], _ = memory.raise_to({"C": 121})
    assert update["updateDeveloperMetadata"]["dataFilters"][0]["developerMetadataLookup"]["metadataId"] == 11


def test_an_unreadable_memory_is_written_afresh_with_the_next_id_and_still_said():
    memory = of(_meta("garbage", '{"W":2,"P":"x"}'))
    requests, landed = memory.raise_to({"I": 4})
    assert _applied(memory, requests) == {10: {"I": 4}, 11: {"W": 2}}   # the garbage entry takes the new prefix
    landed()
    assert memory.raise_to({})[0] == [] and problems(memory, "schema")      # said for the run that found it


@given(st.lists(st.dictionaries(st.from_regex(r"[A-Z]{1,2}", fullmatch=True), st.integers(0, 10**9)), max_size=3),
       st.dictionaries(st.from_regex(r"[A-Z]{1,2}", fullmatch=True), st.integers(0, 10**9)))
def test_the_memory_written_is_never_below_what_was_read_nor_what_was_given(stored, new):
    memory = of(_meta(*map(text, stored)))
    requests, _ = memory.raise_to(new)
    after = merged(*_applied(memory, requests).values())
    assert all(after.get(p, 0) >= n for p, n in [*merged(*stored).items(), *new.items()])
    assert all(after[p] == max(merged(*stored).get(p, 0), n) for p, n in new.items())
