"""Deterministic, realistic seed data for the coalition workbook, at any size.

`seed_workbook` writes every tab in as few calls as the API allows: one spreadsheets.get and one
values.batchGet (grid sizes and headers: columns are found by header name), at most one
spreadsheets.batchUpdate (grow grids), then values.batchUpdate calls of up to ~8 MB each (one call
for demo sizes; 100k conversations need two). All writes are RAW, dates are serial numbers.

It plants a few typical mistakes so the Problems tab has something to show: an impossible date
'31/02', two people sharing a phone, a conversation with a person who does not exist, a name that
looks like a formula (stays text), two conversations with no ID yet.
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from typing import Any

from turfbook.demo.consistency import fit_headcounts, settle_conversations, takes_part
from turfbook.schema.columns import match_columns
from turfbook.schema.dates import to_serial
from turfbook.schema.init_plan import INIT_FIELDS
from turfbook.schema.loader import Schema, load_schema
from turfbook.schema.text import fold
from turfbook.workspace import a1
from turfbook.workspace.sheet_requests import append_rows
from turfbook.workspace.sheets import CellWrite

MAX_REQUEST_BYTES = 8 * 1024 * 1024
FORMULA_NAME = '=IMPORTXML("http://example.com/x","//a")'
TOWNS = ["Hartford", "New Haven", "Bridgeport", "Waterbury", "Stamford", "New Britain", "Meriden", "Norwalk",
         "Danbury", "Bristol", "East Hartford", "Middletown", "Windham", "New London", "Norwich", "Torrington",
         "West Haven", "Manchester", "Ansonia", "Willimantic"]
AREA_CODES = ["860", "203", "475", "959"]
SITE_WORDS = ["Little Stars", "Sunshine", "Rainbow", "Tiny Steps", "Casa de los Niños", "Bright Futures",
              "Acorn", "Busy Bees", "Little Learners", "Mi Casita", "Happy Hearts", "Growing Minds",
              "Kiddie Korner", "Los Pequeños", "Sprouts", "Blue Sky", "Abuela's", "Children's Garden"]
ISSUES = [
    ("broken heat", "No heat or heat that fails in classrooms or homes."),
    ("low pay", "Wages below a living wage for educators and providers."),
    ("unsafe playground", "Broken equipment or hazards on the playground."),
    ("late subsidy payments", "Care 4 Kids and other subsidy payments arriving late."),
    ("mould", "Mould or damp in the building."),
    ("staff shortage", "Too few staff for the children enrolled."),
    ("no paid sick days", "Staff lose pay when they are sick."),
    ("broken windows", "Windows that do not close or are broken."),
    ("pests", "Mice, roaches or other pests."),
    ("no supplies", "Staff buying supplies with their own money."),
    ("long hours", "Shifts longer than agreed or unpaid overtime."),
    ("health insurance", "No affordable health insurance."),
]
ISSUES_ES = {"broken heat": "calefacción rota", "low pay": "salario bajo",
             "unsafe playground": "patio de juegos inseguro", "late subsidy payments": "pagos de subsidio atrasados",
             "mould": "moho", "staff shortage": "falta de personal",
             "no paid sick days": "sin días de enfermedad pagados", "broken windows": "ventanas rotas",
             "pests": "plagas", "no supplies": "sin materiales", "long hours": "jornadas largas",
             "health insurance": "seguro médico"}
STREETS = ["Main St", "Park Ave", "Maple St", "Washington St", "Elm St", "Broad St", "Church St", "Franklin Ave",
           "Wethersfield Ave", "Albany Ave", "Grand Ave", "Chapel St", "Congress Ave", "Farmington Ave"]
KINDS = ["one-on-one", "house visit", "canvass/door knock", "phone bank", "text", "event"]
ASKED = ["no", "yes - joined", "yes - declined", "yes - thinking"]
NOTES_EN = ["Worried about {issue}; wants to talk to coworkers.", "Says {issue} is getting worse.",
            "Interested in the committee. Follow up about {issue}.", "Busy, call back next week.",
            "Strong on {issue}, knows three others who feel the same.", "Not sure yet; concerned about retaliation."]
NOTES_ES = ["Le preocupa {issue}; quiere hablar con sus compañeras.", "Dice que {issue} está peor.",
            "Interesada en el comité. Seguimiento sobre {issue}.", "Ocupada, llamar la próxima semana.",
            "Muy fuerte sobre {issue}, conoce a otras tres personas."]


def _names(seed: int, count: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from faker import Faker

    pools = []
    for offset, locale in enumerate(("en_US", "es_MX")):
        fake = Faker(locale)
        fake.seed_instance(seed + offset)
        pools.append([(fake.first_name(), fake.last_name()) for _ in range(count)])
    return pools[0], pools[1]


def build_rows(*, people: int, conversations: int, worksites: int, seed: int, today: date) -> dict[str, list[dict]]:
    """Rows for every seeded tab as {column key: value}: pure and deterministic."""
    rng = random.Random(seed)
    en_names, es_names = _names(seed, 300)
    worksites = max(1, worksites)

    def phone(n: int) -> str:
        return f"{AREA_CODES[n % 4]}-{555 + n // 10000:03d}-{n % 10000:04d}"

    organizers = []
    for n in range(8):
        spanish = n % 3 == 0
        first, last = (es_names if spanish else en_names)[n]
        organizers.append({"id": f"O-{n + 1:04d}", "name": f"{first} {last}",
                           "email": f"{fold(first).replace(' ', '')}.{fold(last).replace(' ', '')}@example.org",
                           "phone": phone(9000 + n), "language": "es" if spanish else "en",
                           "gets_digest": n < 3, "turf": ", ".join(TOWNS[n::8][:2]), "link_version": 1})
    issues = [{"id": f"I-{n + 1:04d}", "name": name, "description": text, "name_es": ISSUES_ES[name]}
              for n, (name, text) in enumerate(ISSUES)]
    sites = []
    for n in range(worksites):
        town = TOWNS[n % len(TOWNS)]
        kind = "family child care home" if n % 3 == 2 else "child care center"
        word = SITE_WORDS[n % len(SITE_WORDS)]
        name = f"{word} {'Family Child Care' if kind == 'family child care home' else 'Learning Center'}"
        if n >= len(SITE_WORDS):
            name += f" {town}"
        sites.append({"id": f"W-{n + 1:04d}", "name": name, "kind": kind,
                      "address": f"{rng.randint(10, 999)} {rng.choice(STREETS)}", "city": town,
                      "organizer": organizers[n % 8]["name"], "headcount": rng.randint(4, 12) if n % 3 == 2
                      else rng.randint(15, 60)})
    start = today - timedelta(days=91)
    persons = []
    for n in range(people):
        spanish = rng.random() < 0.45
        pool = es_names if spanish else en_names
        first, last = rng.choice(pool)[0], rng.choice(pool)[1]
        site = rng.choices(sites, [s["headcount"] for s in sites])[0]   # bigger sites, more people
        membership = rng.choices(["non-member", "asked", "joined", "declined"], [4, 2, 3, 1])[0]
        persons.append({
            "id": f"P-{n + 1:06d}", "name": f"{first} {last}", "phone": phone(n),
            "email": f"{fold(first)[:1]}{fold(last).replace(' ', '')}{n}@example.com" if rng.random() < 0.6 else "",
            "language": "es" if spanish else "en",
            "role": rng.choices(["educator", "parent", "provider", "member", "community"], [5, 4, 2, 1, 1])[0],
            "worksite": site["name"], "organizer": site["organizer"], "assessment": rng.choices(range(1, 6),
                                                                                           [1, 3, 4, 2, 1])[0],
            "leader": rng.random() < 0.08, "membership": membership,
            "committee": "Pay committee" if rng.random() < 0.05 else "", "tags": "", "notes": "",
            "created": to_serial(start + timedelta(days=rng.randrange(30)))})
    name_counts: dict[str, int] = {}
    for person in persons:
        name_counts[person["name"]] = name_counts.get(person["name"], 0) + 1
    talks, who = [], []
    for n in range(conversations):
        person = persons[rng.randrange(len(persons))] if persons else None
        day = start + timedelta(days=rng.randrange(92))
        spanish = person is not None and person["language"] == "es"
        raised = rng.sample(ISSUES, rng.choice([1, 1, 2]))
        due = day + timedelta(days=rng.choice([3, 5, 7, 7, 10, 14]))
        done = ""
        if due <= today and rng.random() < 0.6:
            done = to_serial(min(today, due + timedelta(days=rng.randrange(4))))
        note = rng.choice(NOTES_ES if spanish else NOTES_EN).format(
            issue=ISSUES_ES[raised[0][0]] if spanish else raised[0][0])     # a Spanish note names it in Spanish
        who.append(person["id"] if person else None)
        talks.append({
            "id": f"C-{n + 1:06d}", "date": to_serial(day),
            "person": (person["name"] if rng.random() < 0.2 and name_counts[person["name"]] == 1 else person["id"])
            if person else "",
            "organizer": person["organizer"] if person else organizers[0]["name"],
            "kind": rng.choices(KINDS, [5, 3, 3, 2, 1, 1])[0], "language": "es" if spanish else "en",
            "issues": ", ".join(i[0] for i in raised), "depth": rng.randint(1, 3),
            "assessment_after": min(5, max(1, (person["assessment"] if person else 3) + rng.choice([-1, 0, 0, 0, 1]))),
            "asked_to_join": rng.choices(ASKED, [4, 2, 1, 2])[0],
            "follow_up_due": to_serial(due) if rng.random() < 0.9 else "", "follow_up_done": done, "notes": note})
    settle_conversations(persons, talks, who, rng)
    tests = [{"id": "T-0001", "name": "Fair pay petition", "kind": "petition",
              "date": to_serial(today - timedelta(days=40)), "goal_pct": 65, "notes": "Signed at each site"},
             {"id": "T-0002", "name": "Heat sticker day", "kind": "sticker day",
              "date": to_serial(today - timedelta(days=12)), "goal_pct": 70, "notes": "Wear the red sticker"}]
    participation = []
    for test, share in ((tests[0], 0.45), (tests[1], 0.3)):
        for person in persons:
            if takes_part(person, share, rng):
                participation.append({"id": f"X-{len(participation) + 1:06d}", "test": test["name"],
                                      "person": person["id"], "worksite": person["worksite"], "date": test["date"]})
    fit_headcounts(sites, persons)
    _plant_mistakes(persons, talks)
    return {"Organizers": organizers, "Issues": issues, "Worksites": sites, "People": persons,
            "Conversations": talks, "Structure tests": tests, "Participation": participation}


def _plant_mistakes(persons: list[dict], talks: list[dict]) -> None:
    if len(persons) >= 4:
        for talk in talks:                                  # its conversations name the person by ID
            if talk["person"] == persons[3]["name"]:
                talk["person"] = persons[3]["id"]
        persons[3]["name"] = FORMULA_NAME                   # stays text: every write is RAW
        persons[-1]["phone"] = persons[1]["phone"]          # a duplicate phone -> possible duplicate
    if len(talks) >= 6:
        talks[2]["follow_up_due"] = "31/02"                 # an impossible date
        talks[4]["person"] = "Jane Nobody"                  # not in People
        talks[-1]["id"] = ""                                # new rows without IDs yet
        talks[-2]["id"] = ""


class WorkbookNotEmpty(Exception):
    """The workbook already holds data rows: the seed writes only into an empty workbook."""

    def __init__(self, spreadsheet_id: str, rows: dict[str, int]):
        self.spreadsheet_id, self.rows = spreadsheet_id, rows
        tabs = ", ".join(f"{t} ({n} row(s))" for t, n in rows.items())
        super().__init__(f"spreadsheet {spreadsheet_id} already has data in {tabs}: the demo seed writes only into "
                         f"an empty workbook; nothing was written / la hoja de cálculo {spreadsheet_id} ya tiene "
                         f"datos: no se escribió nada")


def data_rows(values: list[list[Any]]) -> int:
    """Rows below the header holding any non-blank cell."""
    return sum(1 for row in values[1:] if any(str(v).strip() for v in row))


def seeded_rows(workspace, spreadsheet_id: str) -> dict[str, int]:
    """Data rows already in the tabs the seed writes (one spreadsheets.get + one values.batchGet)."""
    sheets = workspace.sheets(spreadsheet_id)
    names = {fold(t) for t in ("Organizers", "Issues", "Worksites", "People", "Conversations", "Structure tests",
                               "Participation")}
    titles = [s["properties"]["title"] for s in sheets.metadata(INIT_FIELDS).get("sheets", [])
              if fold(s["properties"]["title"]) in names]
    found = dict(zip(titles, sheets.read([a1.quote_sheet(t) for t in titles]), strict=True)) if titles else {}
    return {t: n for t, values in found.items() if (n := data_rows(values))}


def seed_workbook(workspace, spreadsheet_id: str, *, people: int = 200, conversations: int = 500,
                  worksites: int = 8, seed: int = 7, today: date, schema: Schema | None = None,
                  check: bool = False) -> dict[str, int]:
    """Fill the workbook (already initialised, and empty: WorkbookNotEmpty otherwise, before any write)
    with seed data; returns rows written per tab."""
    schema = schema or load_schema()
    rows = build_rows(people=people, conversations=conversations, worksites=worksites, seed=seed, today=today)
    sheets = workspace.sheets(spreadsheet_id)
    meta = sheets.metadata(INIT_FIELDS)
    grids = {fold(s["properties"]["title"]): s["properties"] for s in meta.get("sheets", [])}
    titles = [grids[fold(t)]["title"] for t in rows if fold(t) in grids]
    tabs = dict(zip(titles, sheets.read([a1.quote_sheet(t) for t in titles]), strict=True))
    taken = {t: n for t, values in tabs.items() if (n := data_rows(values))}
    if taken:               # seed rows go by position from row 2: never over anyone's data
        raise WorkbookNotEmpty(spreadsheet_id, taken)
    grow, blocks = [], []
    for name, records in rows.items():
        props = grids.get(fold(name))
        if props is None:
            continue
        header = tabs[props["title"]][0] if tabs[props["title"]] else []
        positions = match_columns(schema.tab(name), header).columns
        width = max(positions.values()) + 1
        table = [[""] * width for _ in records]
        for line, record in zip(table, records, strict=True):
            for key, value in record.items():
                if key in positions:
                    line[positions[key]] = value
        needed = len(records) + 1 - props["gridProperties"]["rowCount"]
        if needed > 0:
            grow.append(append_rows(props["sheetId"], needed))
        for first in range(0, len(table), 5000):
            chunk = table[first:first + 5000]
            blocks.append(CellWrite(a1.block(props["title"], first + 2, 0, len(chunk), width), chunk))
    sheets.batch_update(grow)
    for batch in _batches(blocks):
        sheets.write(batch)
    counts = {name.lower().replace(" ", "_"): len(records) for name, records in rows.items()}
    if check:
        from turfbook.schema.job import run_schema_job

        result = run_schema_job(sheets, schema)
        counts["ids_assigned"] = result.ids_written
        counts["problems"] = len(result.problems)
    return counts


def _batches(blocks: list[CellWrite]) -> list[list[CellWrite]]:
    batches: list[list[CellWrite]] = [[]]
    size = 0
    for block in blocks:
        block_size = len(json.dumps(block.values, default=str)) + 200
        if batches[-1] and size + block_size > MAX_REQUEST_BYTES:
            batches.append([])
            size = 0
        batches[-1].append(block)
        size += block_size
    return [b for b in batches if b]


def ensure_workbook(workspace, config, *, write_config: bool = False) -> str:
    """`sheets init` for the demo: create the spreadsheet when the config has none, or upgrade it and
    then run the schema job (assign missing IDs, refresh the Problems tab). Returns its ID; with
    `write_config` a new ID is also saved into the config file (comments kept)."""
    from turfbook.schema.init import run_init, write_spreadsheet_id
    from turfbook.schema.job import run_schema_job

    schema = load_schema(config.schema_dir / "workbook.yaml")
    if config.google.drive.shared_drive and not config.google.spreadsheet_id:
        from turfbook.workspace.drive import Drive

        Drive(workspace).shared_drive(create=True)   # the demo plays the admin who makes the shared drive
    result = run_init(workspace, schema, config.google.spreadsheet_id, title=config.organization.name,
                      time_zone=config.organization.timezone)
    if result.created:
        if write_config and config.source:
            write_spreadsheet_id(config.source, result.spreadsheet_id)
    else:
        run_schema_job(workspace.sheets(result.spreadsheet_id), schema, tz=config.organization.timezone)
    return result.spreadsheet_id


def rows_for(values: list[list[Any]]) -> int:
    return max(len(values) - 1, 0)
