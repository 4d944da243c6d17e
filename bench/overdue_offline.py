"""The overdue job's client CPU at 100k conversations, offline (issue 22, perf22r): the values.batchGet answer
of a real next night (the bench's workbook after `sheets init` and a first night, service tabs filled) is
recorded once from an emulator, then replayed from memory: CPU seconds of the read (JSON decode, parse, service
tabs, overlay), the plan and the apply's planning of the writes (the batchUpdate itself is not sent), collector
paused as the job runs; best of N rounds, and a sha256 of the plan and of the writes, which must not change
when this code is made faster.

    .venv/bin/python -m bench.overdue_offline --record     # ~2-4 min: seeds an emulator (.turfbook/, ignored)
    .venv/bin/python -m bench.overdue_offline [rounds]     # the replay
    .venv/bin/python -m bench.overdue_offline --profile    # cProfile of one round: bench/profiles/overdue_offline.txt
"""

from __future__ import annotations

import gc
import hashlib
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import orjson

from bench.bench_digest import TODAY

RECORD = Path(__file__).resolve().parent.parent / ".turfbook" / "overdue_next_night.json"


def record() -> int:
    from bench.env import BenchEnv
    from bench.profile_read import seed
    from turfbook.jobs import overdue
    from turfbook.schema import load_schema
    from turfbook.schema.reader import needed_tabs
    from turfbook.schema.service_tabs import SERVICE_TABS, title_of
    from turfbook.workspace import connect

    with tempfile.TemporaryDirectory(prefix="turfbook-overdue-") as tmp, BenchEnv(Path(tmp)) as env:
        config, _ = seed(env)
        workspace = connect(config)
        overdue.run(workspace, today=TODAY - timedelta(days=1))          # last night
        wanted = needed_tabs(load_schema(), [overdue.CONVERSATIONS, overdue.PEOPLE, overdue.PROBLEMS]) + \
            [title_of(t) for t in SERVICE_TABS]
        answer = workspace.sheets().read_tab_columns(wanted)
        RECORD.parent.mkdir(exist_ok=True)
        RECORD.write_bytes(orjson.dumps({"timezone": config.organization.timezone, "tabs": answer}))
    print(f"wrote {RECORD} ({RECORD.stat().st_size / 1e6:.1f} MB)")
    return 0


class Replay:
    """The recorded values.batchGet answer, decoded afresh at each read (as the real client does); writes kept."""

    def __init__(self, blob: bytes):
        self.blob = blob
        self.written: list = []

    def read_tab_columns(self, titles: list[str]) -> dict[str, list]:
        tabs = orjson.loads(self.blob)["tabs"]
        return {t: tabs[t] for t in titles}

    def write(self, writes, input_option: str = "RAW") -> dict:
        self.written.append((input_option, [(w.range, w.values) for w in writes]))
        return {}


def _round(blob: bytes, config) -> tuple[list[float], str, str]:
    from turfbook.clock import Clock
    from turfbook.jobs import overdue

    replay = Replay(blob)
    clock = time.process_time
    gc.collect()
    gc.disable()
    marks = [clock()]
    snapshot = overdue.read(replay, config, TODAY)
    marks.append(clock())
    the_plan = overdue.plan_snapshot(snapshot, config, Clock.in_zone(config.organization.timezone, TODAY))
    marks.append(clock())
    overdue.apply(the_plan, replay, service=snapshot.service)
    marks.append(clock())
    gc.enable()
    shown = [the_plan.changes, the_plan.cleared, the_plan.newly_overdue, dict(the_plan.statuses), the_plan.open,
             the_plan.overdue_by_organizer.most_common(), [p.message for p in the_plan.problems]]
    plan_sha = hashlib.sha256(repr(shown).encode()).hexdigest()[:16]
    writes_sha = hashlib.sha256(repr(replay.written).encode()).hexdigest()[:16]
    return [b - a for a, b in zip(marks, marks[1:], strict=False)], plan_sha, writes_sha


def main(argv: list[str]) -> int:
    if "--record" in argv:
        return record()
    from turfbook import defaults

    rounds = int(argv[0]) if argv and argv[0].isdigit() else 5
    blob = RECORD.read_bytes()
    config = SimpleNamespace(schema_dir=defaults.schema_dir(),
                             organization=SimpleNamespace(timezone=orjson.loads(blob)["timezone"]))
    if "--profile" in argv:
        import cProfile

        from bench.profile_read import _save
        _round(blob, config)
        prof = cProfile.Profile()
        prof.enable()
        _round(blob, config)
        prof.disable()
        _save("overdue_offline", prof)
        return 0
    best, shas = None, set()
    for _ in range(rounds):
        parts, plan_sha, writes_sha = _round(blob, config)
        shas.add((plan_sha, writes_sha))
        if best is None or sum(parts) < sum(best):
            best = parts
    print("cpu_s read={:.3f} plan={:.3f} apply={:.3f} total={:.3f}".format(*best, sum(best)),
          " ".join(f"plan_sha={p} writes_sha={w}" for p, w in sorted(shas)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
