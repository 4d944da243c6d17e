"""Upload page under gunicorn (the production settings of `turfbook serve --gunicorn`) to the emulator:
a 1 GiB video streamed through one request (throughput, peak RSS of the gunicorn worker), and 50
concurrent 5 MB photos (all stored, p95 time)."""

from __future__ import annotations

import http.client
import io
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import yaml

from tests.support.emulator import free_port
from turfbook.config import load
from turfbook.links import Organizer, make_token
from turfbook.workspace import connect
from turfbook.workspace.drive import Drive
from turfbook.workspace.sheets import CellWrite, Sheets

LINK_KEY = "bench-link-key-0123456789abcdef"
GiB, MiB = 1024 ** 3, 1024 ** 2
BOUNDARY = "----turfbookBench7MA4YWxkTrZu0gW"
BLOCK = os.urandom(MiB)


def _seed(config) -> str:
    ws = connect(config)
    spreadsheet_id = Sheets.create(ws, "Turfbook bench", ["Organizers", "Worksites", "Issues"])
    Sheets(ws, spreadsheet_id).write([
        CellWrite("Organizers!A1", [["ID", "Name", "Language", "Link version"],
                                    ["O-0001", "Bench Organizer", "en", 0]]),
        CellWrite("Worksites!A1", [["ID", "Name"], ["W-0001", "Little Stars Center"]]),
        CellWrite("Issues!A1", [["ID", "Name"], ["I-0001", "broken heat"]]),
    ])
    Drive(ws).shared_drive(create=True)
    return spreadsheet_id


def _start(env, root: Path):
    base = env.config()
    port = free_port()
    config_file = root / "bench-upload-config.yaml"
    config_file.write_text(yaml.safe_dump({
        "google": {"endpoint": env.emulator.base_url, "credentials_file": str(env.emulator.credentials),
                   "delegated_user": base.google.delegated_user, "spreadsheet_id": _seed(base)},
        "mail": {"transport": "outbox", "outbox_dir": str(root / "outbox")},
        "web": {"base_url": f"http://127.0.0.1:{port}", "max_upload_mb": 2048},
        "data_dir": str(root / "upload-data"),
    }))
    environ = {**os.environ, "TURFBOOK_CONFIG": str(config_file), "TURFBOOK_LINK_KEY": LINK_KEY,
               "TURFBOOK_ADMIN_TOKEN": "bench-admin-token-0123456789abcdef", "NO_PROXY": "127.0.0.1,localhost"}
    from turfbook.commands.serve import gunicorn_argv

    server = subprocess.Popen(gunicorn_argv("127.0.0.1", port, 2), env=environ,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 30
    while True:
        try:
            opener.open(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
            return server, port, load(config_file)
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("gunicorn did not start") from None
            time.sleep(0.1)


def _csrf(port: int, path: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    page = opener.open(f"http://127.0.0.1:{port}{path}", timeout=10).read().decode()
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def _post(port: int, path: str, csrf: str, filename: str, head: bytes, size: int, note: str) -> tuple[int, float]:
    """POST one file of `size` bytes (head + repeated random blocks) without holding it in memory."""
    fields = {"csrf": csrf, "lang": "en", "worksite": "Little Stars Center", "note": note}
    pre = "".join(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                  for k, v in fields.items())
    pre += (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n")
    post = f"\r\n--{BOUNDARY}--\r\n".encode()
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    conn.putrequest("POST", path)
    conn.putheader("Content-Type", f"multipart/form-data; boundary={BOUNDARY}")
    conn.putheader("Accept", "application/json")
    conn.putheader("Content-Length", str(len(pre.encode()) + size + len(post)))
    conn.endheaders()
    conn.send(pre.encode() + head)
    left = size - len(head)
    while left > 0:
        piece = BLOCK[: min(left, len(BLOCK))]
        conn.send(piece)
        left -= len(piece)
    conn.send(post)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status, time.perf_counter() - started


def _mp4_head(size: int) -> bytes:
    """An MP4 the upload page's container scan accepts: ftyp, a (bare) moov, then one mdat box that
    runs to the end of the file (its payload is the random blocks _post streams)."""
    ftyp = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    moov = (8).to_bytes(4, "big") + b"moov"
    return ftyp + moov + (size - len(ftyp) - len(moov)).to_bytes(4, "big") + b"mdat"


def _photo(target: int) -> bytes:
    """A real JPEG of about `target` bytes (noise compresses badly), decoded to its end by the page."""
    import random

    from PIL import Image

    side = int((target / 2.2) ** 0.5)
    noise = random.Random(7).randbytes(side * side * 3)
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), noise).save(out, "JPEG", quality=95)
    return out.getvalue()


class PeakRss:
    """Samples the RSS of the gunicorn workers (children of the master) while a body runs."""

    def __init__(self, master_pid: int):
        self.master = psutil.Process(master_pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for child in self.master.children():
                try:
                    self.peak = max(self.peak, child.memory_info().rss)
                except psutil.Error:
                    pass
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def run(report, env) -> None:
    root = env.root
    server, port, config = _start(env, root)
    try:
        path = "/u/" + make_token(LINK_KEY, Organizer(id="O-0001", name="Bench Organizer", link_version=0))
        csrf = _csrf(port, path)
        baseline = max(c.memory_info().rss for c in psutil.Process(server.pid).children())
        env.emulator.reset_stats()
        with PeakRss(server.pid) as rss:
            status, seconds = _post(port, path, csrf, "big.mp4", _mp4_head(GiB), GiB, "bench-1gib")
        calls = env.calls()["by_method"]
        report("upload page: 1 GiB video through gunicorn to Drive inbox", status=status, seconds=round(seconds, 1),
               mb_per_s=round(GiB / MiB / seconds, 1), worker_peak_rss_mb=round(rss.peak / MiB, 1),
               worker_idle_rss_mb=round(baseline / MiB, 1), goal_rss_mb=150,
               chunk_puts=calls.get("drive.files.create", 0))

        photo = _photo(5 * 1000 * 1000)
        size = len(photo)
        with ThreadPoolExecutor(50) as pool:
            started = time.perf_counter()
            results = list(pool.map(lambda i: _post(port, path, csrf, f"photo_{i:02d}.jpg", photo, size,
                                                    "bench-50"), range(50)))
            wall = time.perf_counter() - started
        drive = Drive(connect(config))
        drive.shared_drive()
        inbox = drive.list_folder(drive.folder(config.google.drive.inbox, create=False))
        stored = [f for f in inbox if f.get("appProperties", {}).get("note") == "bench-50" and int(f["size"]) == size]
        times = sorted(t for _, t in results)
        report("upload page: 50 concurrent 5 MB photos (2 gevent workers, service/gunicorn_conf.py)",
               ok=sum(1 for s, _ in results if s == 200), stored=len({f["name"] for f in stored}),
               p50_s=round(statistics.median(times), 2), p95_s=round(times[int(0.95 * len(times)) - 1], 2),
               wall_s=round(wall, 1))
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit("run with: python -m bench upload")
