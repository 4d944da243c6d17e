"""Read-only HTML views of Drive: /view/drive/ (every drive as a folder tree with sizes, appProperties
and thumbnails of small images), /view/drive/<id> (one folder or file), thumb/ and content/."""

from __future__ import annotations

import html
import io
import re
from urllib.parse import quote

from turfbook_emulator import registry
from turfbook_emulator.apis.index import page, section
from turfbook_emulator.drive import model
from turfbook_emulator.drive.model import FOLDER
from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Reply

THUMB_LIMIT = 15 * 1024 * 1024
MAX_ROWS_PER_FOLDER = 300
# the upload metadata a person looks for, in this order; other appProperties (idempotency keys, tags)
# are bookkeeping and stay out of the view
USEFUL_PROPERTIES = (("worksite", "Worksite"), ("person", "Person"), ("issue", "Issue"),
                     ("organizer", "Uploaded by"), ("note", "Note"))
_TIME = re.compile(r"^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2})")


def when(value: object) -> str:
    """'2026:11:30 09:15:00' (EXIF) or '2026-11-30T09:15:00.000Z' (RFC 3339) → '2026-11-30 09:15'."""
    text = str(value or "").strip()
    found = _TIME.match(text)
    if not found:
        return text
    year, month, day, hour, minute = found.groups()
    return f"{year}-{month}-{day} {hour}:{minute}"


def useful_properties(file: dict) -> list[tuple[str, str]]:
    props = file.get("appProperties") or {}
    return [(label, str(props[key])) for key, label in USEFUL_PROPERTIES if str(props.get(key) or "").strip()]


@section
def index_section(emulator) -> str:
    st = model.state(emulator.store)
    drives = model.visible_drives(st)
    links = "".join(f"<li><a href='/view/drive/{d['id']}'>{html.escape(d['name'])}</a></li>" for d in drives)
    return (f"<h2>Drive</h2><p><a href='/view/drive/'>{len(st.files)} file(s) in {len(drives)} shared drive(s)"
            f"</a></p><ul>{links}</ul>")


def _size(file: dict) -> str:
    if file["mimeType"] == FOLDER or file.get("size") is None:
        return ""
    size = float(file["size"])
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1024
    return ""


def _children(st) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in st.files.values():
        for p in f.get("parents") or []:
            out.setdefault(p, []).append(f)
    for items in out.values():
        items.sort(key=lambda f: (f["mimeType"] != FOLDER, f["name"].casefold()))
    return out


def _row(file: dict) -> str:
    props = " · ".join(f"{html.escape(label)}: {html.escape(v)}" for label, v in useful_properties(file))
    thumb = ""
    if file.get("imageMediaMetadata") and int(file.get("size") or 0) <= THUMB_LIMIT:
        thumb = f"<img src='/view/drive/thumb/{file['id']}' alt='' style='max-height:48px;vertical-align:middle'> "
    trashed = " <span class='muted'>(trashed)</span>" if file.get("trashed") else ""
    meta = file.get("imageMediaMetadata") or file.get("videoMediaMetadata") or {}
    taken = f" <span class='muted'>{html.escape(when(meta['time']))}</span>" if meta.get("time") else ""
    return (f"{thumb}<a href='/view/drive/{file['id']}'>{html.escape(file['name'])}</a>{trashed} "
            f"<span class='muted'>{_size(file)}</span>{taken}"
            + (f" <span class='props'>{props}</span>" if props else ""))


def _tree(children, folder_id: str, depth: int = 0) -> str:
    items = children.get(folder_id, [])
    if not items:
        return ""
    rows = []
    for file in items[:MAX_ROWS_PER_FOLDER]:
        inner = _tree(children, file["id"], depth + 1) if file["mimeType"] == FOLDER and depth < 12 else ""
        icon = "📁 " if file["mimeType"] == FOLDER else ""
        rows.append(f"<li>{icon}{_row(file)}{inner}</li>")
    if len(items) > MAX_ROWS_PER_FOLDER:
        rows.append(f"<li class='muted'>… and {len(items) - MAX_ROWS_PER_FOLDER} more</li>")
    return "<ul>" + "".join(rows) + "</ul>"


@registry.view("/view/drive/")
def drive_view(emulator, rest, query):
    st = model.state(emulator.store)
    rest = rest.strip("/")
    if rest.startswith("thumb/"):
        return _thumbnail(emulator, st, rest[len("thumb/"):])
    if rest.startswith("content/"):
        return _content(emulator, st, rest[len("content/"):])
    if rest.startswith("icon/"):
        return Reply(200, b"<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'/>",
                     content_type="image/svg+xml")
    children = _children(st)
    if not rest:
        parts = ["<h1>Drive</h1>"]
        for drive in model.visible_drives(st):
            parts.append(f"<h2>🗄 <a href='/view/drive/{drive['id']}'>{html.escape(drive['name'])}</a></h2>"
                         + (_tree(children, drive["id"]) or "<p class='muted'>empty</p>"))
        for key, root in sorted(st.drives.items()):      # every identity's My Drive that holds something
            if key.startswith("__root__") and children.get(root["id"]):
                owner = key.partition(":")[2]
                title = f"My Drive of {html.escape(owner)}" if owner else "My Drive"
                parts.append(f"<h2>{title}</h2>" + _tree(children, root["id"]))
        return page("Drive", "".join(parts))
    if rest in st.drives:
        drive = st.drives[rest]
        return page(drive["name"], f"<h1>🗄 {html.escape(drive['name'])}</h1>" + _tree(children, rest))
    file = st.files.get(rest)
    if file is None:
        raise ApiError(404, f"File not found: {rest}.")
    if file["mimeType"] == FOLDER:
        return page(file["name"], f"<h1>📁 {html.escape(file['name'])}</h1>{_breadcrumbs(st, file)}"
                                  + (_tree(children, file["id"]) or "<p class='muted'>empty</p>"))
    return page(file["name"], _file_html(emulator, st, file))


def _breadcrumbs(st, file: dict) -> str:
    trail, parent = [], (file.get("parents") or [None])[0]
    while parent:
        node = st.files.get(parent) or st.drives.get(parent)
        if node is None:
            break
        trail.append(f"<a href='/view/drive/{parent}'>{html.escape(node['name'])}</a>")
        parent = (node.get("parents") or [None])[0] if parent in st.files else None
    return "<p class='muted'>" + " / ".join(reversed(trail)) + "</p>"


def _file_html(emulator, st, file: dict) -> str:
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in file_facts(file))
    preview = ""
    if file.get("imageMediaMetadata"):
        preview = f"<p><img src='/view/drive/thumb/{file['id']}' alt=''></p>"
    return (f"<h1>{html.escape(file['name'])}</h1>{_breadcrumbs(st, file)}{preview}"
            f"<p><a href='/view/drive/content/{file['id']}'>download</a></p><table>{rows}</table>")


def file_facts(file: dict) -> list[tuple[str, str]]:
    """What a person wants to know about a file, in plain words: no IDs' bookkeeping, no wall of fields."""
    meta = file.get("imageMediaMetadata") or file.get("videoMediaMetadata") or {}
    facts = [("Type", str(file.get("mimeType", ""))), ("Size", _size(file))]
    if meta.get("time"):
        facts.append(("Taken", when(meta["time"])))
    if meta.get("width") and meta.get("height"):
        facts.append(("Dimensions", f"{meta['width']} × {meta['height']}"))
    if meta.get("durationMillis"):
        facts.append(("Length", f"{int(meta['durationMillis']) / 1000:.0f} s"))
    facts += [("Uploaded", when(file.get("createdTime"))), ("Modified", when(file.get("modifiedTime")))]
    facts += useful_properties(file)
    if file.get("trashed"):
        facts.append(("Trashed", "yes"))
    facts.append(("File ID", str(file.get("id", ""))))
    return [(k, v) for k, v in facts if v]


def _thumbnail(emulator, st, file_id: str) -> Reply:
    file = st.files.get(file_id)
    path = model.blob_path(emulator, file_id)
    if not file or not file.get("imageMediaMetadata") or not path.exists() or path.stat().st_size > THUMB_LIMIT:
        raise ApiError(404, "No thumbnail.")
    cache = model.blob_dir(emulator) / "thumbs"
    cache.mkdir(exist_ok=True)
    cached = cache / f"{file_id}-{file.get('version', 1)}.jpg"
    if not cached.exists():
        from PIL import Image, ImageOps

        from turfbook_emulator.drive.media import _register_heif

        _register_heif()
        with Image.open(path) as image:
            small = ImageOps.exif_transpose(image).convert("RGB")
            small.thumbnail((220, 220))
            out = io.BytesIO()
            small.save(out, "JPEG", quality=80)
        cached.write_bytes(out.getvalue())
    return Reply(200, cached.read_bytes(), content_type="image/jpeg")


def _content(emulator, st, file_id: str) -> Reply:
    file = st.files.get(file_id)
    path = model.blob_path(emulator, file_id)
    if not file or not path.exists():
        raise ApiError(404, "No content.")
    size = path.stat().st_size

    def chunks():
        with path.open("rb") as fh:
            while piece := fh.read(1 << 20):
                yield piece

    return Reply(200, chunks(), content_type=file["mimeType"], length=size,
                 headers={"Content-Disposition": f"inline; filename*=UTF-8''{quote(file['name'])}"})
