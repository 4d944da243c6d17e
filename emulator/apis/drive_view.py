"""Read-only HTML views of Drive: /view/drive/ (every drive as a folder tree with sizes, appProperties
and thumbnails of small images), /view/drive/<id> (one folder or file), thumb/ and content/."""

from __future__ import annotations

import html
import io
from urllib.parse import quote

from emulator import registry
from emulator.apis.index import page, section
from emulator.drive import model
from emulator.drive.model import FOLDER
from emulator.errors import ApiError
from emulator.registry import Reply

THUMB_LIMIT = 15 * 1024 * 1024
MAX_ROWS_PER_FOLDER = 300


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
    props = ", ".join(f"{html.escape(k)}={html.escape(str(v))}" for k, v in (file.get("appProperties") or {}).items())
    thumb = ""
    if file.get("imageMediaMetadata") and int(file.get("size") or 0) <= THUMB_LIMIT:
        thumb = f"<img src='/view/drive/thumb/{file['id']}' alt='' style='max-height:48px;vertical-align:middle'> "
    trashed = " <span class='muted'>(trashed)</span>" if file.get("trashed") else ""
    meta = file.get("imageMediaMetadata") or file.get("videoMediaMetadata") or {}
    when = f" <span class='muted'>{html.escape(str(meta.get('time', '')))}</span>" if meta.get("time") else ""
    return (f"{thumb}<a href='/view/drive/{file['id']}'>{html.escape(file['name'])}</a>{trashed} "
            f"<span class='muted'>{_size(file)}</span>{when}"
            + (f" <code>{props}</code>" if props else ""))


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
        root = model.my_drive_root_id(st)
        if children.get(root):
            parts.append("<h2>My Drive</h2>" + _tree(children, root))
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
    resource = model.resource(st, file, emulator.base_url)
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td><code>{html.escape(str(v))}</code></td></tr>"
                   for k, v in resource.items() if k not in ("capabilities", "lastModifyingUser", "owners"))
    preview = ""
    if file.get("imageMediaMetadata"):
        preview = f"<p><img src='/view/drive/thumb/{file['id']}' alt=''></p>"
    return (f"<h1>{html.escape(file['name'])}</h1>{_breadcrumbs(st, file)}{preview}"
            f"<p><a href='/view/drive/content/{file['id']}'>download</a></p><table>{rows}</table>")


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

        from emulator.drive.media import _register_heif

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
