"""`turfbook run filing --verify`: reconcile the Media tab with Drive, and report every mismatch.

Reads only: the Media tab (one values.batchGet), the folders the rows name (one list per level),
and every logged file (files.get in HTTP batches of 100). Writes nothing.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from turfbook.jobs import JobResult
from turfbook.jobs.filing_drive import FilingDrive
from turfbook.jobs.filing_plan import DUPLICATE, FILED, NEEDS_REVIEW, PLANNED, TAG
from turfbook.jobs.media_tab import MEDIA, stamp

JOB = "filing"


def media_rows(workspace) -> list[dict[str, str]]:
    """Every Media row with an ID, as column key -> text."""
    from turfbook.schema.loader import load_schema
    from turfbook.schema.reader import read_workbook

    config = workspace.config
    snapshot = read_workbook(workspace.sheets(), load_schema(config.schema_dir / "workbook.yaml"), [MEDIA],
                             settings_tz=config.organization.timezone)
    tab = snapshot.tabs.get(MEDIA)
    out = []
    for row in tab.rows if tab else []:
        if row.id:
            out.append({k: stamp(v) if isinstance(v, datetime) else ("" if v is None else str(v))
                        for k, v in row.values.items()} | {"id": row.id})
    return out


def mismatches(workspace) -> list[str]:
    rows = media_rows(workspace)
    drive = FilingDrive.open(workspace)
    found: list[str] = []
    twice = [fid for fid, n in Counter(r.get("drive_file_id") for r in rows if r.get("drive_file_id")).items()
             if n > 1]
    found += [f"Drive file {fid} is logged on {n} Media rows" for fid, n in Counter(twice).items()]
    state = drive.get_many([r["drive_file_id"] for r in rows if r.get("drive_file_id")]) if rows else {}
    for r in rows:
        label = f"{r['id']} ({r.get('original_name', '')})"
        status = r.get("status", "")
        file = state.get(r.get("drive_file_id", ""))
        if status == PLANNED:
            found.append(f"{label}: still 'planned' (an interrupted run; the next run completes it)")
            continue
        if status not in (FILED, NEEDS_REVIEW, DUPLICATE):
            continue
        if not file or file.get("trashed"):
            found.append(f"{label}: status '{status}' but the file is not in Drive")
            continue
        if (file.get("appProperties") or {}).get(TAG) != r["id"]:
            found.append(f"{label}: the Drive file is not tagged with {r['id']}")
        if file.get("name") != r.get("filed_name"):
            found.append(f"{label}: named '{file.get('name')}' in Drive, '{r.get('filed_name')}' in Media")
        folder = tuple(p for p in r.get("folder", "").split("/") if p)
        folder_id = drive.folder(folder, create=False) if folder else None
        if folder_id not in (file.get("parents") or []):
            found.append(f"{label}: not in the folder '{r.get('folder')}' that Media names")
    if drive.drive_id:
        inbox_id = drive.folder(tuple(p for p in workspace.config.google.drive.inbox.split("/") if p), create=False)
        logged = {r["id"] for r in rows}
        for f in drive.files_in(inbox_id):
            tag = (f.get("appProperties") or {}).get(TAG)
            if tag and tag not in logged:
                found.append(f"inbox file '{f['name']}' carries media ID {tag}, which is not in the Media tab")
    return found


def verify(workspace) -> JobResult:
    calls = workspace.log.total
    found = mismatches(workspace)
    lines = [f"Filing verification: {len(found)} mismatch(es) between the Media tab and Drive"]
    lines += [f"  - {m}" for m in found]
    return JobResult(JOB, ok=not found, summary="\n".join(lines),
                     counts={"mismatches": len(found), "api_calls": workspace.log.total - calls})
