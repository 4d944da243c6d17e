"""The jobs under test, each as a small "world": how to build it, run the job once, and snapshot it.

A world is built from an empty emulator (the `emulator` fixture resets it) through the real clients.
`run(world, policy)` runs the job once with that retry policy and says whether it finished;
`snapshot(world)` is the normalised end state compared between an uninterrupted run and a faulted one.

Normalisation (what is *not* compared, and why):
- Drive file and folder IDs and the spreadsheet ID are random per world: every occurrence in a cell
  is replaced by a stable name (a file by its md5, a folder by its path, the workbook by SHEET).
- Timestamp-like service columns carry the wall-clock time of the run that wrote them:
  Media "Filed at" (and Drive's `filed_at` appProperty), Problems "First seen", and the Drive
  lock file's `expires`. They are blanked. Everything else, every tab and every cell, is compared.
- Gmail and outbox messages are compared as the multiset of (recipient, subject): their bodies
  include the run history ("last runs"), which by design differs after a failed run.
"""

from __future__ import annotations

import datetime as dt
import email
import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from email import policy as email_policy
from typing import Any

from tests.support.overdue_workbook import TODAY, create_workbook, row, with_spreadsheet
from turfbook.config import Config
from turfbook.history import OK
from turfbook.jobs.registry import Registry, Runner
from turfbook.schema import load_schema
from turfbook.schema.init import run_init
from turfbook.schema.init_plan import INIT_FIELDS
from turfbook.workspace import Workspace, a1, retry
from turfbook.workspace.drive import Drive
from turfbook.workspace.sheets import CellWrite

FOLDER = "application/vnd.google-apps.folder"
LOCK_NAME = ".turfbook-filing.lock"
STAMP_HEADERS = {"Media": {"Filed at"}, "Problems": {"First seen"}}
STAMP_PROPERTIES = {"filed_at", "expires"}
UPLOAD_KEY_PROPERTIES = {"turfbook_upload_key", "turfbook_form"}   # per page load: differ between runs
DIRECTOR = "director@example.org"


def fast_policy(max_attempts: int = 12) -> retry.Policy:
    """Retries that wait milliseconds. max_attempts=1: the first error ends the job (a crash)."""
    return retry.Policy(base=0.01, cap=0.05, deadline=60, max_attempts=max_attempts)


def workspace(config: Config, policy: retry.Policy | None = None, *, warm: bool = False) -> Workspace:
    """A Workspace with a fast retry policy. `warm`: fetch its access token now (so it can then be
    used inside time_machine.travel to the past without the emulator refusing a JWT from the past)."""
    ws = Workspace(config, policy=policy or fast_policy())
    if warm:
        from google.auth.transport.requests import Request

        ws.credentials.refresh(Request())
    return ws


@dataclass
class World:
    config: Config
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Outcome:
    finished: bool                 # the job ran to the end and reported success
    detail: str = ""               # error or summary
    history: str | None = None     # the Runner's recorded status, when the job runs through it


# ----- snapshots ------------------------------------------------------------------------------------
def drive_files(config: Config) -> list[dict]:
    """Every file and folder in the shared drive (not trashed), with its path."""
    ws = workspace(config)
    drive = Drive(ws)
    try:
        drive.shared_drive()
    except LookupError:
        return []
    found = drive.find("trashed = false", "id,name,mimeType,parents,appProperties,md5Checksum")
    by_id = {f["id"]: f for f in found}

    def path(file_id: str) -> str:
        parts = []
        while file_id in by_id:
            parts.append(by_id[file_id]["name"])
            parents = by_id[file_id].get("parents") or []
            file_id = parents[0] if parents else ""
        return "/".join(reversed(parts))

    for f in found:
        f["path"] = path(f["id"])
    return found


def id_names(files: list[dict], spreadsheet_id: str | None) -> dict[str, str]:
    names = {f["id"]: (f"<folder {f['path']}>" if f["mimeType"] == FOLDER else f"<file {f.get('md5Checksum')}>")
             for f in files}
    if spreadsheet_id:
        names[spreadsheet_id] = "<SHEET>"
    return names


def _swap_ids(value: Any, names: dict[str, str], pattern: re.Pattern | None) -> Any:
    if pattern is None or not isinstance(value, str):
        return value
    return pattern.sub(lambda m: names[m.group(0)], value)


def sheet_snapshot(config: Config, names: dict[str, str]) -> dict[str, Any]:
    """Every tab's formatted values (stamp columns blanked, IDs named) and its structure."""
    if not config.google.spreadsheet_id:
        return {}
    sheets = workspace(config).sheets()
    meta = sheets.metadata(INIT_FIELDS)
    titles = [s["properties"]["title"] for s in meta.get("sheets", [])]
    values = sheets.read([a1.whole_sheet(t) for t in titles], render="FORMATTED_VALUE")
    pattern = re.compile("|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))) if names else None
    tabs = {}
    for title, rows in zip(titles, values, strict=True):
        header = rows[0] if rows else []
        blank = {i for i, h in enumerate(header) if h in STAMP_HEADERS.get(title, set())}
        tabs[title] = [[("<stamp>" if i in blank and r and c not in ("", None) else _swap_ids(c, names, pattern))
                        for i, c in enumerate(r)] if n else r for n, r in enumerate(rows)]
    structure = {}
    sheet_titles = {s["properties"]["sheetId"]: s["properties"]["title"] for s in meta.get("sheets", [])}
    for sheet in meta.get("sheets", []):
        props = sheet["properties"]
        structure[props["title"]] = _named_sheets({
            "index": props.get("index"), "grid": props.get("gridProperties"),
            "conditional": sheet.get("conditionalFormats", []),
            "protected": [{k: v for k, v in p.items() if k != "protectedRangeId"}
                          for p in sheet.get("protectedRanges", [])],
            # the format fingerprint hashes sheet IDs, which are random per workbook: keys only
            "metadata": sorted(m["metadataKey"] for m in sheet.get("developerMetadata", []))}, sheet_titles)
    return {"values": tabs, "structure": structure}


def _named_sheets(value: Any, titles: dict[int, str]) -> Any:
    """Sheet IDs are random per workbook: name them by their tab's title."""
    if isinstance(value, dict):
        return {k: (titles.get(v, v) if k == "sheetId" else _named_sheets(v, titles)) for k, v in value.items()}
    if isinstance(value, list):
        return [_named_sheets(v, titles) for v in value]
    return value


def drive_snapshot(files: list[dict]) -> list[tuple]:
    out = []
    for f in files:
        if f["name"] == LOCK_NAME:
            continue
        props = {k: v for k, v in (f.get("appProperties") or {}).items()
                 if k not in STAMP_PROPERTIES | UPLOAD_KEY_PROPERTIES}
        out.append((f["path"], f["mimeType"] == FOLDER, f.get("md5Checksum"), tuple(sorted(props.items()))))
    return sorted(out, key=repr)


def mail_snapshot(world: World, emulator) -> Counter:
    """(transport, recipient, subject) of every message sent: Gmail's store and the outbox."""
    sent: Counter = Counter()
    gmail = emulator.data_dir / "gmail"
    outbox = world.config.mail.outbox_dir
    for kind, folder in (("gmail", gmail), ("outbox", outbox)):
        for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
            message = email.message_from_bytes(path.read_bytes(), policy=email_policy.default)
            sent[(kind, str(message["To"]), str(message["Subject"]))] += 1
    return sent


def snapshot(world: World, emulator) -> dict[str, Any]:
    files = drive_files(world.config)
    names = id_names(files, world.config.google.spreadsheet_id)
    return {"sheets": sheet_snapshot(world.config, names), "drive": drive_snapshot(files),
            "mail": mail_snapshot(world, emulator)}


def duplicates(state: dict[str, Any]) -> list[str]:
    """Duplicated rows (same ID twice in a tab), files (same md5 twice outside Duplicates) and mail."""
    found = []
    for title, rows in state["sheets"].get("values", {}).items():
        if not rows or not rows[0] or rows[0][0] != "ID":
            continue
        ids = Counter(r[0] for r in rows[1:] if r and r[0])
        found += [f"{title} {i} x{n}" for i, n in ids.items() if n > 1]
    md5s = Counter(f[2] for f in state["drive"] if not f[1] and "/_Duplicates" not in f[0])
    found += [f"file {m} x{n}" for m, n in md5s.items() if n > 1]
    found += [f"mail {k} x{n}" for k, n in state["mail"].items() if n > 1]
    return found


def diff(expected: dict[str, Any], got: dict[str, Any], limit: int = 12) -> list[str]:
    """Human-readable differences (first `limit`)."""
    out = []
    for title in sorted(set(expected["sheets"].get("values", {})) | set(got["sheets"].get("values", {}))):
        a = expected["sheets"].get("values", {}).get(title)
        b = got["sheets"].get("values", {}).get(title)
        if a != b:
            if a is None or b is None:
                out.append(f"tab {title}: {'missing' if b is None else 'extra'}")
                continue
            for n in range(max(len(a), len(b))):
                ra = a[n] if n < len(a) else None
                rb = b[n] if n < len(b) else None
                if ra != rb:
                    out.append(f"{title} row {n + 1}: expected {ra} got {rb}")
    for title, a in expected["sheets"].get("structure", {}).items():
        if got["sheets"].get("structure", {}).get(title) != a:
            out.append(f"{title}: structure differs")
    extra = set(got["drive"]) - set(expected["drive"])
    lost = set(expected["drive"]) - set(got["drive"])
    out += [f"drive lost {x}" for x in sorted(lost, key=repr)] + [f"drive extra {x}" for x in sorted(extra, key=repr)]
    if Counter(got["drive"]) != Counter(expected["drive"]) and not (extra or lost):
        out.append("drive: same entries, different counts")
    if expected["mail"] != got["mail"]:
        out.append(f"mail: expected {dict(expected['mail'])} got {dict(got['mail'])}")
    return out[:limit]


_WORLDS = itertools.count(1)


# ----- the jobs ---------------------------------------------------------------------------------------
class Job:
    name: str = ""
    runner_job: str | None = None     # the registry name, when the job runs through Runner
    options: dict[str, Any] = {}

    def new(self, config: Config) -> World:
        """A fresh world with its own data dir (run history, digest ledger, outbox)."""
        data_dir = config.data_dir / f"world-{next(_WORLDS)}"
        mail = config.mail.model_copy(update={"outbox_dir": data_dir / "outbox"})
        Drive(workspace(config)).shared_drive(create=True)   # the admin's step (Turfbook never makes it)
        return self.build(config.model_copy(update={"data_dir": data_dir, "mail": mail}))

    def build(self, config: Config) -> World:
        raise NotImplementedError

    def unconfirmed(self, world: World) -> set[str]:
        """Recipients of mail whose send was cut off mid-way (never re-sent automatically)."""
        return set()

    def resent_copies(self, expected: dict[str, Any], got: dict[str, Any]) -> int:
        """Extra copies of an expected file that a client re-sent (accepted only for uploads)."""
        return 0

    def run(self, world: World, ws: Workspace) -> Outcome:
        # one short-lived runner a run, as `turfbook run` (no full gc.collect after the run)
        runner = Runner(world.config, Registry(), connect=lambda _config: ws, collect_after_run=False)
        record = runner.run(self.runner_job, "test", **self.options)
        return Outcome(record.status == OK, record.error or "", record.status)


class InitJob(Job):
    """`sheets init` upgrading a workbook staff started by hand: two tabs, one with data."""

    name = "init"

    def build(self, config: Config) -> World:
        ws = workspace(config)
        from turfbook.workspace.sheets import Sheets

        sheet_id = Sheets.create(ws, "Coalition", ["People", "Notes"])
        ws.sheets(sheet_id).write([CellWrite("People!A1", [["Name", "Phone", "Organizer"],
                                                           ["Maria Lopez", "860-555-0101", "Ana"],
                                                           ["Luis Ortiz", "203-555-0199", "Bea"]])])
        return World(with_spreadsheet(config, sheet_id))

    def run(self, world: World, ws: Workspace) -> Outcome:
        try:
            result = run_init(ws, load_schema(), world.config.google.spreadsheet_id)
        except Exception as exc:  # a crash: reported as the outcome
            return Outcome(False, f"{type(exc).__name__}: {exc}")
        return Outcome(True, f"{len(result.plan.requests)} requests")


class OverdueJob(Job):
    name = "overdue"
    runner_job = "overdue"
    options = {"today": TODAY}

    def build(self, config: Config) -> World:
        from tests.support.overdue_workbook import PEOPLE, conversations

        convs = conversations() + [row("Conversations", id="C-000010", date=TODAY, person="Nobody",
                                       follow_up_due="31/02")]
        return World(create_workbook(config, PEOPLE, convs, {"timezone": "America/New_York", "grace_days": 0}))


class FilingJob(Job):
    name = "filing"
    runner_job = "filing"

    def build(self, config: Config) -> World:
        from tests.integration.filing_support import workbook
        from turfbook.demo.media import seed_media

        config = workbook(config)
        seed_media(workspace(config), config, count=6, seed=3, videos=1,
                   today=dt.datetime(2026, 11, 20, tzinfo=config.tz))
        return World(config)


class DigestJob(Job):
    """The director's and organizers' digests by Gmail, and the Wall chart."""

    name = "digest"
    runner_job = "digest"
    options = {"today": TODAY, "director_to": [DIRECTOR]}

    def build(self, config: Config) -> World:
        from turfbook.demo.workbook import seed_workbook

        config = config.model_copy(update={"mail": config.mail.model_copy(update={"transport": "gmail"})})
        ws = workspace(config)
        sheet_id = run_init(ws, load_schema(), None).spreadsheet_id
        seed_workbook(ws, sheet_id, people=24, conversations=40, worksites=3, seed=5, today=TODAY)
        return World(with_spreadsheet(config, sheet_id))

    def unconfirmed(self, world: World) -> set[str]:
        import sqlite3
        from contextlib import closing

        from turfbook.digest.ledger import Ledger

        with closing(sqlite3.connect(Ledger.for_config(world.config).path)) as db:
            return {r[0] for r in db.execute("SELECT recipient FROM pending")}


class UploadJob(Job):
    """Two photos sent from a phone through the upload page (Flask test client), one per request
    with its upload key as the page's script does. A request that fails is sent again by the phone,
    with the same key."""

    name = "upload"

    def resent_copies(self, expected: dict[str, Any], got: dict[str, Any]) -> int:
        """A crash after the last chunk landed but before the page answered: the phone was told
        nothing was stored and sends the photo again. Accepted (documented in README): the inbox
        holds two identical copies, none lost, and filing marks the second `duplicate` by md5.
        Only exact extra copies of expected entries count; anything else is still a failure."""
        want, have = Counter(expected["drive"]), Counter(got["drive"])
        if set(have) != set(want) or any(have[k] < n for k, n in want.items()):
            return 0
        return sum(have.values()) - sum(want.values())

    def build(self, config: Config) -> World:
        Drive(workspace(config)).shared_drive(create=True)
        return World(config, {"sent": set()})

    def photos(self) -> list[tuple[str, bytes]]:
        from PIL import Image

        out = []
        for name, color in (("IMG_0001.JPG", (200, 30, 30)), ("IMG_0002.JPG", (30, 30, 200))):
            buffer = io.BytesIO()
            Image.new("RGB", (32, 24), color).save(buffer, "JPEG")
            out.append((name, buffer.getvalue()))
        return out

    def run(self, world: World, ws: Workspace) -> Outcome:
        from tests.support.web import ANA, link, make_app

        app = make_app(world.config)          # a fresh web process (the last one may have died)
        app.extensions["turfbook"]._local.workspace = ws
        client = app.test_client()
        url = link(ANA)
        errors = []
        for name, content in self.photos():
            if name in world.extra["sent"]:
                continue
            page = client.get(url).get_data(as_text=True)
            token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
            data = {"csrf": token, "lang": "es", "worksite": "Little Stars Center", "person": "Rosa M.",
                    "issue": "broken heat", "key": f"fault-matrix-{name}-{len(content)}",
                    "file": [(io.BytesIO(content), name)]}
            answer = client.post(url, data=data, content_type="multipart/form-data",
                                 headers={"Accept": "application/json"})
            if answer.status_code == 200 and answer.json["received"]:
                world.extra["sent"].add(name)
            else:
                errors.append(f"{name}: {answer.status_code} {answer.json}")
        return Outcome(not errors, "; ".join(errors))


JOBS: dict[str, Job] = {j.name: j for j in (InitJob(), OverdueJob(), FilingJob(), DigestJob(), UploadJob())}

