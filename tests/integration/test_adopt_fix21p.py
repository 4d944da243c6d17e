"""Issue 21, the fifth outside attack (a21e), group p: each finding turned into a test. A small workbook adopted
through the CLI against the emulator, then overdue and the digest run on it; every count is a hand count.

1 People's "Name" renamed after the adoption: found again by its names, or (a name Turfbook does not know) the
follow-up figures are unknown and nothing is written — never false OVERDUE flags · 2 a two-row header (a
merged group row 'Contacto' | 'Seguimiento' above Fecha | Nombre | Fecha | Hecho) reads the follow-up column;
a conversation log adopted without one is a problem and "unknown", never 0 · 3 a header that clearly says
another tab outweighs the title ('Contactos' holding a conversation log) · 4 the overdue summary says
"unknown" when the digest does, and Turfbook's columns never added are said so, not "deleted"."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.integration import test_adopt_attacks as attacks
from turfbook.cli import main
from turfbook.digest.render import render_director
from turfbook.jobs import digest
from turfbook.jobs.registry import _connect
from turfbook.workspace.sheets import CellWrite

book = attacks.book
TODAY = "2026-11-20"
PEOPLE = [["Name", "Phone"], ["Ana Ruiz", "860-555-0101"], ["Bea Soto", "860-555-0102"]]
CONVOS = [["Date", "Name", "F/U date", "Notes"], ["11/02/2026", "Ana Ruiz", "11/10/2026", "first"],
          ["11/12/2026", "Ana Ruiz", "", "called back: closes the follow-up"],
          ["11/03/2026", "Bea Soto", "11/15/2026", ""]]


def statuses(sheets, title: str) -> list[str]:
    rows = sheets.read_tabs([title])[title]
    at = next(i for i, r in enumerate(rows) if "Status" in r)
    status = rows[at].index("Status")
    return [(r + [""] * status)[status] for r in rows[at + 1:]]


def follow_ups(config):
    prepared = digest.prepare(_connect(config), today=dt.date.fromisoformat(TODAY))
    return prepared, prepared.digest.follow_ups


@pytest.mark.parametrize("header", ["Nombre y apellido", "Quién es", "(ID column deleted)"])
def test_peoples_name_renamed_never_gives_false_overdue_flags(book, capsys, header):
    """a14_people_name_lost.py: after the adoption People's 'Name' became 'Nombre y apellido'; every conversation
    became "not in People", Ana's follow-up closed by her later visit became OVERDUE 10d and the digest said 2.
    A Spanish name of the column is found again (hand count: Bea only); a name Turfbook does not know holds the
    flags as they were, and the summary and the digest both say unknown, naming People's column."""
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    before = statuses(sheets, "Convos")
    assert before == ["done", "", "OVERDUE 5d"]
    if header.startswith("("):                            # People's ID, the other column the rule joins by
        sheets.batch_update([{"deleteDimension": {"range": {"sheetId": 0, "dimension": "COLUMNS", "startIndex": 2,
                                                            "endIndex": 3}}}])
    else:
        sheets.write([CellWrite("'Contacts'!A1", [[header]])], input_option="RAW")
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert statuses(sheets, "Convos") == before
    assert "not in People" not in out and "not a People ID" not in out
    prepared, f = follow_ups(book.config)
    if header == "Nombre y apellido":                      # one of the column's own names: found again
        assert "overdue 1," in out and f.overdue.now == 1 and not f.unknown
        return
    column = "ID (People)" if header.startswith("(") else "Name (People)"
    assert "open: unknown (overdue unknown)" in out and column in out, out
    assert "overdue 1," not in out
    assert f.unknown == [column]
    for language, says in (("en", "Overdue now: unknown"), ("es", "Vencidos ahora: desconocido")):
        assert says in render_director(prepared.digest, language).text


GROUPED = [["Contacto", "", "Seguimiento", ""], ["Fecha", "Nombre", "Fecha", "Hecho"],
           ["2026-11-02", "Ana Ruiz", "2026-11-10", ""], ["2026-11-03", "Bea Soto", "2026-11-30", ""],
           ["2026-11-04", "Carla Paz", "2026-11-12", "sí"]]


def test_a_group_row_above_the_header_names_the_follow_up_column(book, capsys):
    """a15_header_shapes.py / a15b_two_row_digest.py: the merged group row was ignored, C 'Fecha' was "kept as
    your own column", no follow-up column mapped and the digest said "Overdue now: 0". Hand count: Ana overdue
    (Carla's is done); a second adopt writes nothing new; every staff cell as it was."""
    sheets, path = book({"Contacts": PEOPLE + [["Carla Paz", "3"]], "Convos": GROUPED})
    sheets.batch_update([{"mergeCells": {"range": {"sheetId": 1, "startRowIndex": 0, "endRowIndex": 1,
                                                   "startColumnIndex": a, "endColumnIndex": a + 2},
                                         "mergeType": "MERGE_ALL"}} for a in (0, 2)])
    assert main(["--config", path, "sheets", "adopt", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "C 'Fecha de Seguimiento' → Follow-up due" in out, out
    assert "D 'Seguimiento Hecho' → Follow-up done" in out and "A 'Fecha de Contacto' → Date" in out
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    rows = sheets.read_tabs(["Convos"])["Convos"]
    assert [r[:4] for r in rows[:2]] == [["Contacto", "", "Seguimiento"], ["Fecha", "Nombre", "Fecha", "Hecho"]]
    assert [r[:4] for r in rows[2:]] == [r + [""] * (4 - len(r)) if len(r) < 4 else r for r in GROUPED[2:]]
    assert statuses(sheets, "Convos") == ["OVERDUE 10d", "", "done"]
    assert all(str(r[4]).startswith("C-") for r in rows[2:])           # IDs on every row
    _, f = follow_ups(book.config)
    assert f.overdue.now == 1 and not f.unknown
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert "nothing: everything was already there" in capsys.readouterr().out


def test_a_conversation_log_adopted_without_a_follow_up_column_is_a_problem_and_unknown(book, capsys):
    """a15b (in any case): a Conversations sheet with no follow-up column found must be a problem in the report
    and "Overdue now: unknown" in the digest, never 0 — and the overdue summary says the same."""
    log = [["Date", "Name", "Cuándo volver", "Notes"], ["11/02/2026", "Ana Ruiz", "11/10/2026", "a"],
           ["11/03/2026", "Bea Soto", "11/30/2026", "b"]]
    sheets, path = book({"Contacts": PEOPLE, "Convos": log})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    out = capsys.readouterr().out
    report = out[out.index("## Problems to fix"):]
    assert "'Convos' (Conversations): no column is read as Follow-up due" in report, report
    spanish = (book.config.data_dir / "adoption-report.es.md").read_text(encoding="utf-8")
    assert "No se encuentra una columna que Turfbook necesita: Conversaciones, columna Fecha de seguimiento" in spanish
    assert "fila None" not in spanish
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    assert "open: unknown (overdue unknown)" in capsys.readouterr().out
    prepared, f = follow_ups(book.config)
    assert f.unknown == ["Follow-up due"]
    text = render_director(prepared.digest, "en").text
    assert "Overdue now: unknown" in text and "Overdue now: 0" not in text and "No follow-ups are overdue" not in text


CALLS = [["Name", "Phone", "Email", "Site"], ["Ana Ruiz", "1", "a@x.org", "Oak"], ["Bea Soto", "2", "", "Oak"]]
TITLES = {   # title: (its rows, the other tab, the tab a person expects, the conversations' statuses by hand)
    "Contactos": ([["Fecha", "Nombre", "Fecha de seguimiento", "Notas"], ["2026-11-02", "Ana Ruiz", "2026-11-10", ""],
                   ["2026-11-03", "Bea Soto", "2026-11-30", ""]], {"Gente": PEOPLE}, "Conversations",
                  ["OVERDUE 10d", ""]),
    "Members - Rosa": (CONVOS, {"Gente": PEOPLE}, "Conversations", ["done", "", "OVERDUE 5d"]),
    "Llamadas": (CALLS, {"Convos": CONVOS}, "People", ["done", "", "OVERDUE 5d"]),
}


@pytest.mark.parametrize("title", list(TITLES))
def test_a_header_that_clearly_says_another_tab_outweighs_the_title(book, capsys, title):
    """a5_titles.py / a5b_title_consequence.py: 'Contactos' holding Fecha / Nombre / Fecha de seguimiento became
    People (sure 100%), P- IDs were written into the conversation log and overdue failed ("no Conversations
    tab"); 'Llamadas' holding people became Conversations. The choice is shown in --dry-run and the report."""
    rows, others, want, hand = TITLES[title]
    sheets, path = book({title: rows, **others})
    assert main(["--config", path, "sheets", "adopt", "--dry-run"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(f"- '{title}'"))
    assert line.startswith(f"- '{title}' → {want} (recognised by its columns, which clearly say this tab"), line
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    conversations = title if want == "Conversations" else "Convos"
    got = sheets.read_tabs([conversations])[conversations]
    ids = [r[got[0].index("ID")] for r in got[1:]]
    assert all(i.startswith("C-") for i in ids), ids
    assert statuses(sheets, conversations) == hand


def test_the_overdue_summary_says_unknown_when_the_digest_does(book, capsys):
    """a2_per_org_lost_column.py: Luis's 'F/U date' renamed on his own sheet; the digest said "Overdue now:
    unknown" while `run overdue` printed "overdue 1" (Rosa's alone). One function (followup.unknown_columns)
    decides both."""
    h = ["Date", "Name", "F/U date", "Notes"]
    sheets, path = book({"Contacts": PEOPLE + [["Eva Long", "3"]],
                         "Convos - Rosa": [h, ["11/02/2026", "Ana Ruiz", "11/10/2026", ""]],
                         "Convos - Luis": [h, ["11/04/2026", "Eva Long", "11/12/2026", ""]]})
    assert main(["--config", path, "sheets", "adopt"]) == 0
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    assert "overdue 2," in capsys.readouterr().out
    sheets.write([CellWrite("'Convos - Luis'!C1", [["Call back on"]])], input_option="RAW")
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "open: unknown (overdue unknown)" in out and "overdue 1" not in out, out
    assert follow_ups(book.config)[1].unknown == ["Follow-up due"]


def test_turfbooks_columns_never_added_are_said_not_added_yet_not_deleted(emulator, book, capsys):
    """a7_big_concurrent.py: a row inserted above the Convos header while adopt wrote: adopt left 'Convos' alone
    (its mapping has no Turfbook columns), and run overdue then said they "are missing or show #REF! (deleted…)".
    Never added: said so, with what to run; the next adopt adds them and overdue no longer says it."""
    sheets, path = book({"Contacts": PEOPLE, "Convos": CONVOS})
    insert = {"insertDimension": {"range": {"sheetId": 1, "dimension": "ROWS", "startIndex": 0, "endIndex": 1}}}
    assert attacks.adopt_while(emulator, path, 1, lambda: sheets.batch_update([insert])) == 0
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    said = [x for x in capsys.readouterr().out.splitlines() if "'Convos': Turfbook's column(s)" in x]
    assert len(said) == 1 and "ID, Status, Flagged at, Problems were not added yet" in said[0], said
    assert "#REF!" not in said[0] and "deleted" not in said[0] and "Run `turfbook sheets adopt` to add them" in said[0]
    assert main(["--config", path, "sheets", "adopt"]) == 0
    capsys.readouterr()
    assert main(["--config", path, "run", "overdue", "--today", TODAY]) == 0
    assert "Turfbook's column(s)" not in capsys.readouterr().out
    assert statuses(sheets, "Convos") == ["done", "", "OVERDUE 5d"]
