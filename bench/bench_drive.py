"""Drive through the workspace layer: a 200 MiB streamed resumable upload (time and the client's
peak RSS, measured in a subprocess so the benchmark runner's own memory does not count), and
files.list of a 10,000-file folder (calls and time)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

UPLOAD_MIB = 200
FOLDER_FILES = 10_000

_CLIENT = r"""
import json, sys, time
from pathlib import Path


def peak_rss_mb():
    # VmHWM, not ru_maxrss: Linux carries the parent's ru_maxrss across fork+exec.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

from turfbook.config import Config
from turfbook.workspace import Workspace
from turfbook.workspace.drive import Drive

endpoint, credentials, path = sys.argv[1:4]
ws = Workspace(Config(google={"endpoint": endpoint, "credentials_file": credentials}))
drive = Drive(ws)
parent = drive.folder("Bench uploads", drive.shared_drive(create=True))
before = peak_rss_mb()
started = time.perf_counter()
with Path(path).open("rb") as fh:
    made = drive.upload(fh, "big.bin", parent, "application/octet-stream", fields="id,size,md5Checksum")
seconds = time.perf_counter() - started
peak = peak_rss_mb()
print(json.dumps({"seconds": seconds, "peak_rss_mb": peak, "rss_before_mb": before, **made}))
"""


def _big_file(path: Path, mib: int) -> str:
    digest = hashlib.md5()  # noqa: S324 - comparing with Drive's md5Checksum
    block = os.urandom(1 << 20)
    with path.open("wb") as fh:
        for i in range(mib):
            piece = block[i % 997:] + block[:i % 997]
            fh.write(piece)
            digest.update(piece)
    return digest.hexdigest()


def upload(report, env) -> None:
    path = env.root / "upload-200mib.bin"
    md5 = _big_file(path, UPLOAD_MIB)
    config = env.config()
    env.emulator.reset_stats()
    proc = subprocess.run([sys.executable, "-c", _CLIENT, env.emulator.base_url, str(config.google.credentials_file),
                           str(path)], capture_output=True, text=True, check=True, cwd=Path(__file__).parent.parent,
                          env={**os.environ, "NO_PROXY": "127.0.0.1,localhost"})
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    path.unlink()
    assert result["md5Checksum"] == md5 and int(result["size"]) == UPLOAD_MIB << 20
    calls = env.calls()["by_method"]
    report(f"drive: {UPLOAD_MIB} MiB resumable upload (8 MiB chunks, subprocess)", seconds=result["seconds"],
           mib_per_s=UPLOAD_MIB / result["seconds"], client_peak_rss_mb=result["peak_rss_mb"],
           rss_before_upload_mb=result["rss_before_mb"], create_calls=calls.get("drive.files.create", 0))


def listing(report, env) -> None:
    from turfbook.workspace import Workspace
    from turfbook.workspace.drive import Drive

    ws = Workspace(env.config())
    drive = Drive(ws)
    folder = drive.folder("Bench listing", drive.shared_drive(create=True))
    api, files_api = ws.drive_api, ws.drive_api.files()
    started = time.perf_counter()
    for start in range(0, FOLDER_FILES, 100):
        batch = api.new_batch_http_request()
        for i in range(start, start + 100):
            batch.add(files_api.create(body={"name": f"IMG_{i:05d}.jpg", "parents": [folder],
                                               "mimeType": "image/jpeg"}, supportsAllDrives=True, fields="id"))
        ws.execute(batch)
    created = time.perf_counter() - started
    env.emulator.reset_stats()
    started = time.perf_counter()
    files = drive.list_folder(folder, fields="id,name,md5Checksum,appProperties")
    seconds = time.perf_counter() - started
    stats = env.calls()
    assert len(files) == FOLDER_FILES
    report(f"drive: create {FOLDER_FILES:,} files in HTTP batches of 100", seconds=created,
           http_requests=FOLDER_FILES // 100)
    report(f"drive: files.list a {FOLDER_FILES:,}-file folder (pageSize 1000)", seconds=seconds,
           calls=stats["by_method"].get("drive.files.list", 0), files=len(files))


def run(report, env) -> None:
    upload(report, env)
    listing(report, env)
