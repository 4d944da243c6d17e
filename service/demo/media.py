"""Demo photos and videos in the Drive inbox, as organizers' phones and the upload page leave them.

    seed_media(workspace, config, *, count=60, seed=7, videos=6) -> dict of counts

Deterministic for a seed. A mix of: JPEGs with EXIF dates and GPS sent through the upload page
(appProperties worksite/person/issue/organizer/language), HEICs, photos without EXIF, files named by
the team's convention (`Hartford_LittleStars_heat.jpg`), a misspelled worksite, hopeless
`IMG_0001.JPG`s, and tiny MP4s (moov at the start or the end). Worksites come from the workbook when
it has them. Creates the shared drive and inbox folder when missing.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from turfbook.clock import Clock
from turfbook.demo import media_files
from turfbook.jobs.filing_drive import FilingDrive
from turfbook.workspace import drive_batch as gdrive

FALLBACK = {"worksites": [("W-0001", "Little Stars Center", "Hartford", "Jordan Ellis"),
                         ("W-0002", "Pequeños Pasos", "New Haven", "Carmen Ortiz"),
                         ("W-0003", "Sunrise Family Child Care", "Bridgeport", "Sam Patel"),
                         ("W-0004", "Oak Street School", "Waterbury", "Jordan Ellis")],
            "people": {"W-0001": ["Maria Lopez", "Keisha Brown"], "W-0002": ["Ana Rivera", "Rosa Diaz"],
                       "W-0003": ["Tom Nguyen"], "W-0004": ["Linda Smith"]},
            "issues": ["broken heat", "mould", "unsafe playground", "pests"]}
TOWN_GPS = {"Hartford": (41.7637, -72.6851), "New Haven": (41.3083, -72.9279), "Bridgeport": (41.1865, -73.1952),
            "Waterbury": (41.5582, -73.0515), "Stamford": (41.0534, -73.5387), "Norwalk": (41.1177, -73.4082)}


def _world(workspace, config) -> dict:
    """Who and what uploads may name, from the workbook when it has them: worksites (ID, name, city,
    organizer), the people charted at each worksite (by ID; only names that match one person), issues.
    Uploads come through an organizer's own link, so "uploaded by" is always an organizer."""
    try:
        from turfbook.schema.loader import load_schema
        from turfbook.schema.reader import read_workbook

        snap = read_workbook(workspace.sheets(), load_schema(config.schema_dir / "workbook.yaml"),
                             ["Worksites", "People", "Issues", "Organizers"])
        return _world_in(snap)
    except Exception:  # no workbook (or not these tabs) yet: the demo still has something to file
        return FALLBACK


def _world_in(snap) -> dict:
    organizers = {str(r.get("name")) for r in snap.tab("Organizers").rows if r.get("name")}
    sites = [(r.id or "", str(r.get("name")), str(r.get("city") or "Hartford"), str(r.get("organizer") or ""))
             for r in snap.tab("Worksites").rows if r.get("name") and r.get("organizer") in organizers]
    names = Counter(str(r.get("name") or "") for r in snap.tab("People").rows)
    site_ids = {s[1]: s[0] for s in sites}
    people: dict[str, list[str]] = {}
    for row in snap.tab("People").rows:
        name = str(row.get("name") or "")
        site = site_ids.get(row.get("worksite"))
        if site and name and not name.startswith("=") and names[name] == 1:
            people.setdefault(site, []).append(name)
    issues = [str(r.get("name")) for r in snap.tab("Issues").rows if r.get("name")] or FALLBACK["issues"]
    sites = [s for s in sites if people.get(s[0])]
    if sites:
        return {"worksites": sites, "people": people, "issues": issues}
    # a workbook with worksites but no organizers or people yet (tests): its worksites, made-up names
    named = [r for r in snap.tab("Worksites").rows if r.get("name")]
    if not named:
        return FALLBACK
    makers = [s[3] for s in FALLBACK["worksites"]]
    everyone = [n for names in FALLBACK["people"].values() for n in names]
    return {"worksites": [(r.id or "", str(r.get("name")), str(r.get("city") or "Hartford"), makers[i % len(makers)])
                          for i, r in enumerate(named)],
            "people": {r.id or "": everyone for r in named}, "issues": issues}


def _compact(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(w.capitalize() for w in plain.replace("-", " ").split() if w.isalnum())


def _misspell(name: str, rng: random.Random) -> str:
    i = rng.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1:]


def plan_media(count: int, seed: int, videos: int, world: dict, today: datetime) -> list[dict]:
    """What to upload: name, mime, bytes and appProperties for each file (pure and deterministic)."""
    rng = random.Random(seed)
    items = []
    for i in range(count):
        ws_id, ws_name, city, organizer = rng.choice(world["worksites"])
        day = (today - timedelta(days=rng.randrange(0, 90))).replace(hour=8, minute=0, second=0, microsecond=0,
                                                                       tzinfo=None)
        when = day + timedelta(minutes=rng.randrange(0, 600), seconds=rng.randrange(0, 60))
        gps = TOWN_GPS.get(city, (41.6, -72.7))
        gps = (gps[0] + rng.uniform(-0.01, 0.01), gps[1] + rng.uniform(-0.01, 0.01))
        issue = rng.choice(world["issues"])
        props = {"worksite": ws_name if rng.random() < 0.7 else ws_id or ws_name,
                 "person": rng.choice(world["people"][ws_id]), "issue": issue, "organizer": organizer,
                 "language": rng.choice(["en", "es"])}
        color = (rng.randrange(40, 200), rng.randrange(40, 200), rng.randrange(40, 200))
        label = f"{ws_name} - {issue}"
        number = 1000 + i
        if i < videos:
            data = media_files.mp4(label, when=when.replace(tzinfo=UTC) + timedelta(hours=5), color=color,
                                   moov_first=i % 2 == 0)
            items.append(dict(kind="video", name=f"VID_{number}.mp4", mime="video/mp4", data=data, props=props))
            continue
        slot = i % 10
        if slot in (0, 1, 2, 3):
            data = media_files.jpeg(label, when=when, gps=gps, color=color)
            items.append(dict(kind="upload", name=f"IMG_{number}.JPG", mime="image/jpeg", data=data, props=props))
        elif slot in (4, 5):
            data = media_files.jpeg(label, when=when, gps=gps, color=color)
            name = f"{city.replace(' ', '')}_{_compact(ws_name)}_{issue.split()[-1]}.jpg"
            items.append(dict(kind="convention", name=name, mime="image/jpeg", data=data, props={}))
        elif slot == 6:
            data = media_files.heic(label, when=when, gps=gps, color=color)
            items.append(dict(kind="heic", name=f"IMG_{number}.HEIC", mime="image/heic", data=data, props=props))
        elif slot == 7:
            data = media_files.jpeg(label, color=color)
            items.append(dict(kind="no_exif", name=f"photo_{number}.jpg", mime="image/jpeg", data=data, props=props))
        elif slot == 8 and i % 20 == 8:
            data = media_files.jpeg(label, when=when, gps=gps, color=color)
            bad = {**props, "worksite": _misspell(ws_name, rng)}
            items.append(dict(kind="misspelled", name=f"IMG_{number}.JPG", mime="image/jpeg", data=data, props=bad))
        else:
            hopeless = f"IMG_{i // 10 + 1:04d}.JPG"
            data = media_files.jpeg(hopeless, color=color)
            items.append(dict(kind="hopeless", name=hopeless, mime="image/jpeg", data=data, props={}))
    return items


def seed_media(workspace, config, *, count: int = 60, seed: int = 7, videos: int = 6,
               today: datetime | None = None) -> dict:
    """Upload `count` generated files into the inbox; returns counts by kind (and `files`)."""
    drive = FilingDrive.open(workspace, create=True)
    inbox = tuple(p for p in config.google.drive.inbox.split("/") if p)
    inbox_id = drive.folder(inbox)
    today = today or Clock.for_config(config).now()
    items = plan_media(count, seed, min(videos, count), _world(workspace, config), today)
    counts: dict[str, int] = {}
    for item in items:
        gdrive.upload_bytes(workspace, inbox_id, item["name"], item["mime"], item["data"],
                            app_properties=item["props"])
        counts[item["kind"]] = counts.get(item["kind"], 0) + 1
    counts["files"] = len(items)
    return counts
