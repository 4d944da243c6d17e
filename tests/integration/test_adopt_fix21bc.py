"""Outside tester a21q q1e, q1f, q1g, q1c (fix21bc): another record's ID typed, then `sheets adopt` BEFORE any
night: adopt (dry-run, --language es, real) says it with the night's own message and takes no stored key the night
would not, so the night after says it too; a dead ID on a new row: "clear its ID cell", and followed, the row gets
its own ID, flagged afresh ("newly overdue")."""
from tests.integration import test_adopt_attacks as attacks
from tests.integration.test_adopt_fix21ak import _night
from tests.integration.test_adopt_fix21as import _type_id, _view
from tests.integration.test_adopt_fix21az import BO_1117, DAY_1119, _delete_ana, _two_flagged, _write
from turfbook.cli import main

book = attacks.book


def _adopt(path, capsys, *args) -> str:
    capsys.readouterr()
    assert main(["--config", path, "sheets", "adopt", *args]) == 0
    return capsys.readouterr().out


def test_a_dead_id_typed_the_day_a_name_is_corrected_then_adopt_says_it_and_the_night_says_it_again(
        emulator, book, capsys):
    """q1e dead_on_bo_name_fixed: adopt (dry-run EN/ES, real) says it; Bo keeps C-000001 as the night would; the
    night after says it again; the advice followed, Bo is C-000002 with his own Flagged at."""
    sheets, path = _two_flagged(book, capsys)
    _delete_ana(sheets, path, capsys)
    _write(sheets, "B2", [["Bo Lee"]])
    _type_id(sheets, 2, "C-000001")
    said = "'Convos' row 2: C-000001 was typed into its ID cell; C-000001 is a deleted record's ID"
    assert said in _adopt(path, capsys, "--dry-run")
    assert "se escribió C-000001 en su celda ID" in _adopt(path, capsys, "--dry-run", "--language", "es")
    assert said in _adopt(path, capsys)
    night = _night(path, capsys, "2026-11-19")
    assert said in night and "type C-000002 into its ID cell" in night, night
    _type_id(sheets, 2, "C-000002")                  # the advice
    night = _night(path, capsys, "2026-11-20")
    assert "writes nothing" not in night and "newly overdue: 0" in night, night
    assert [(v[1], v[3]) for v in _view(sheets)][0] == ("C-000002", BO_1117), _view(sheets)


def test_a_live_id_typed_over_an_edited_row_then_adopt_says_which_id_it_held(emulator, book, capsys):
    """q1e live_over_bo_edited, q1f: adopt says "which held C-000002" (dry-run and real), not 'copied from'."""
    sheets, path = _two_flagged(book, capsys)
    _write(sheets, "E3", [["called, no answer"]])
    _type_id(sheets, 3, "C-000001")
    dry = _adopt(path, capsys, "--dry-run")
    assert "'Convos' row 3: C-000001 was typed into its ID cell, which held C-000002" in dry, dry
    assert "que tenía C-000002" in _adopt(path, capsys, "--dry-run", "--language", "es")
    real = _adopt(path, capsys)
    assert "which held C-000002" in real and "type C-000002 into its ID cell" in real, real
    _type_id(sheets, 3, "C-000002")                  # the advice: C-000002's key was kept (id_typed.frozen)
    night = _night(path, capsys, "2026-11-20")
    assert "writes nothing" not in night and "newly overdue: 0" in night, night
    assert [(v[1], v[3]) for v in _view(sheets)][1] == ("C-000002", BO_1117), _view(sheets)


def test_an_unedited_row_with_another_id_typed_then_adopt_says_its_own_id_given_back(emulator, book, capsys):
    """q1e dead_on_bo_unedited: adopt gives Bo C-000002 back and says so (as the night)."""
    sheets, path = _two_flagged(book, capsys)
    _delete_ana(sheets, path, capsys)
    _type_id(sheets, 2, "C-000001")
    assert "but C-000001 was typed into its ID cell" in _adopt(path, capsys, "--dry-run")
    assert "Turfbook gave the row C-000002 back" in _adopt(path, capsys)
    assert [(v[1], v[3]) for v in _view(sheets)][0] == ("C-000002", BO_1117), _view(sheets)


def test_a_dead_id_on_a_new_row_before_any_night_is_said_and_clearing_it_gives_its_own_id(emulator, book, capsys):
    """q1g, q1c: Eve (dated 11/1, follow-up 11/12) typed with Ana's dead C-000001, adopt first: said; the advice
    "clear its ID cell" followed, Eve gets her own ID, newly overdue with her own Flagged at."""
    sheets, path = _two_flagged(book, capsys)
    _delete_ana(sheets, path, capsys)
    _write(sheets, "A4", [["11/1/2026", "Eve Moss", "11/12/2026", "", "late entry"]], "USER_ENTERED")
    _type_id(sheets, 4, "C-000001")
    rep = _adopt(path, capsys)
    assert "'Convos' row 4: C-000001 was typed into its ID cell" in rep, rep
    assert "if it is a new record, clear its ID cell (it gets its own ID" in rep, rep
    assert "si es un registro nuevo, vacíe su celda ID" in _adopt(path, capsys, "--dry-run", "--language", "es")
    night = _night(path, capsys, "2026-11-18")
    assert "'Convos' row 4: C-000001 was typed into its ID cell" in night, night      # said again until acted on
    _type_id(sheets, 4, "")                          # the advice
    night = _night(path, capsys, "2026-11-19")
    eve = dict((v[0], v[1:]) for v in _view(sheets))["Eve Moss"]
    assert eve[0] not in ("", "C-000001") and eve[1].startswith("OVERDUE") and eve[2] == DAY_1119, eve
    assert f"newly overdue: 1 ({eve[0]})" in night, night


def test_a_dead_id_kept_as_typed_is_taken_with_accept_rows_and_then_no_longer_said(emulator, book, capsys):
    """The other way out: the row IS the deleted record's, typed again: `sheets adopt --accept-rows` takes it
    (said), and the night after says nothing more of it."""
    sheets, path = _two_flagged(book, capsys)
    _delete_ana(sheets, path, capsys)
    _write(sheets, "A4", [["11/18/2026", "Eve Moss", "11/30/2026", "", "new"]], "USER_ENTERED")
    _type_id(sheets, 4, "C-000001")
    assert "run `turfbook sheets adopt --accept-rows`" in _night(path, capsys, "2026-11-19")
    rep = _adopt(path, capsys, "--accept-rows")
    assert "'Convos' row 4 keeps C-000001 as typed (--accept-rows)" in rep and "left unused" not in rep, rep
    night = _night(path, capsys, "2026-11-20")
    assert "C-000001 was typed into its ID cell" not in night and "writes nothing" not in night, night
