"""The whole demo: emulator, workbook, seed data and media, the jobs, a digest to open."""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import yaml

from turfbook import data_dir
from turfbook.config import PATH_KEYS, Config
from turfbook.workspace import connect
from turfbook_demo import services
from turfbook_demo.emulator import control, ensure_running

STEP = "\n== {}"
DIRECTOR = "coalition.director@example.org"


def with_spreadsheet(config: Config, spreadsheet_id: str) -> Config:
    google = config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})
    return config.model_copy(update={"google": google})


def write_demo_config(config: Config, path: Path) -> None:
    """A config file for exploring after the demo (`turfbook --config .turfbook/demo.yaml ...`)."""
    data = config.model_dump(mode="json", exclude={"source"})
    for keys in PATH_KEYS:   # absolute: a relative path in a config file means one next to that file
        section = data
        for key in keys[:-1]:
            section = section.get(key) or {}
        if section.get(keys[-1]):
            section[keys[-1]] = str(Path(section[keys[-1]]).resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Written by `make demo`: the repo's config.yaml plus the demo spreadsheet's ID.\n"
                    + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def stop(config: Config) -> dict[str, str]:
    """Stop what this checkout's demo started (web app, scheduler, emulator), by their PID files."""
    from turfbook_demo import pids

    said = pids.stop(Path(config.data_dir) / "demo")
    said.update(pids.stop(Path(config.google.credentials_file).parent))
    return said


def run_jobs(config: Config, workspace, today: dt.date, steps) -> list:
    """Each job through the runner, as the scheduler and `turfbook run` do: its lock, and a row in run
    history (trigger `demo`), so /runs shows the demo's own runs. Returns the recorded runs."""
    from turfbook.bootstrap import bootstrap

    core = bootstrap(config, today=today, connect=lambda _config: workspace)
    runs = []
    for title, name, options in steps:
        print(STEP.format(title))
        record, result, error = core.runner.run_reporting(name, "demo", **options)
        print(result.summary if result is not None else f"{name} failed (run {record.id}): {record.error}")
        runs.append(record)
    return runs


def digest_failure(run) -> str | None:
    """One line when the demo's digest did not go out (so the demo does not say Done); else None."""
    failed = run.counts.get("failed", 0)
    if run.status == "ok" and not failed:
        return None
    why = run.error or f"{failed} of {run.counts.get('recipients', '?')} digest mails failed to send"
    return (f"the demo's digest was not sent ({why}; see the digest step above) / "
            f"el resumen de la demo no se envió ({why}; vea el paso del resumen arriba)")


def run_demo(config: Config, *, fresh: bool = True, people: int = 200, conversations: int = 500,
             worksites: int = 8, media: int = 60, seed: int = 7, today: dt.date | None = None) -> int:
    from turfbook.demo.media import seed_media
    from turfbook.demo.workbook import WorkbookNotEmpty, ensure_workbook, seed_workbook

    started = time.perf_counter()
    today = today or dt.datetime.now(config.tz).date()
    data_dir.make(Path(config.data_dir) / "demo")    # a folder it cannot write: said before anything starts
    print(STEP.format("Google Workspace emulator"))
    base_url = ensure_running(config)
    services.stop_previous(Path(config.data_dir) / "demo")
    web_port = services.pick_port(8000)
    config = config.model_copy(update={
        "google": config.google.model_copy(update={"endpoint": base_url}),
        "web": config.web.model_copy(update={"base_url": f"http://127.0.0.1:{web_port}"})})
    if fresh:
        control(base_url, "POST", "/_emulator/reset")
        print("Emptied the emulator for a clean demo run")

    print(STEP.format(f"Workbook: create from {Path(config.schema_dir) / 'workbook.yaml'}"))
    config = with_spreadsheet(config, None) if fresh else config
    spreadsheet_id = ensure_workbook(connect(config), config)
    config = with_spreadsheet(config, spreadsheet_id)
    demo_config = Path(config.data_dir) / "demo.yaml"
    write_demo_config(config, demo_config)
    workspace = connect(config)
    try:
        counts = seed_workbook(workspace, spreadsheet_id, people=people, conversations=conversations,
                               worksites=worksites, seed=seed, today=today)
        print("Seeded: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    except WorkbookNotEmpty as exc:       # --keep: the workbook is seeded already; its data stays
        print(f"Kept the workbook's data ({exc.spreadsheet_id}): not seeded again")
    ensure_workbook(workspace, config)  # assigns IDs, reports problems, re-applies validation

    print(STEP.format("Field uploads: photos and videos into the Drive inbox"))
    uploaded = seed_media(workspace, config, count=media, seed=seed)
    print("Uploaded: " + ", ".join(f"{v} {k}" for k, v in uploaded.items()))

    runs = run_jobs(config, workspace, today, (
        ("Nightly filing of photos and videos", "filing", {}),
        ("Overdue follow-ups", "overdue", {}),
        ("Digest for the coalition director and organizers", "digest",
         # a fresh demo starts a new emulator inbox, so send again even if an earlier demo sent this week
         {"preview": Path(config.data_dir) / "demo" / "digest.html", "resend": fresh,
          "director_to": [DIRECTOR]}),
    ))

    unsent = digest_failure(runs[-1])
    if unsent:
        print(f"error: {unsent}", file=sys.stderr)
        return 1

    print(STEP.format("Web app and scheduler"))
    started_services = services.start(demo_config, Path(config.data_dir), port=web_port)
    print(f"  Run history:   {started_services['web']}")
    print(f"  Scheduler:     {started_services['scheduler']}")
    print("  Organizers' upload links (EN/ES phone page):")
    for line in started_services["links"].splitlines():
        print("    " + line.replace("\t", "  "))

    seconds = time.perf_counter() - started
    digest_path = (Path(config.data_dir) / "demo" / "digest.html").resolve()
    print(STEP.format(f"Done in {seconds:.1f} s, {workspace.log.total} Google API calls"))
    print(f"  Spreadsheet (as staff see it):  {base_url}/view/sheets/{spreadsheet_id}")
    print(f"  Drive tree (filed media):       {base_url}/view/drive/")
    print(f"  Sent mail:                      {base_url}/view/mail/")
    print(f"  Director digest to open:        {digest_path}")
    print(f"  Explore further:                turfbook --config {demo_config} run overdue --dry-run")
    print("  The emulator, web app and scheduler keep running; stop them (only them) with: turfbook demo stop")
    return 0
