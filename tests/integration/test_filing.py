"""Nightly filing against the emulator: filed once, re-runs idle, dry run = real run, bad files kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.integration.filing_support import fast, inbox, upload, workbook
from turfbook.demo import media_files
from turfbook.demo.media import seed_media
from turfbook.jobs import filing
from turfbook.jobs.filing_verify import media_rows
from turfbook.workspace import connect
from turfbook.workspace import drive_batch as gdrive

WHEN = datetime(2026, 11, 21, 9, 30)


@pytest.fixture
def book(config):
    return workbook(config)


def tree(workspace) -> dict[str, list[str]]:
    """folder path -> sorted file names, for the whole shared drive (but the workbook, which `sheets init`
    keeps in the shared drive's root)."""
    drive, _ = inbox(workspace)
    out: dict[str, list[str]] = {}

    def walk(folder_id, path):
        for f in drive.files_in(folder_id):
            if f["id"] != workspace.config.google.spreadsheet_id:
                out.setdefault(path, []).append(f["name"])
        for sub in drive.subfolders(folder_id):
            walk(sub["id"], f"{path}/{sub['name']}" if path else sub["name"])
    walk(drive.drive_id, "")
    return {k: sorted(v) for k, v in out.items()}


def test_small_inbox_is_filed_and_logged(book, emulator):
    ws = connect(book)
    _, inbox_id = inbox(ws)
    upload(ws, inbox_id, "IMG_4821.JPG", media_files.jpeg("a", when=WHEN), worksite="little stars",
           issue="broken heat", organizer="Jordan Ellis")
    upload(ws, inbox_id, "Hartford_LittleStars_heat.jpg", media_files.jpeg("b", when=WHEN))
    upload(ws, inbox_id, "IMG_0001.JPG", media_files.jpeg("c"))
    result = filing.run(connect(book))
    assert result.ok, result.summary
    assert result.counts["moved"] == 3 and result.counts["filed"] == 2 and result.counts["needs_review"] == 1
    files = tree(ws)
    assert files["Media/Hartford/Little Stars Center/2026-11"] == [
        "2026-11-21_little-stars-center_broken-heat_001.jpg", "2026-11-21_little-stars-center_heat_001.jpg"]
    assert files["Field uploads/_Needs review"] == ["IMG_0001.JPG"]
    rows = media_rows(connect(book))
    assert sorted(r["status"] for r in rows) == ["filed", "filed", "needs review"]
    review = next(r for r in rows if r["status"] == "needs review")
    assert review["reason"].startswith("no rule matches")
    # a file no rule matches is listed in the Problems tab too, in plain words (#19 item 8)
    problems = connect(book).sheets().read(["Problems"])[0]
    [listed] = [r for r in problems[1:] if r[5] == "No filing rule matches / Ninguna regla de archivo coincide"]
    assert listed[:3] == ["filing", "Media", review["id"]] and listed[4].startswith("IMG_0001.JPG: no rule matches")
    emulator.reset_stats()
    again = filing.run(connect(book))
    assert again.counts["moves"] == 0 and again.counts["moved"] == 0
    assert "sheets.spreadsheets.values.batchUpdate" not in emulator.stats()["by_method"]   # listed once


def test_bad_files_get_a_clear_status_and_nothing_is_lost(book):
    ws = connect(book)
    _, inbox_id = inbox(ws)
    upload(ws, inbox_id, "empty.jpg", b"", worksite="W-0001")
    upload(ws, inbox_id, "heat.jpg", b"%PDF-1.4\n" + b"x" * 2000, worksite="W-0001")
    upload(ws, inbox_id, "broken.jpg", media_files.corrupt_exif_jpeg("x"), worksite="W-0001")
    big = ws.execute(ws.drive_api.files().create(
        body={"name": "huge.mp4", "mimeType": "video/mp4", "parents": [inbox_id],
              "appProperties": {"worksite": "W-0001"}}, fields="id", supportsAllDrives=True))
    result = filing.run(connect(book))
    assert result.ok, result.summary
    rows = {r["original_name"]: r for r in media_rows(connect(book))}
    assert rows["empty.jpg"]["status"] == "needs review" and "empty" in rows["empty.jpg"]["reason"]
    assert rows["heat.jpg"]["status"] == "needs review" and "PDF" in rows["heat.jpg"]["reason"]
    assert rows["broken.jpg"]["status"] == "filed" and "EXIF" in rows["broken.jpg"]["reason"]
    assert rows["broken.jpg"]["capture_source"] == "uploaded"
    assert rows["huge.mp4"]["status"] == "needs review" and rows["huge.mp4"]["drive_file_id"] == big["id"]
    names = sum(tree(ws).values(), [])
    assert sorted(n for n in names if n != rows["broken.jpg"]["filed_name"]) == ["empty.jpg", "heat.jpg", "huge.mp4"]
    assert len(names) == 4


def test_dry_run_prints_exactly_what_the_real_run_does(book, emulator):
    ws = connect(book)
    seed_media(ws, book, count=40, seed=3, videos=4)
    emulator.reset_stats()
    dry = filing.run(connect(book), dry_run=True)
    writes = emulator.stats()["writes"]
    assert writes == 0
    planned = _dry_placements(book)
    real = filing.run(connect(book))
    assert dry.summary.splitlines()[2:] == real.summary.splitlines()[3:]
    assert real.counts["moved"] == dry.counts["moves"] == 40
    in_drive = {f"{folder}/{name}" for folder, names in tree(connect(book)).items() for name in names}
    assert in_drive == planned


def _dry_placements(book) -> set[str]:
    """Where the pure plan puts every file, computed separately from a run."""
    from turfbook.jobs.filing import _layout, gather
    from turfbook.jobs.filing_drive import FilingDrive
    from turfbook.jobs.filing_plan import plan
    from turfbook.rules import load_rules

    ws = connect(book)
    rules = load_rules(book.rules_dir / "filing.yaml")
    drive = FilingDrive.open(ws)
    layout = _layout(book, rules)
    inv = gather(ws, drive, rules, layout, drive.folder(layout.inbox, create=False), datetime.now(book.tz),
                 lambda _m: None)
    return {f"{p.folder_text}/{p.name}" for p in plan(inv.files, rules, inv.vocab, inv.ledger, layout).placements}


def test_duplicates_are_moved_aside_not_deleted(book):
    ws = connect(book)
    _, inbox_id = inbox(ws)
    photo = media_files.jpeg("dup", when=WHEN)
    upload(ws, inbox_id, "a.jpg", photo, worksite="W-0001")
    filing.run(connect(book))
    upload(ws, inbox_id, "a copy.jpg", photo, worksite="W-0001")
    result = filing.run(connect(book))
    assert result.counts["duplicates"] == 1
    assert tree(ws)["Field uploads/_Duplicates"] == ["a copy.jpg"]
    rows = {r["original_name"]: r for r in media_rows(connect(book))}
    assert rows["a copy.jpg"]["status"] == "duplicate" and rows["a.jpg"]["id"] in rows["a copy.jpg"]["reason"]
    fast(ws)


def test_misspelled_worksite_is_a_problem_and_a_quiet_rerun_writes_nothing(book, emulator):
    ws = connect(book)
    _, inbox_id = inbox(ws)
    upload(ws, inbox_id, "IMG_7.JPG", media_files.jpeg("m", when=WHEN), worksite="Litle Stars Centre")
    result = filing.run(connect(book))
    assert [p.message for p in result.problems] == [
        "IMG_7.JPG: worksite 'Litle Stars Centre' is not in Worksites; did you mean 'Little Stars Center'?"]
    problems = connect(book).sheets().read(["Problems"])[0]
    assert any("did you mean 'Little Stars Center'" in " ".join(map(str, row)) for row in problems)
    rows = media_rows(connect(book))
    assert rows[0]["status"] == "needs review" and "did you mean" in rows[0]["reason"]
    emulator.reset_stats()
    again = filing.run(connect(book))
    assert again.counts["planned"] == 0
    writes = {k: v for k, v in emulator.stats()["by_method"].items() if k.startswith("sheets.") and "get" not in k
              and "Get" not in k and not k.endswith("developerMetadata.search")}     # reads (search: stale tags)
    assert writes == {}


def test_cli_dry_run_then_run(book, tmp_path, capsys):
    import yaml

    from turfbook.cli import main

    ws = connect(book)
    seed_media(ws, book, count=8, seed=2, videos=1)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(book.model_dump(mode="json", exclude={"source"})))
    assert main(["--config", str(path), "run", "filing", "--dry-run"]) in (0, 1)
    dry = capsys.readouterr().out
    assert main(["--config", str(path), "run", "filing"]) in (0, 1)
    real = capsys.readouterr().out
    table = [line for line in dry.splitlines() if line.startswith("M-")]
    assert len(table) == 8 and table == [line for line in real.splitlines() if line.startswith("M-")]
    assert main(["--config", str(path), "run", "filing", "--verify"]) == 0


def test_verify_reports_what_staff_changed_in_drive(book):
    ws = connect(book)
    _, inbox_id = inbox(ws)
    upload(ws, inbox_id, "a.jpg", media_files.jpeg("a", when=WHEN), worksite="W-0001")
    upload(ws, inbox_id, "b.jpg", media_files.jpeg("b", when=WHEN), worksite="W-0002")
    filing.run(connect(book))
    assert filing.run(connect(book), verify=True).ok
    rows = {r["original_name"]: r for r in media_rows(connect(book))}
    files = ws.drive_api.files()
    ws.execute(files.update(fileId=rows["a.jpg"]["drive_file_id"], body={"name": "renamed.jpg"},
                            supportsAllDrives=True))
    ws.execute(files.update(fileId=rows["b.jpg"]["drive_file_id"], body={"trashed": True}, supportsAllDrives=True))
    result = filing.run(connect(book), verify=True)
    assert not result.ok and result.counts["mismatches"] == 2
    assert "named 'renamed.jpg' in Drive" in result.summary and "not in Drive" in result.summary


def test_google_docs_and_unreadable_files_go_to_review(book, emulator):
    ws = connect(book)
    _, inbox_id = inbox(ws)
    ws.execute(ws.drive_api.files().create(
        body={"name": "notes", "mimeType": "application/vnd.google-apps.document", "parents": [inbox_id]},
        supportsAllDrives=True))
    upload(ws, inbox_id, "clip.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 500, "video/mp4", worksite="W-0001")
    emulator.fault(method="drive.files.get", status=403, count=1)
    result = filing.run(connect(book))
    assert result.ok, result.summary
    rows = {r["original_name"]: r for r in media_rows(connect(book))}
    assert rows["notes"]["status"] == "needs review" and "Google document" in rows["notes"]["reason"]
    assert rows["clip.mp4"]["status"] == "needs review" and "HTTP 403" in rows["clip.mp4"]["reason"]


def test_the_upload_forms_note_and_person_reach_the_media_tab(book):
    """#19 item 1: the note typed on the upload page starts the new row's Notes; the person is linked to
    their People row by ID, and one who is not in People is a problem (the file is filed all the same)."""
    from turfbook.workspace.sheets import CellWrite

    ws = connect(book)
    sheets = ws.sheets()
    header = sheets.read(["People!1:1"])[0][0]
    people = [[""] * len(header) for _ in range(2)]
    for row, (pid, name) in zip(people, [("P-000001", "Ana Ruiz"), ("P-000002", "Ben Cole")], strict=True):
        row[header.index("ID")], row[header.index("Name")] = pid, name
    sheets.write([CellWrite(f"People!A2:{chr(64 + len(header))}3", people)])
    _, inbox_id = inbox(ws)
    upload(ws, inbox_id, "IMG_1.JPG", media_files.jpeg("n1", when=WHEN), worksite="little stars",
           issue="broken heat", organizer="Jordan Ellis", person="ana ruiz", note="Thermostat reads 58°F at 9am")
    upload(ws, inbox_id, "IMG_2.JPG", media_files.jpeg("n2", when=WHEN), worksite="little stars",
           issue="broken heat", organizer="Jordan Ellis", person="Zed Nobody")
    long_note = "The boiler in room 2 has been off since Monday and parents keep kids in coats. " * 5
    gdrive.upload_bytes(ws, inbox_id, "IMG_3.JPG", "image/jpeg", media_files.jpeg("n3", when=WHEN),
                        app_properties={"worksite": "little stars", "note": long_note[:110]}, description=long_note)
    result = filing.run(connect(book))
    assert result.ok and result.counts["filed"] == 3, result.summary
    rows = {r["original_name"]: r for r in media_rows(connect(book))}
    assert rows["IMG_3.JPG"]["notes"] == long_note.strip()              # whole, from the description
    assert (rows["IMG_1.JPG"]["person"], rows["IMG_1.JPG"]["notes"]) == ("P-000001", "Thermostat reads 58°F at 9am")
    assert (rows["IMG_2.JPG"]["person"], rows["IMG_2.JPG"]["notes"]) == ("Zed Nobody", "")
    assert [(p.row_id, p.column, p.kind) for p in result.problems] == [
        (rows["IMG_2.JPG"]["id"], "Person", "unknown_reference")]
    assert "person 'Zed Nobody' is not in People" in result.problems[0].message

    # staff's own note is never overwritten, and the problem stays listed while the person is unknown
    notes_at = sheets.read(["Media!1:1"])[0][0].index("Notes")
    sheets.write([CellWrite(f"Media!{chr(65 + notes_at)}2:{chr(65 + notes_at)}4", [["mine"], ["mine too"], ["x"]])])
    again = filing.run(connect(book))
    assert [p.row_id for p in again.problems] == [rows["IMG_2.JPG"]["id"]]
    assert sorted(r["notes"] for r in media_rows(connect(book))) == ["mine", "mine too", "x"]
    problems = sheets.read(["Problems"])[0]
    assert any("Zed Nobody" in str(r) and r[5] == "Name not found / Nombre no encontrado" for r in problems)
