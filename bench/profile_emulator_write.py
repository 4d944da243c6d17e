"""The emulator's write path on the overdue job's real next night (issue 22): its values.batchUpdate bodies
(~10k whole-row ranges of the hidden service tabs) replayed against the emulator's state of that moment,
the serving thread's CPU per body (best of N) and, with --profile, a cProfile of each (bench/profiles/
emulator_night_write_N.txt). Not part of `make bench`.

    .venv/bin/python -m bench.profile_emulator_write capture DIR    # seed + first night; the next night's
                                                                    # bodies and the state before them in DIR
    .venv/bin/python -m bench.profile_emulator_write replay DIR [--profile] [--reps N]   # through HTTP
    .venv/bin/python -m bench.profile_emulator_write parts DIR [--reps N]   # each step in this process

A capture made by one tree replays in another (before/after on the very same input): DIR holds the
emulator's data directory (pickled state) and the request bodies as sent (orjson, as the client sends).
"""

from __future__ import annotations

import cProfile
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import orjson


def capture(out: Path) -> int:
    from bench.bench_digest import TODAY
    from bench.env import BenchEnv
    from bench.profile_read import seed
    from turfbook.jobs import overdue
    from turfbook.workspace import connect
    from turfbook.workspace.sheets import Sheets

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="turfbook-capture-") as tmp, BenchEnv(Path(tmp)) as env:
        config, _ = seed(env)
        overdue.run(connect(config), today=date.fromordinal(TODAY.toordinal() - 2))
        (out / "spreadsheet_id").write_text(config.google.spreadsheet_id)
        env.emulator.stop()                 # flushes the state of this moment to disk
        shutil.copytree(env.emulator.data_dir, out / "emulator", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.lock", "lock"))
        env.emulator = type(env.emulator).start(env.emulator.data_dir, quota_scale=0)
        config = config.model_copy(update={"google": config.google.model_copy(update={
            "endpoint": env.emulator.base_url})})
        original, bodies = Sheets.write, []

        def write(self, writes, input_option="RAW"):
            if writes:
                bodies.append({"valueInputOption": input_option, "data": [
                    {"range": w.range, "majorDimension": "ROWS", "values": w.values} for w in writes]})
            return original(self, writes, input_option)

        Sheets.write = write
        try:
            overdue.run(connect(config), today=date.fromordinal(TODAY.toordinal() - 1))
        finally:
            Sheets.write = original
    for i, body in enumerate(bodies):
        (out / f"body{i}.json").write_bytes(orjson.dumps(body))
        print(f"body{i}: {len(body['data'])} ranges, {sum(len(r) for d in body['data'] for r in d['values'])} "
              "cells")
    return 0


def replay(src: Path, profile: bool, reps: int) -> int:
    from tests.support.emulator import DEMO_USER
    from turfbook.config import Config
    from turfbook.workspace import transport
    from turfbook_emulator import server
    from turfbook_emulator.server import Emulator

    sid = (src / "spreadsheet_id").read_text()
    bodies = sorted(src.glob("body*.json"))
    best = {b.name: float("inf") for b in bodies}
    for rep in range(reps):
        with tempfile.TemporaryDirectory(prefix="turfbook-replay-") as tmp:
            shutil.copytree(src / "emulator", Path(tmp) / "emulator")
            emulator = Emulator(Path(tmp) / "emulator", port=0, quota_scale=0).start()
            config = Config(google={"endpoint": emulator.base_url, "credentials_file": emulator.credentials_path,
                                    "delegated_user": DEMO_USER}, data_dir=Path(tmp))
            session = transport.authorized_session(config)
            url = f"{emulator.base_url}/v4/spreadsheets/{sid}/values:batchUpdate"
            session.get(f"{emulator.base_url}/v4/spreadsheets/{sid}/values/A1").raise_for_status()  # warm
            for body in bodies:
                data = body.read_bytes()
                prof = cProfile.Profile() if profile and rep == 0 else None
                handle = server._Handler._handle
                if prof is not None:
                    def profiled(self, handle=handle, prof=prof):
                        prof.enable()
                        try:
                            handle(self)
                        finally:
                            prof.disable()
                    server._Handler._handle = profiled
                emulator.stats.reset()
                try:
                    session.post(url, data=data, headers={"Content-Type": "application/json"}).raise_for_status()
                finally:
                    server._Handler._handle = handle
                time.sleep(0.2)               # the server counts a call's time once its answer is written
                cpu = sum(v["cpu"] for v in emulator.stats.snapshot()["seconds_by_method"].values())
                best[body.name] = min(best[body.name], cpu)
                print(f"rep {rep} {body.name}: {cpu:.3f} s CPU", flush=True)
                if prof is not None:
                    from bench.profile_read import _save
                    _save(f"emulator_night_write_{body.stem[4:]}", prof, top=30)
            emulator.stop()
    for name, cpu in best.items():
        print(f"best {name}: {cpu:.3f} s CPU")
    print(f"best total: {sum(best.values()):.3f} s CPU")
    return 0


def parts(src: Path, reps: int) -> int:
    """Each step of the handler in this process (no HTTP), best of `reps`, on fresh copies of the state."""
    import gc
    import pickle

    import turfbook_emulator.apis  # noqa: F401 - registers the handlers
    from turfbook_emulator import discovery, jsonwire
    from turfbook_emulator.apis import sheets_values
    from turfbook_emulator.sheets import protojson

    sid = (src / "spreadsheet_id").read_text()
    route = discovery.match("POST", f"/v4/spreadsheets/{sid}/values:batchUpdate")[0]
    state = (src / "emulator/state/sheets.pickle").read_bytes()
    best: dict[str, float] = {}

    def timed(name, step):
        cpu = time.process_time()
        out = step()
        best[name] = min(best.get(name, float("inf")), time.process_time() - cpu)
        return out

    for _ in range(reps):
        book = pickle.loads(state)[sid]    # noqa: S301 - the capture's own state
        gc.disable()
        for path in sorted(src.glob("body*.json")):
            raw, name = path.read_bytes(), path.stem
            body = timed(f"{name} loads", lambda raw=raw: jsonwire.loads(raw))
            timed(f"{name} validate_body", lambda body=body: discovery.validate_body(route, body))
            items = [(d["range"], d) for d in body["data"]]
            results = timed(f"{name} _write_all", lambda items=items, body=body, book=book: sheets_values._write_all(
                book, items, body["valueInputOption"]))
            answer = timed(f"{name} answer", lambda results=results, book=book: sheets_values.batch_totals(
                sid, results, [sheets_values._updated(book, r, False, None, None) for r in results]))
            answer = timed(f"{name} protojson", lambda answer=answer: protojson.render(route.response_schema, answer))
            timed(f"{name} dumps", lambda answer=answer: jsonwire.dumps(answer))
        gc.enable()
    for name, cpu in best.items():
        print(f"{name:22s} {cpu * 1000:7.1f} ms")
    print(f"total {sum(best.values()) * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["capture"]:
        sys.exit(capture(Path(args[1])))
    reps = int(args[args.index("--reps") + 1]) if "--reps" in args else 3
    if args[:1] == ["parts"]:
        sys.exit(parts(Path(args[1]), reps))
    sys.exit(replay(Path(args[1]), "--profile" in args, reps))
