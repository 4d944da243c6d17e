"""Nightly filing of 1,000 inbox files into ~40 new folders, against the emulator.

Figures: API calls by method (emulator stats), HTTP requests, wall time, twin folders (must be 0),
and the same inbox filed the naive way (per file: one folder lookup per level, one list to find
the file, one get, one update, no batching) with the ratio of calls. The issue's goal for the
real job: HTTP requests ≤ files/100 batches + folders + lists + 5.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import datetime

from turfbook.demo.media import seed_media
from turfbook.jobs import filing
from turfbook.jobs.filing_drive import FilingDrive
from turfbook.schema import load_schema
from turfbook.schema.init import run_init
from turfbook.workspace import a1, connect
from turfbook.workspace.drive import Drive, FileUpdate
from turfbook.workspace.sheets import CellWrite

FILES = 1000
WORKSITES = [("W-0001", "Little Stars Center", "Hartford"), ("W-0002", "Pequeños Pasos", "New Haven"),
             ("W-0003", "Sunrise Family Child Care", "Bridgeport"), ("W-0004", "Oak Street School", "Waterbury"),
             ("W-0005", "Bright Horizons Annex", "Stamford"), ("W-0006", "Casa de Niños", "Hartford"),
             ("W-0007", "Elm City Kids", "New Haven"), ("W-0008", "Harbor Tots", "Norwalk")]


def _workbook(env):
    config = env.config()
    result = run_init(connect(config), load_schema(config.schema_dir / "workbook.yaml"), None)
    config = config.model_copy(update={"google": config.google.model_copy(
        update={"spreadsheet_id": result.spreadsheet_id})})
    sheets = connect(config).sheets()
    header = sheets.read(["Worksites!1:1"])[0][0]
    rows = []
    for wid, name, city in WORKSITES:
        row = [""] * len(header)
        row[header.index("ID")], row[header.index("Name")], row[header.index("City")] = wid, name, city
        rows.append(row)
    sheets.write([CellWrite(a1.block("Worksites", 2, 0, len(rows), len(header)), rows)])
    return config


def _tree(ws) -> tuple[int, int]:
    """(folders, twin folders) in the shared drive."""
    drive = FilingDrive.open(ws)
    names: Counter = Counter()

    def walk(folder_id):
        for sub in drive.subfolders(folder_id):
            names[(folder_id, sub["name"])] += 1
            walk(sub["id"])
    walk(drive.drive_id)
    return sum(names.values()), sum(n - 1 for n in names.values())


def naive_file(ws, config, moves) -> None:
    """The naive filer: per file, folder lookups level by level, a list, a get and an unbatched update."""
    drive = Drive(ws)
    drive.shared_drive(config.google.drive.shared_drive)
    inbox_id = drive.folder(config.google.drive.inbox, create=False)
    for file_id, folder, name in moves:
        parent = drive.drive_id
        for part in folder:
            found = drive.find(f"name = '{part}' and '{parent}' in parents and trashed = false and "
                               f"mimeType = 'application/vnd.google-apps.folder'", "id")
            if found:
                parent = found[0]["id"]
            else:
                parent = ws.execute(ws.drive_api.files().create(
                    body={"name": part, "mimeType": "application/vnd.google-apps.folder", "parents": [parent]},
                    fields="id", supportsAllDrives=True))["id"]
        drive.find(f"'{inbox_id}' in parents and name = '{name}' and trashed = false", "id")  # "is it there?"
        drive.get(file_id, "id,parents")
        drive.update(FileUpdate(file_id, name, parent, [inbox_id]))


def _placements(config):
    from turfbook.jobs.filing import _layout, gather
    from turfbook.jobs.filing_plan import plan
    from turfbook.rules import load_rules

    ws = connect(config)
    rules = load_rules(config.rules_dir / "filing.yaml")
    drive = FilingDrive.open(ws)
    layout = _layout(config, rules)
    inbox_id = drive.folder(layout.inbox, create=False)
    inv = gather(ws, drive, rules, layout, inbox_id, datetime.now(config.tz), lambda _m: None)
    return [(p.file.id, p.folder, p.name) for p in plan(inv.files, rules, inv.vocab, inv.ledger, layout).moves]


def run(report, env):
    emulator = env.emulator
    config = _workbook(env)
    seed_media(connect(config), config, count=FILES, seed=21, videos=10)
    emulator.reset_stats()
    ws = connect(config)
    started = time.perf_counter()
    result = filing.run(ws)
    seconds = time.perf_counter() - started
    stats = emulator.stats()
    by = stats["by_method"]
    folders, twins = _tree(connect(config))
    lists = by.get("drive.files.list", 0)
    created = result.counts["folders_created"]
    goal = -(-FILES // 100) + created + lists + 5
    report("filing: 1,000 inbox files", files=result.counts["moved"], folders_created=created,
           seconds=round(seconds, 2), api_calls=stats["total"], http_requests=stats["http_requests"],
           files_update=by.get("drive.files.update", 0), files_list=lists,
           files_get=by.get("drive.files.get", 0), files_create=by.get("drive.files.create", 0),
           sheets_calls=sum(v for k, v in by.items() if k.startswith("sheets.")), twin_folders=twins)
    downloads = by.get("drive.files.get", 0)
    report("filing: requests vs goal (files/100 + folders + lists + 5)",
           http_requests=stats["http_requests"], goal=goal,
           without_capture_downloads=stats["http_requests"] - downloads, capture_downloads=downloads,
           folders_in_drive=folders)
    emulator.reset()
    config = _workbook(env)
    seed_media(connect(config), config, count=FILES, seed=21, videos=10)
    moves = _placements(config)
    emulator.reset_stats()
    started = time.perf_counter()
    naive_file(connect(config), config, moves)
    naive_seconds = time.perf_counter() - started
    naive = emulator.stats()
    report("filing: naive (per-file lookups, list, get, update)", api_calls=naive["total"],
           http_requests=naive["http_requests"], seconds=round(naive_seconds, 2),
           ratio_calls=round(naive["http_requests"] / max(1, stats["http_requests"]), 1))
