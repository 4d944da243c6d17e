"""Field logging (#20): 50 organizers each send 10 entries within one minute (two sendings of five, as
phones coming back online do) to the web app under gunicorn; the coalescer runs once a minute (as the
scheduler does) with the emulator's quotas ON at Google's defaults (60 writes/min/user). Figures: rows
landed, Sheets write calls, 429s, and p50/p95/max seconds from "received" to "in the sheet" (the
queue's own received and landed stamps)."""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.request

import yaml

from tests.support.emulator import free_port
from tests.support.overdue_workbook import create_workbook, row
from turfbook.bootstrap import bootstrap
from turfbook.config import load
from turfbook.field.queue import FieldQueue
from turfbook.links import Organizer, make_token
from turfbook.workspace import Workspace, a1
from turfbook.workspace.sheets import CellWrite

LINK_KEY = "bench-link-key-0123456789abcdef"
ORGANIZERS, PER_ORGANIZER, WINDOW, TICK = 50, 10, 60.0, 60.0
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
WRITES = ("batchUpdate", "append", "update", "clear")


def _seed(base, today):
    names = [f"Organizer {i:02d}" for i in range(1, ORGANIZERS + 1)]
    people = [row("People", id=f"P-{i * 2 + k + 1:06d}", name=f"Person {i}-{k}", organizer=name,
                  worksite=f"Site {i:02d}") for i, name in enumerate(names) for k in range(2)]
    config = create_workbook(base, people, [])
    Workspace(config).sheets().write([
        CellWrite(f"{a1.quote_sheet('Organizers')}!A2",
                  [[f"O-{i + 1:04d}", name, "", "", "en", "", "", ""] for i, name in enumerate(names)]),
        CellWrite(f"{a1.quote_sheet('Worksites')}!A2",
                  [[f"W-{i + 1:04d}", f"Site {i:02d}", "", "", "", name] for i, name in enumerate(names)]),
        CellWrite(f"{a1.quote_sheet('Issues')}!A2", [["I-0001", "low pay", "", "salario bajo"]]),
    ], input_option="USER_ENTERED")
    return config, [Organizer(id=f"O-{i + 1:04d}", name=name) for i, name in enumerate(names)]


def _post(url: str, entries: list[dict]) -> int:
    body = json.dumps({"entries": entries}).encode()
    for _ in range(30):
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json", "Accept": "application/json"})
        try:
            with OPENER.open(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            if exc.code != 429 and exc.code < 500:
                return exc.code
            time.sleep(float(exc.headers.get("Retry-After") or 2))
        except OSError:
            time.sleep(2)
    return 0


def run(report, env) -> None:
    base = env.config()
    today = bootstrap(base).clock.today()
    config, organizers = _seed(base, today)
    root = env.root / "field"
    root.mkdir(exist_ok=True)
    port = free_port()
    config_file = root / "config.yaml"
    config_file.write_text(yaml.safe_dump({
        "google": {"endpoint": env.emulator.base_url, "credentials_file": str(env.emulator.credentials),
                   "delegated_user": base.google.delegated_user, "spreadsheet_id": config.google.spreadsheet_id},
        "web": {"base_url": f"http://127.0.0.1:{port}"}, "data_dir": str(root / "data")}))
    environ = {**os.environ, "TURFBOOK_CONFIG": str(config_file), "TURFBOOK_LINK_KEY": LINK_KEY,
               "NO_PROXY": "127.0.0.1,localhost"}
    from turfbook.commands.serve import gunicorn_argv

    server = subprocess.Popen(gunicorn_argv("127.0.0.1", port, 2), env=environ, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                OPENER.open(f"http://127.0.0.1:{port}/healthz", timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.1)
        _burst(report, env, load(config_file), organizers, port, today)
    finally:
        server.terminate()
        server.wait(timeout=15)
        env.emulator.quota_scale(0)


def _burst(report, env, config, organizers, port, today) -> None:
    core = bootstrap(config)
    rng = random.Random(20)
    env.emulator.quota_scale(1)                         # Google's default quotas from here on
    env.emulator.reset_stats()
    statuses: list[int] = []
    started = time.monotonic()

    def organizer_sends(index: int, organizer: Organizer) -> None:
        url = f"http://127.0.0.1:{port}/c/{make_token(LINK_KEY, organizer)}/entries"
        entries = []
        for n in range(PER_ORGANIZER):
            entry = {"key": f"bench-{index:02d}-{n:02d}-{rng.random():.8f}"[:60].replace(".", "x"),
                     "kind": "house visit", "date": today.isoformat(), "notes": f"bench {index} {n}",
                     "assessment": 2, "issues": ["low pay"], "deeply_felt": True}
            if n == 0:
                entry["new_person"] = {"name": f"New person {index}", "worksite": f"Site {index:02d}"}
            else:
                entry["person"] = f"P-{index * 2 + 1 + n % 2:06d}"
            entries.append(entry)
        for half, at in ((entries[:5], rng.uniform(0, WINDOW / 2)), (entries[5:], rng.uniform(WINDOW / 2, WINDOW))):
            time.sleep(max(0.0, at - (time.monotonic() - started)))
            statuses.append(_post(url, half))

    threads = [threading.Thread(target=organizer_sends, args=(i, o)) for i, o in enumerate(organizers)]
    for t in threads:
        t.start()
    ticks = 0
    queue = FieldQueue.for_config(config)
    next_tick = started + TICK / 2                      # the scheduler's minute boundary, half-way into the burst
    while True:
        time.sleep(max(0.0, next_tick - time.monotonic()))
        core.runner.run("field", "schedule")
        ticks += 1
        next_tick += TICK
        if not any(t.is_alive() for t in threads) and not queue.waiting():
            break
        if ticks > 6:
            break
    for t in threads:
        t.join()
    stats = env.emulator.stats()["by_method"]
    writes = sum(n for m, n in stats.items() if m.startswith("sheets.") and m.rsplit(".", 1)[-1].startswith(WRITES))
    rows = queue._db.execute("SELECT received_ts, landed_ts FROM entries WHERE status = 'landed'").fetchall()
    waits = sorted(landed - received for received, landed in rows)
    people = Workspace(config).sheets().read([f"{a1.quote_sheet('People')}!A2:A"])[0]
    conversations = Workspace(config).sheets().read([f"{a1.quote_sheet('Conversations')}!A2:A"])[0]
    report(f"field: {ORGANIZERS} organizers x {PER_ORGANIZER} entries in {WINDOW:.0f} s, quotas on",
           entries=ORGANIZERS * PER_ORGANIZER, rows_landed=len([r for r in conversations if r and r[0]]),
           new_people=len([r for r in people if r and r[0]]) - ORGANIZERS * 2, sheets_write_calls=writes,
           sheets_calls=sum(n for m, n in stats.items() if m.startswith("sheets.")), ticks=ticks,
           http_errors=sum(s != 200 for s in statuses),
           p50_s=round(statistics.median(waits), 1) if waits else None,
           p95_s=round(waits[int(0.95 * (len(waits) - 1))], 1) if waits else None,
           max_s=round(waits[-1], 1) if waits else None)
    queue.close()
