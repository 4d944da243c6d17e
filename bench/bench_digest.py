"""Digest over 100,000 conversations / 20,000 people: API calls (goal: one values.batchGet for every
tab) and seconds (goal < 3 s) for the read + plan + render, plus the Wall chart write.

The workbook is generated here (deterministic, realistic shapes: a year of conversations, a few
hundred worksites, a dozen issues) as raw cells under the schema's headers, and written to the
emulator in a few values.batchUpdate calls before the clock starts.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from turfbook.schema import load_schema
from turfbook.schema.dates import to_serial

TODAY = date(2026, 11, 23)
NY = ZoneInfo("America/New_York")
KINDS = ["one-on-one", "house visit", "canvass/door knock", "phone bank", "text", "event"]
ISSUES = ["Broken heat", "Low pay", "Late subsidy payments", "Staffing ratios", "Mold", "Rent increases",
          "No paid sick days", "Unsafe playground", "Licensing delays", "Health insurance", "Pests", "Overtime"]
FIRST = ["Ana", "Ben", "Cruz", "Dee", "Elena", "Faith", "Gloria", "Hector", "Iris", "Jamal", "Keisha", "Luz",
         "Marisol", "Nadia", "Omar", "Paula", "Quinn", "Rosa", "Sam", "Tanya", "Uriel", "Vera", "Wendy", "Yesenia"]
LAST = ["Ruiz", "Cole", "Peña", "Park", "Santos", "Brown", "Nguyen", "Garcia", "Lopez", "Smith", "Rivera",
        "Johnson", "Torres", "Diaz", "Williams", "Cruz", "Reyes", "Morales", "Ortiz", "Jackson"]
CITIES = ["Hartford", "New Haven", "Bridgeport", "Waterbury", "Stamford", "Norwalk", "New Britain"]


def workbook(people: int = 20_000, conversations: int = 100_000, worksites: int = 400, seed: int = 8,
             schema=None) -> dict[str, list[list]]:
    """Raw cells by tab title (header row first), as UNFORMATTED_VALUE reads return them."""
    schema = schema or load_schema()
    rnd = random.Random(seed)

    def serial(day):
        return to_serial(day)

    organizers = [f"{FIRST[i]} {LAST[i]}" for i in range(15)]
    rows: dict[str, list[dict]] = {}
    rows["Organizers"] = [{"id": f"O-{i + 1:04d}", "name": name, "email": f"org{i + 1}@example.org",
                           "language": "es" if i % 3 == 0 else "en", "gets_digest": i < 5, "turf": CITIES[i % 7]}
                          for i, name in enumerate(organizers)]
    rows["Issues"] = [{"id": f"I-{i + 1:04d}", "name": name} for i, name in enumerate(ISSUES)]
    suffix = ["Center", "Home", "School"]
    rows["Worksites"] = [{"id": f"W-{i + 1:04d}", "name": f"{LAST[i % 20]} {suffix[i % 3]} {i + 1}",
                          "kind": ["child care center", "family child care home", "school"][i % 3],
                          "city": CITIES[i % 7], "organizer": organizers[i % 15],
                          "headcount": rnd.randint(4, 80)} for i in range(worksites)]
    rows["People"] = [{"id": f"P-{i + 1:06d}", "name": f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {i + 1}",
                       "phone": f"860555{i % 10000:04d}", "language": "es" if rnd.random() < 0.3 else "en",
                       "worksite": f"W-{rnd.randrange(worksites) + 1:04d}", "organizer": rnd.choice(organizers),
                       "assessment": rnd.choice([1, 2, 2, 3, 3, 3, 4, 5]), "leader": rnd.random() < 0.05,
                       "membership": rnd.choice(["non-member", "asked", "joined", "declined"])} for i in range(people)]
    convs = []
    for i in range(conversations):
        day = TODAY - timedelta(days=int(rnd.triangular(1, 365, 1)))
        due = day + timedelta(days=rnd.randint(2, 14))
        done = due + timedelta(days=rnd.randint(-2, 5)) if rnd.random() < 0.7 else None
        convs.append({"id": f"C-{i + 1:06d}", "date": serial(day), "person": f"P-{rnd.randrange(people) + 1:06d}",
                      "organizer": rnd.choice(organizers), "kind": rnd.choice(KINDS), "language": "en",
                      "issues": ", ".join(rnd.sample(ISSUES, rnd.randint(0, 3))), "depth": rnd.randint(1, 3),
                      "assessment_after": rnd.randint(1, 5),
                      "asked_to_join": rnd.choice(["no", "no", "yes - joined", "yes - declined", "yes - thinking"]),
                      "follow_up_due": serial(due),
                      "follow_up_done": serial(done) if done and done < TODAY else "",
                      "notes": "Talked about the issue; wants to meet again"})
    rows["Conversations"] = sorted(convs, key=lambda r: r["date"])
    rows["Structure tests"] = [{"id": f"T-{i + 1:04d}", "name": f"Test {i + 1}", "kind": "petition",
                                "date": serial(TODAY - timedelta(days=60 - 10 * i)), "goal_pct": 65} for i in range(6)]
    rows["Participation"] = [{"id": f"X-{i + 1:06d}", "test": f"T-{rnd.randint(1, 6):04d}",
                              "person": f"P-{rnd.randrange(people) + 1:06d}",
                              "date": serial(TODAY - timedelta(days=rnd.randint(1, 50)))} for i in range(8_000)]
    rows["Media"] = [{"id": f"M-{i + 1:06d}", "drive_file_id": f"file{i}", "original_name": f"IMG_{i:04d}.jpg",
                      "status": "needs review" if i % 25 == 0 else "filed",
                      "filed_at": to_serial(datetime.combine(TODAY - timedelta(days=rnd.randint(1, 30)),
                                                             datetime.min.time())),
                      "worksite": f"W-{rnd.randrange(worksites) + 1:04d}", "issue": rnd.choice(ISSUES),
                      "reason": "no worksite" if i % 25 == 0 else ""} for i in range(2_000)]
    rows["Problems"] = [{"job": "schema", "tab": "People", "row_id": f"P-{i + 1:06d}", "column": "Phone",
                         "problem": "bad phone", "kind": rnd.choice(["invalid", "missing", "unknown_reference"]),
                         "first_seen": serial(TODAY - timedelta(days=rnd.randint(0, 20)))} for i in range(200)]
    out = {}
    for title, items in rows.items():
        columns = schema.tab(title).columns
        out[title] = [[c.header for c in columns]] + [[r.get(c.key, "") for c in columns] for r in items]
    out["Settings"] = [["Setting", "Value"], ["timezone", "America/New_York"],
                       ["digest_recipients", "director@example.org"]]
    return out


def run(report, env) -> None:
    import time

    from turfbook.jobs import digest
    from turfbook.workspace import connect
    from turfbook.workspace.sheets import CellWrite, Sheets

    cells = workbook()
    config = env.config()
    workspace = connect(config)
    schema = load_schema()
    sheet_id = Sheets.create(workspace, "Bench digest", [t.name for t in schema.tabs])
    workspace = connect(config.model_copy(update={"google": config.google.model_copy(
        update={"spreadsheet_id": sheet_id})}))
    sheets = workspace.sheets()
    grids = {s["properties"]["title"]: s["properties"] for s in sheets.metadata().get("sheets", [])}
    sheets.batch_update([{"appendDimension": {"sheetId": grids[t]["sheetId"], "dimension": "ROWS",
                                              "length": len(rows) + 10 - grids[t]["gridProperties"]["rowCount"]}}
                         for t, rows in cells.items() if len(rows) + 10 > grids[t]["gridProperties"]["rowCount"]])
    for title, rows in cells.items():
        for start in range(0, len(rows), 25_000):
            sheets.write([CellWrite(f"'{title}'!A{start + 1}", rows[start:start + 25_000])])
    env.emulator.reset_stats()
    started, cpu = time.perf_counter(), time.process_time()
    result = digest.run(workspace, dry_run=True, today=TODAY)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    stats = env.calls()
    report("digest dry run, 100k conversations / 20k people", seconds=round(seconds, 2), cpu_s=round(cpu, 2),
           api_calls=stats.get("total", 0),
           batchGet=stats.get("by_method", {}).get("sheets.spreadsheets.values.batchGet", 0),
           conversations=result.counts["conversations"])
    phases = _phases(workspace, schema)
    report("  of which: read (HTTP) / parse (schema) / plan / render", **phases)
    env.emulator.reset_stats()
    started = time.perf_counter()
    chart = digest.run_chart(workspace, today=TODAY)
    seconds = time.perf_counter() - started
    stats = env.calls()
    report("wall chart, 400 worksites", seconds=round(seconds, 2), api_calls=stats.get("total", 0),
           writes=stats.get("writes", 0), rows=chart.counts["rows"])


def _phases(workspace, schema) -> dict[str, float]:
    """The same work as the dry run, timed step by step (with the collector paused, as the job does)."""
    import time

    from turfbook.jobs.digest import gc_paused

    with gc_paused():
        return _timed_phases(workspace, schema, time)


def _timed_phases(workspace, schema, time) -> dict[str, float]:
    from turfbook.digest.book import Book, Links
    from turfbook.digest.period import Period
    from turfbook.digest.plan import organizer_digests, plan
    from turfbook.digest.render import render_director, render_organizer
    from turfbook.schema.reader import needed_tabs, parse_workbook

    clock = time.perf_counter()
    marks = {}
    data = workspace.sheets().read_tabs(needed_tabs(schema, digest_tabs()))
    marks["read_s"] = time.perf_counter() - clock
    clock = time.perf_counter()
    snapshot = parse_workbook(schema, data, today=TODAY, tabs=digest_tabs())
    marks["parse_s"] = time.perf_counter() - clock
    clock = time.perf_counter()
    period = Period.ending_before(TODAY)
    book = Book(snapshot, NY, Links("bench", {}))
    the_digest = plan(snapshot, period, tz=NY, book=book)
    organizers = organizer_digests(snapshot, period, tz=NY, book=book)
    marks["plan_s"] = time.perf_counter() - clock
    clock = time.perf_counter()
    html = render_director(the_digest).html
    for one in organizers:
        render_organizer(one)
    marks["render_s"] = time.perf_counter() - clock
    return {k: round(v, 2) for k, v in marks.items()} | {"html_kb": round(len(html.encode()) / 1024)}


def digest_tabs() -> list[str]:
    from turfbook.jobs.digest import TABS

    return list(TABS)
