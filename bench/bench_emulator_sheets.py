"""The emulator's Sheets hot paths: reading a 100,000 x 20 tab through gspread, writing 100k cells.

Later job benchmarks should measure Turfbook, not the emulator; these figures say how much of
a job's time the emulator itself can account for.
"""

from __future__ import annotations

from bench.env import timed
from turfbook.workspace import transport

ROWS, COLS = 100_000, 20
CHUNK = 20_000


def _row(i: int) -> list:
    return [f"P-{i:06d}", f"Person {i}", f"person{i}@example.org", "860-555-0100", "en", "parent",
            f"W-{i % 400:04d}", "Ana", i % 5 + 1, "no", "non-member", "", "tag", "note text here",
            "11/21/2026", "2026-11-21", 46000 + i % 730, "done", "", i]


def run(report, env) -> None:
    config = env.config()
    sheets = transport.api_client(config, "sheets", "v4")
    created = sheets.spreadsheets().create(body={
        "properties": {"title": "Bench"},
        "sheets": [{"properties": {"title": "People", "gridProperties": {"rowCount": ROWS, "columnCount": COLS}}},
                   {"properties": {"title": "Scratch", "gridProperties": {"rowCount": 5_000, "columnCount": COLS}}}],
    }).execute()
    sid = created["spreadsheetId"]
    values = sheets.spreadsheets().values()
    with timed() as fill:
        for start in range(0, ROWS, CHUNK):
            values.update(spreadsheetId=sid, range=f"People!A{start + 1}", valueInputOption="RAW",
                          body={"values": [_row(i) for i in range(start, start + CHUNK)]}).execute()
    report("sheets: fill 100,000 x 20 (RAW, 5 x values.update)", seconds=fill.seconds)

    gc = transport.gspread_client(config)
    ws = gc.open_by_key(sid).worksheet("People")
    ws.get_values("A1:A2")  # warm the connection and token
    with timed() as read:
        got = ws.get_all_values()
    assert len(got) == ROWS and len(got[0]) == COLS
    report("sheets: values.get 100,000 x 20 via gspread", seconds=read.seconds, cells=ROWS * COLS)

    with timed() as unformatted:
        values.get(spreadsheetId=sid, range="People", valueRenderOption="UNFORMATTED_VALUE").execute()
    report("sheets: values.get 100,000 x 20 UNFORMATTED via googleapiclient", seconds=unformatted.seconds)

    _emulator_part(report, env, config, sid)

    people_id = next(s["properties"]["sheetId"] for s in created["sheets"] if s["properties"]["title"] == "People")
    sheets.spreadsheets().batchUpdate(spreadsheetId=sid, body={"requests": [
        {"repeatCell": {"range": {"sheetId": people_id, "startRowIndex": 1, "startColumnIndex": col,
                                  "endColumnIndex": col + 1},
                        "cell": {"userEnteredFormat": {"numberFormat": fmt}},
                        "fields": "userEnteredFormat.numberFormat"}}
        for col, fmt in ((16, {"type": "DATE", "pattern": "yyyy-mm-dd"}), (19, {"type": "NUMBER", "pattern": "#,##0"}))
    ]}).execute()
    with timed() as dated:
        ws.get_all_values()
    report("sheets: values.get 100,000 x 20, a date and a #,##0 column, via gspread", seconds=dated.seconds)

    block = [[f"v{r}-{c}" for c in range(COLS)] for r in range(5_000)]
    env.emulator.reset_stats()
    for option in ("RAW", "USER_ENTERED"):
        with timed() as write:
            values.batchUpdate(spreadsheetId=sid, body={"valueInputOption": option, "data": [
                {"range": "Scratch!A1", "values": block[:2_500]},
                {"range": "Scratch!A2501", "values": block[2_500:]},
            ]}).execute()
        report(f"sheets: values.batchUpdate 100k cells {option}", seconds=write.seconds,
               calls=env.calls()["total"])
    dates = [["11/21/2026", "50%", "1,234", "TRUE", "x"] * 4 for _ in range(5_000)]
    with timed() as typed:
        values.batchUpdate(spreadsheetId=sid, body={"valueInputOption": "USER_ENTERED",
                                                    "data": [{"range": "Scratch!A1", "values": dates}]}).execute()
    report("sheets: values.batchUpdate 100k typed dates/numbers USER_ENTERED", seconds=typed.seconds)


def _emulator_part(report, env, config, sid: str) -> None:
    """The emulator's own share (issue 22: <= 0.3 s each): the answer read as bytes, nothing decoded, and
    a 100k x 20 values.update sent as ready-made bytes; seconds, and the emulator process's CPU seconds
    (what it costs on a machine shared with other work)."""
    import json

    import psutil

    emulator = psutil.Process(env.emulator.process.pid)

    def cpu() -> float:
        times = emulator.cpu_times()
        return times.user + times.system

    session = transport.authorized_session(config)
    base = f"{config.google.endpoint.rstrip('/')}/v4/spreadsheets/{sid}/values/"
    session.get(base + "People!A1:A2", timeout=60).raise_for_status()          # token and connection
    for major in ("ROWS", "COLUMNS"):        # COLUMNS: how read_workbook reads Turfbook's workbook
        params = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                  "majorDimension": major}
        best, best_cpu = float("inf"), float("inf")
        for _ in range(3):
            before = cpu()
            with timed() as got:
                answer = session.get(base + "People", params=params, timeout=120)
                size = len(answer.content)
            answer.raise_for_status()
            best, best_cpu = min(best, got.seconds), min(best_cpu, cpu() - before)
        what = "" if major == "ROWS" else " majorDimension=COLUMNS"
        report(f"sheets: emulator's values.get 100,000 x 20{what} (bytes, not decoded; best of 3)", seconds=best,
               emulator_cpu_s=round(best_cpu, 3), mb=round(size / 1e6, 1))
    # a request body may hold 10 MB (Google's limit): 100k x 20 is 5 values.update of 20k rows
    bodies = [(f"People!A{start + 1}", json.dumps({"values": [_row(i) for i in range(start, start + CHUNK)]}).encode())
              for start in range(0, ROWS, CHUNK)]
    best, best_cpu = float("inf"), float("inf")
    for _ in range(3):
        before = cpu()
        with timed() as put:
            for where, body in bodies:
                session.put(base + where, params={"valueInputOption": "RAW"}, data=body,
                            headers={"Content-Type": "application/json"}, timeout=120).raise_for_status()
        best, best_cpu = min(best, put.seconds), min(best_cpu, cpu() - before)
    report("sheets: emulator's values.update 100,000 x 20 RAW, 5 calls (bytes sent; best of 3)", seconds=best,
           emulator_cpu_s=round(best_cpu, 3), mb=round(sum(len(b) for _, b in bodies) / 1e6, 1))
