"""a23f (outside test of fix23a): filing and `sheets check` at about the same time gave a photo and a row staff
typed into Media the same ID (M-000003), and the later writer lowered the memory of IDs given. Filing now takes
the `ids` lock `sheets check` and the field job take (jobs/ids_lock.py). Check's ID write is held by the emulator
while filing starts; filing waits for the lock, then numbers on from what check gave."""

from __future__ import annotations

import threading
import time
from collections import Counter
from datetime import datetime

import yaml

from tests.integration.filing_support import inbox, upload, workbook
from tests.integration.test_adopt_write_safety import _rows
from tests.integration.test_ids_fix21ba import _row
from turfbook.cli import main
from turfbook.demo import media_files
from turfbook.jobs import filing
from turfbook.schema.id_memory import read as read_memory
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite

WRITE = "sheets.spreadsheets.batchUpdate"


def _check(path, day: str) -> int:
    try:
        return main(["--config", str(path), "run", "check", "--today", day])
    except SystemExit as exc:
        return exc.code


def _photo(ws, inbox_id, name: str, minute: int) -> None:
    upload(ws, inbox_id, name, media_files.jpeg(name, when=datetime(2026, 11, 21, 9, minute)),
           worksite="little stars", issue="broken heat", organizer="Jordan Ellis")


def test_filing_and_sheets_check_at_once_never_give_one_media_id_twice(emulator, config, tmp_path):
    book = workbook(config)
    ws = connect(book)
    _, inbox_id = inbox(ws)
    for n, name in enumerate(("IMG_0001.JPG", "IMG_0002.JPG")):
        _photo(ws, inbox_id, name, n)
    assert filing.run(connect(book)).ok
    sheets = ws.sheets()
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(book.model_dump(mode="json", exclude={"source"})), encoding="utf-8")
    assert _check(path, "2026-11-15") == 0
    media = _rows(sheets, "Media")
    sheets.write([CellWrite(f"'Media'!A{len(media) + 1}", [_row(media[0], **{
        "Original name": "scan.pdf", "Notes": "filed by hand by Ana"})])], input_option="USER_ENTERED")
    _photo(ws, inbox_id, "IMG_0003.JPG", 5)
    emulator.reset_stats()
    emulator.fault(method=WRITE, hold=True, after_calls=1)          # check's ID write held
    codes: dict = {}
    run_check = threading.Thread(target=lambda: codes.setdefault("check", _check(path, "2026-11-16")))
    run_check.start()
    end = time.monotonic() + 60
    while emulator.stats()["by_method"].get(WRITE, 0) < 2 and time.monotonic() < end:
        time.sleep(0.05)
    assert emulator.stats()["by_method"].get(WRITE, 0) >= 2, "check's ID write never came"
    run_filing = threading.Thread(target=lambda: codes.setdefault("filing", filing.run(connect(book))))
    run_filing.start()
    time.sleep(1.0)                 # filing is waiting on the lock, not numbering from a read made before check
    emulator.clear_faults()
    run_check.join(120)
    run_filing.join(120)
    assert codes["check"] == 0 and codes["filing"].ok, codes
    media = _rows(sheets, "Media")
    h = media[0]
    rows = [(r[h.index("ID")], r[h.index("Original name")], r[h.index("Notes")]) for r in media[1:]]
    given = Counter(i for i, _, _ in rows if i)
    assert all(n == 1 for n in given.values()), rows
    assert {n for _, n, _ in rows} >= {"scan.pdf", "IMG_0003.JPG"}, rows
    assert [notes for _, n, notes in rows if n == "scan.pdf"] == ["filed by hand by Ana"]     # staff cell kept
    highest = max(int(i.split("-")[1]) for i in given)
    assert read_memory(sheets).numbers.get("M") == highest                   # never lowered by the later writer
