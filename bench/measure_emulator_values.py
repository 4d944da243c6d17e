"""The emulator's serving-thread CPU (stats' seconds_by_method) for values.get / batchGet (ROWS and COLUMNS,
UNFORMATTED and FORMATTED) and values.update / batchUpdate (RAW) of a 100,000 x 20 tab with no formulas and
no number formats (issue 22: <= 0.3 s each); best of 3 per case. Not part of `make bench`.

    .venv/bin/python -m bench.measure_emulator_values [SUBSTRING ...]    # only the cases whose label has one
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_emulator_sheets import CHUNK, COLS, ROWS, _row


def people_tab(emulator, data_dir: Path):
    """(an authorized session, the values URL of a new spreadsheet) whose 'People' tab is 100,000 x 20, empty;
    the session's connection and token warmed by one small read."""
    from tests.support.emulator import DEMO_USER
    from turfbook.config import Config
    from turfbook.workspace import transport

    config = Config(google={"endpoint": emulator.base_url, "credentials_file": emulator.credentials_path,
                            "delegated_user": DEMO_USER}, data_dir=data_dir)
    sheets = transport.api_client(config, "sheets", "v4")
    sid = sheets.spreadsheets().create(body={"sheets": [{"properties": {
        "title": "People", "gridProperties": {"rowCount": ROWS, "columnCount": COLS}}}]}).execute()["spreadsheetId"]
    session = transport.authorized_session(config)
    base = f"{emulator.base_url}/v4/spreadsheets/{sid}/values"
    session.get(base + "/People!A1:A2").raise_for_status()
    return session, base


def main(only: list[str], reps: int = 3) -> int:
    from turfbook_emulator.server import Emulator

    with tempfile.TemporaryDirectory(prefix="turfbook-measure-") as tmp:
        emulator = Emulator(Path(tmp), port=0, quota_scale=0).start()
        session, base = people_tab(emulator, Path(tmp))
        json_type = {"Content-Type": "application/json"}
        bodies = [(f"People!A{start + 1}",
                   json.dumps({"values": [_row(i) for i in range(start, start + CHUNK)]}).encode())
                  for start in range(0, ROWS, CHUNK)]
        batch = json.dumps({"valueInputOption": "RAW", "data": [
            {"range": where, "values": json.loads(body)["values"]} for where, body in bodies[:2]]}).encode()

        def update():
            for where, body in bodies:
                session.put(f"{base}/{where}", params={"valueInputOption": "RAW"}, data=body,
                            headers=json_type).raise_for_status()

        def batch_update():
            session.post(f"{base}:batchUpdate", data=batch, headers=json_type).raise_for_status()

        def get(major, render):
            return lambda: session.get(f"{base}/People", params={"valueRenderOption": render,
                                                                 "majorDimension": major}).raise_for_status()

        def batch_get(major, render):
            return lambda: session.get(f"{base}:batchGet", params={
                "ranges": ["People!A:J", "People!K:T"], "valueRenderOption": render,
                "majorDimension": major}).raise_for_status()

        update()
        cases = [("update x5 RAW", update), ("batchUpdate 40k rows RAW", batch_update)]
        for major in ("ROWS", "COLUMNS"):
            for render in ("UNFORMATTED_VALUE", "FORMATTED_VALUE"):
                cases += [(f"get {major} {render[:5]}", get(major, render)),
                          (f"batchGet {major} {render[:5]}", batch_get(major, render))]
        time.sleep(3)                     # the flusher's forked write of the fill, before the first case
        for label, work in cases:
            if only and not any(part in label for part in only):
                continue
            best = float("inf")
            for _ in range(reps):
                emulator.stats.reset()
                work()
                time.sleep(0.2)           # the server counts a call's time once its answer is written
                best = min(best, sum(v["cpu"] for v in emulator.stats.snapshot()["seconds_by_method"].values()))
            print(f"{label:32s} {best:.3f}")
        emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
