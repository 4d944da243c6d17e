"""Issue 21, outside tester a21m finding m5: on an adopted workbook `sheets check` advised `turfbook sheets init`
for a missing tab, and init then added empty People/Conversations/Organizers beside the adopted Contacts/Convos/
Staff. Now init never adds a tab the stored adoption maps to one of theirs (it says so, EN/ES), and check advises
`sheets init` then `sheets adopt` (EN/ES): followed, nothing is missing, nothing doubled, no staff cell changed."""

from __future__ import annotations

from tests.integration.test_adopt_tabs import book  # noqa: F401  (fixture)
from turfbook.cli import main

HEAD = ["Date", "Name", "F/U date", "F/U done", "Notes"]
STAFF = {"Staff": [["Name", "Email"], ["Rosa Díaz", "r@x.org"]],
         "Contacts": [["Name", "Phone"], ["Ana Ruiz", "5551234567"], ["Eva Long", "5551234568"]],
         "Convos": [HEAD, ["11/2/2026", "Ana Ruiz", "11/10/2026", "", ""],
                    ["11/3/2026", "Eva Long", "11/16/2026", "", ""]]}


def _run(path, capsys, *args) -> str:
    capsys.readouterr()
    assert main(["--config", path, *args]) == 0
    return capsys.readouterr().out


def _titles(sheets) -> list[str]:
    return [s["properties"]["title"] for s in sheets.metadata("sheets(properties(title))")["sheets"]]


def _staff_cells(sheets) -> dict[str, list[list]]:
    got = sheets.read_tabs(list(STAFF))
    return {t: [r[:len(STAFF[t][0])] for r in got[t]] for t in STAFF}


def test_check_advises_adopt_and_following_it_leaves_no_missing_or_twin_tab(book, capsys):  # noqa: F811
    sheets, path = book(STAFF)
    _run(path, capsys, "sheets", "adopt")
    before = _staff_cells(sheets)
    check = _run(path, capsys, "sheets", "check")
    missing = [line for line in check.splitlines() if "the tab is missing" in line]
    assert missing, check
    assert all("then `turfbook sheets adopt`" in line and "luego `turfbook sheets adopt`" in line
               for line in missing), missing
    init = _run(path, capsys, "sheets", "init")            # the advice, followed
    assert "then run `turfbook sheets adopt`" in init, init
    _run(path, capsys, "sheets", "adopt")
    again = _run(path, capsys, "sheets", "check")
    assert "the tab is missing" not in again and "is not adopted" not in again, again
    titles = _titles(sheets)
    assert not {"People", "Conversations", "Organizers"} & set(titles), titles
    assert _staff_cells(sheets) == before


def test_init_on_an_adopted_workbook_adds_no_twin_of_their_tabs_and_says_so(book, capsys):  # noqa: F811
    sheets, path = book(STAFF)
    _run(path, capsys, "sheets", "adopt")
    before = _staff_cells(sheets)
    out = _run(path, capsys, "sheets", "init")
    titles = _titles(sheets)
    assert not {"People", "Conversations", "Organizers"} & set(titles), (titles, out)
    assert "tab 'People' not added: your 'Contacts' is adopted as it" in out, out
    assert "tab 'Organizers' not added: your 'Staff' is adopted as it" in out, out
    assert "pestaña 'Conversations' no añadida" in out, out
    assert "Wall chart" not in titles, titles               # made by the chart job, under a free title (not twice)
    assert "Settings" in titles                            # the tabs no adopted tab stands for are still added
    adopt = _run(path, capsys, "sheets", "adopt")          # init's tabs, adopted as Turfbook's own
    check = _run(path, capsys, "sheets", "check")
    assert "is not adopted" not in check and "the tab is missing" not in check, (adopt, check)
    assert _staff_cells(sheets) == before
