"""Issue 21, outside attack a21e findings 10, 13, 17: after the adoption, Turfbook's own tabs and the team's
adopted sheets are known by their sheetId, never by a title staff can give another tab. Each attack script
(attack-a21e/attacks/a10, a13, a17) as a small test through the CLI against the emulator."""

from __future__ import annotations

import yaml

from tests.integration.test_adopt_tabs import book, formulas, run  # noqa: F401  (book: the fixture)

TODAY = "2026-11-20"
PEOPLE = [["Name", "Phone"], ["Ana Ruiz", "bad phone"], ["Bea Soto", "860-555-0102"]]
CONVOS = [["Date", "Name", "F/U date"], ["11/02/2026", "Ana Ruiz", "11/10/2026"],
          ["11/03/2026", "Nobody Known", "31/02/2026"]]


def _swap_titles(sheets) -> None:
    """Staff swap the titles of 'Contacts' and 'Convos' (through a third title, as the Sheets UI must)."""
    ids = _ids(sheets)
    sheets.batch_update([
        {"updateSheetProperties": {"properties": {"sheetId": ids["Convos"], "title": "tmp"}, "fields": "title"}},
        {"updateSheetProperties": {"properties": {"sheetId": ids["Contacts"], "title": "Convos"}, "fields": "title"}},
        {"updateSheetProperties": {"properties": {"sheetId": ids["Convos"], "title": "Contacts"}, "fields": "title"}}])


def _ids(sheets) -> dict[str, int]:
    return {s["properties"]["title"]: s["properties"].get("sheetId", 0)
            for s in sheets.metadata("sheets.properties(sheetId,title)")["sheets"]}


def test_a_problems_tab_the_team_makes_after_adoption_is_theirs(book, capsys):  # noqa: F811
    """a10: staff deleted Turfbook's Problems and made their own (Site | Problem | Reported). `sheets check`
    erased their cells and wrote Turfbook's header and rows there. Now no job writes it: the stored sheetId is
    gone, so a 'Problems' is not Turfbook's whatever it holds; the first job to write problems makes Turfbook's
    again under a free title with that sheetId, and adopt keeps it."""
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS})
    assert run(path, "sheets", "adopt") == 0
    stored = yaml.safe_load((book.data_dir / "adoption.yaml").read_text(encoding="utf-8"))
    assert stored["own_tabs_ids"]["Problems"] == _ids(sheets)["Problems"]
    theirs = [["Site", "Problem", "Reported"], ["Oak", "no heat", "11/02/2026"], ["Sol", "rats", "11/05/2026"]]
    sheets.batch_update([{"deleteSheet": {"sheetId": _ids(sheets)["Problems"]}},
                         {"addSheet": {"properties": {"sheetId": 900, "title": "Problems"}}}])
    sheets.write([sheets_write("Problems", theirs)], input_option="RAW")
    before = formulas(sheets, ["Problems"])
    for args in (["sheets", "check"], ["run", "overdue", "--today", TODAY], ["sheets", "adopt"], ["sheets", "check"]):
        assert run(path, *args) == 0, args                  # the jobs make Turfbook's again, at a free title
        assert formulas(sheets, ["Problems"]) == before, args
    after = formulas(sheets, ["Problems", "Turfbook problems"])
    assert after["Turfbook problems"][0][:2] == ["Job", "Tab"]
    assert any("Nobody Known" in str(c) for r in after["Turfbook problems"] for c in r)
    stored = yaml.safe_load((book.data_dir / "adoption.yaml").read_text(encoding="utf-8"))
    assert stored["own_tabs"]["Problems"] == "Turfbook problems"
    assert _ids(sheets)["Turfbook problems"] == stored["own_tabs_ids"]["Problems"]
    assert sorted(sheets.tab_titles()).count("Turfbook problems") == 1 and "Turfbook problems 2" not in _ids(sheets)


def test_a_wall_chart_the_team_makes_after_adoption_is_theirs(book, capsys):  # noqa: F811
    """a13: the mapping said 'Wall chart' though no such tab existed; staff then made their own, and the digest
    replaced it whole. Now the digest makes Turfbook's under a free title, with the sheetId reserved for it at
    adoption, and the next run finds it by that sheetId."""
    people = [["Name", "Phone", "Site"], ["Ana Ruiz", "860-555-0101", "Oak"], ["Bea Soto", "860-555-0102", "Oak"]]
    convos = [["Date", "Name", "F/U date"], ["11/02/2026", "Ana Ruiz", "11/10/2026"],
              ["11/03/2026", "Bea Soto", "11/30/2026"]]
    sheets, path = book({"Contacts": people, "Convos": convos})
    assert run(path, "sheets", "adopt") == 0
    reserved = yaml.safe_load((book.data_dir / "adoption.yaml").read_text(encoding="utf-8"))["own_tabs_ids"]
    assert reserved["Wall chart"] not in _ids(sheets).values()
    wall = [["Oak — wall chart (hand made)"], ["Name", "Signed card"], ["Ana Ruiz", "✔"], ["Bea Soto", ""]]
    sheets.batch_update([{"addSheet": {"properties": {"sheetId": 500, "title": "Wall chart"}}}])
    sheets.write([sheets_write("Wall chart", wall)], input_option="RAW")
    before = formulas(sheets, ["Wall chart"])
    for _ in range(2):
        assert run(path, "run", "digest", "--today", TODAY, "--to", "d@example.org") == 0
    after = formulas(sheets, ["Wall chart", "Turfbook wall chart"])
    assert after["Wall chart"] == before["Wall chart"]
    assert after["Turfbook wall chart"][0][0] == "Wall chart"
    ids = _ids(sheets)
    assert ids["Turfbook wall chart"] == reserved["Wall chart"]
    assert list(ids).count("Turfbook wall chart") == 1 and "Turfbook wall chart 2" not in ids


def test_swapped_titles_are_followed_by_sheet_id_and_no_id_is_rewritten(book, capsys):  # noqa: F811
    """a17: after adopt and overdue, staff swap the titles of a People sheet and the Convos sheet. A swap gives
    no 400, so the jobs read each title as the other tab: `sheets check` renumbered every row (conversations
    got P- IDs) and the next adopt added a second ID column. Now each sheet is read as the tab it is."""
    people = [["Name", "Phone"], ["Ana Ruiz", "860-555-0101"], ["Eva Long", "860-555-0102"]]
    convos = [["Date", "Name", "F/U date"], ["2026-11-02", "Ana Ruiz", "2026-11-10"],
              ["2026-11-03", "Eva Long", "2026-11-30"]]
    sheets, path = book({"Contacts": people, "Convos": convos})
    assert run(path, "sheets", "adopt") == 0
    assert run(path, "run", "overdue", "--today", TODAY) == 0
    _swap_titles(sheets)
    before = formulas(sheets, ["Convos", "Contacts"])
    capsys.readouterr()
    for args in (["run", "overdue", "--today", TODAY], ["sheets", "check"]):
        assert run(path, *args) == 0, args
    out = capsys.readouterr().out
    assert "is not a P- ID" not in out and "is not a C- ID" not in out and "not found any more" not in out
    assert formulas(sheets, ["Convos", "Contacts"]) == before            # no ID, no staff cell changed
    shown = sheets.read_tabs(["Contacts"], render="FORMATTED_VALUE")["Contacts"]
    assert [r[1] for r in shown if any(str(c).startswith("OVERDUE") for c in r)] == ["Ana Ruiz"]
    assert run(path, "sheets", "adopt") == 0
    assert "nothing: everything was already there" in capsys.readouterr().out
    assert formulas(sheets, ["Convos", "Contacts"]) == before


def test_a_sheet_holding_another_tabs_ids_is_a_problem_not_a_rewrite(book, capsys):  # noqa: F811
    """a17, an older mapping (no sheetIds stored) after the same swap: the sheet read as Conversations holds
    People's P- IDs. It is named as a problem and nothing of it is read or renumbered."""
    people = [["Name", "Phone"], ["Ana Ruiz", "860-555-0101"]]
    convos = [["Date", "Name", "F/U date"], ["2026-11-02", "Ana Ruiz", "2026-11-10"]]
    sheets, path = book({"Contacts": people, "Convos": convos})
    assert run(path, "sheets", "adopt") == 0
    mapping = book.data_dir / "adoption.yaml"
    data = yaml.safe_load(mapping.read_text(encoding="utf-8"))
    for s in data["sheets"]:
        s.pop("sheet_id", None)
    mapping.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _swap_titles(sheets)
    before = formulas(sheets, ["Convos", "Contacts"])
    capsys.readouterr()
    run(path, "sheets", "check")
    out = capsys.readouterr().out
    assert "holds People rows (their IDs), but Turfbook knows this sheet as Conversations" in out
    assert "is not a C- ID" not in out and "is not a P- ID" not in out
    assert formulas(sheets, ["Convos", "Contacts"]) == before


def sheets_write(title: str, rows: list[list]):
    from turfbook.workspace.sheets import CellWrite

    return CellWrite(f"'{title}'!A1", rows)
