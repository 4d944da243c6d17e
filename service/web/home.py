"""GET /: the staff landing page (EN/ES): the workbook, the Drive media folder, run history for admins.

An organizer who comes from their own upload page (`/?u=<their signed link>`, linked from that page)
also sees their own pages first: their upload page, in their language. A link that is not valid (any
more) says so in the upload page's words; the rest of the page is the same as for anyone.

Public and cheap: it shows no data, only where things are. Google checks who may open the workbook
and the folder (on the emulator its read-only views). The media folder's ID costs Drive lookups, so
it is remembered for FOLDER_SECONDS (a failed lookup for RETRY_SECONDS: the page then says the
folder could not be found instead of showing a broken link).
"""

from __future__ import annotations

import threading
import time
from urllib.parse import quote

from flask import Blueprint, make_response, render_template, request

from turfbook.app import services
from turfbook.config import Config
from turfbook.links import LinkError, Organizer
from turfbook.web.auth import COOKIE, cookie_ok
from turfbook.web.i18n import choose_language, translator

bp = Blueprint("home", __name__)
FOLDER_SECONDS, RETRY_SECONDS = 600.0, 60.0
_lock = threading.Lock()


def workbook_url(config: Config) -> str | None:
    sheet_id = config.google.spreadsheet_id
    if not sheet_id:
        return None
    if config.google.endpoint:   # the emulator's read-only view, as staff would see the sheet
        return f"{config.google.endpoint.rstrip('/')}/view/sheets/{quote(sheet_id, safe='')}"
    return f"https://docs.google.com/spreadsheets/d/{quote(sheet_id, safe='')}/edit"


def folder_url(config: Config, folder_id: str) -> str:
    if config.google.endpoint:
        return f"{config.google.endpoint.rstrip('/')}/view/drive/{quote(folder_id, safe='')}"
    return f"https://drive.google.com/drive/folders/{quote(folder_id, safe='')}"


def media_folder_id(svc) -> str | None:
    """The Media root folder's ID (google.drive.media_root in the shared drive), remembered."""
    with _lock:
        known = svc.extra.get("media_folder")
        if known and time.monotonic() - known[0] < (FOLDER_SECONDS if known[1] else RETRY_SECONDS):
            return known[1]
    from turfbook.workspace.drive import Drive

    try:
        found = Drive(svc.workspace).folder(svc.config.google.drive.media_root, create=False)
    except Exception:  # unreachable, or no shared drive yet: the page says so
        found = None
    with _lock:
        svc.extra["media_folder"] = (time.monotonic(), found)
    return found


def organizer_of(token: str) -> tuple[Organizer | None, str | None, str | None]:
    """The organizer whose signed upload link came with `?u=` (their own pages are listed), else why not:
    the same check, and the same words, as the upload page itself; and the language to say it in (the
    organizer's, also for their replaced link)."""
    if not token:
        return None, None, None
    from turfbook.web.upload import organizer_for_link

    try:
        organizer = organizer_for_link(token)
        return organizer, None, organizer.language
    except LinkError as exc:
        return None, f"bad_link_{exc.reason}", exc.language


@bp.get("/")
def home():
    svc = services()
    token = request.args.get("u", "")[:400]
    if token:
        from turfbook.web.upload import link_throttle

        if busy := link_throttle(token):
            return busy
    organizer, link_problem, their_language = organizer_of(token)
    lang = choose_language(request.args.get("lang"), their_language, request.accept_languages)
    folder = media_folder_id(svc)
    admin = bool(svc.admin_token) and bool(request.cookies.get(COOKIE)) and cookie_ok(svc.admin_token)
    response = make_response(render_template(
        "home.html", t=translator(lang), lang=lang, other="es" if lang == "en" else "en",
        organization=svc.config.organization.name, workbook=workbook_url(svc.config),
        media=folder_url(svc.config, folder) if folder else None, media_root=svc.config.google.drive.media_root,
        admin=admin, organizer=organizer, token=token if organizer else "", link_problem=link_problem))
    if token:
        response.headers["Cache-Control"] = "no-store"      # the link is a secret: keep it out of caches
    return response
