"""The bad-input corpus (tests/corpus/schema/*.yaml): each case gives exactly one clear problem
naming the tab, the row ID and the column, and the rest of the workbook is still read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.support.schema_workbook import BASE
from turfbook.schema import load_schema, parse_workbook
from turfbook.yamlfile import load_yaml

CORPUS = sorted((Path(__file__).parents[1] / "corpus" / "schema").glob("*.yaml"))
TODAY = date(2026, 11, 23)

def test_the_corpus_has_at_least_twenty_cases():
    assert len(CORPUS) >= 20


def test_the_base_workbook_has_no_problems():
    assert parse_workbook(load_schema(), BASE, today=TODAY).problems == []


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_each_bad_input_gives_one_clear_problem(path):
    case = load_yaml(path)
    tabs = {**BASE, **case["tabs"]}
    if "huge" in case:
        huge = case["huge"]
        tabs[huge["tab"]][huge["row"]][huge["column"]] = "x" * huge["length"]
    snapshot = parse_workbook(load_schema(), tabs, today=TODAY)
    problems = snapshot.problems
    assert len(problems) == 1, [p.message for p in problems]
    problem = problems[0]
    expect = case["expect"]
    assert (problem.tab, problem.row_id, problem.column, problem.kind) == (
        expect["tab"], expect["row_id"], expect["column"], expect["kind"])
    assert expect["contains"] in problem.message
    assert problem.message.startswith(expect["tab"])
    if expect["row_id"]:
        assert expect["row_id"] in problem.message
    # the run continues: every other tab is still there and parsed
    assert {"People", "Conversations", "Worksites", "Issues"} <= set(snapshot.tabs)
