"""The upload page: GET/POST /u/<signed link>.

POST reads the multipart body in order with turfbook.web.multipart (nothing spooled to disk or
held beyond one upload chunk) and pipes each file straight into a resumable upload to the Drive
inbox, tagged with the form fields as appProperties. Before any byte of a file goes to Drive: the
link is checked, the request size (Content-Length ≤ web.max_upload_mb) is checked, the per-form
token and the worksite are checked, and the file's first bytes (up to HEAD_BYTES, 2 MiB, buffered)
must decode as a JPEG, PNG, HEIC/HEIF, MP4/MOV or WebM header (turfbook.media.decode: magic bytes
are not a file). While the rest streams, JPEG, PNG and MP4/MOV are checked to the end; one that is
cut off or has other data after the image (a polyglot) is refused before its last chunk reaches
Drive, so the resumable upload never becomes a file. The stored name takes the real type's
extension. The page sends one file per request when JS runs.

One sending (a form: all the requests the page makes for one selection) holds at most MAX_FILES
files and web.max_upload_mb in all; the page says so and its JavaScript refuses a bigger selection,
and the server refuses a request over either limit (files past the MAX_FILES-th are each refused).
Every file has an upload key (turfbook.web.inbox.upload_key) stored as an appProperty: a form sent
again answers "already stored" for the files Drive already has, found with one files.list query
per request. The answer lists every file as stored, already stored or refused (with the reason),
and one file that fails never discards the others' results.
"""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, make_response, render_template, request
from werkzeug.exceptions import BadRequest
from werkzeug.http import parse_options_header

from turfbook.app import services
from turfbook.links import MAX_AGE_DAYS, LinkError, Organizer, read_token, resolve
from turfbook.web import inbox
from turfbook.web.i18n import choose_language, translator
from turfbook.web.link_keys import form_token, form_token_ok, link_id, throttle_key
from turfbook.web.multipart import FieldPart, MultipartError, iter_parts
from turfbook.web.ratelimit import RateLimit
from turfbook.web.upload_files import MAX_FILES, StoredKeys, one_file, refused
from turfbook.web.upload_turf import outside_turf

bp = Blueprint("upload", __name__)
log = logging.getLogger("turfbook.web.upload")

FIELDS = {"csrf": 4096, "lang": 5, "worksite": 200, "person": 100, "issue": 200, "note": 500, "key": 200}
MB = 1024 * 1024
OVERHEAD = 256 * 1024     # multipart headers and the form fields around the files
# requests per minute on /u/<link>: per link (one phone sends one file per request) and per address
PER_LINK, PER_ADDRESS = (120, 60.0), (300, 60.0)
CSP = ("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")


def _page(template: str, status: int = 200, **context):
    response = make_response(render_template(template, **context), status)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-store"
    return response


def _language(organizer: Organizer | None, explicit: str | None = None) -> str:
    return choose_language(explicit or request.args.get("lang"), organizer.language if organizer else None,
                           request.accept_languages)


def _wants_json() -> bool:
    return "application/json" in request.headers.get("Accept", "")


def organizer_for_link(token: str) -> Organizer:
    """The organizer of a signed upload link, or LinkError (also used by the landing page)."""
    return _organizer(token)


def link_throttle(token: str):
    """The upload page's per-address and per-link limit (a 429 response, or None), for the landing page too."""
    return _too_many(token)


def _organizer(token: str) -> Organizer:
    """The link's organizer. A forged link costs no call to Google; an old link (the cached listing
    already has a newer version) costs none either; only a link newer than the cached listing, or
    of an organizer it does not know, asks for a fresh listing (at most once per REFRESH_SECONDS)."""
    svc = services()
    if not svc.link_key:
        raise LinkError("invalid", "upload links are disabled: set TURFBOOK_LINK_KEY")
    max_age = svc.extra.get("link_max_age_days", MAX_AGE_DAYS)
    try:
        organizer_id, version = read_token(svc.link_key, token, max_age)
        listing = svc.directory.load()
        try:
            return resolve(svc.link_key, token, listing.organizers, max_age)
        except LinkError as exc:
            if exc.reason != "revoked":
                raise
            known = {o.id: int(o.link_version or 0) for o in listing.organizers}
            if organizer_id in known and version < known[organizer_id]:
                raise                          # replaced: the sheet already has a newer link
            return resolve(svc.link_key, token, svc.directory.load(fresh=True).organizers, max_age)
    except LinkError:
        raise
    except Exception as exc:  # the workbook cannot be read: say so, do not crash
        log.error("upload page: cannot read the workbook: %s: %s", type(exc).__name__, exc)
        raise LinkError("unavailable", "the workbook cannot be read right now") from None


def _bad_link(exc: LinkError):
    lang = choose_language(request.args.get("lang"), exc.language, request.accept_languages)
    t = translator(lang)
    status = 503 if exc.reason == "unavailable" else 403
    message = t(f"bad_link_{exc.reason}")
    if _wants_json():
        return jsonify(error=message, reason=exc.reason), status
    return _page("upload_error.html", status, t=t, lang=lang, message=message)


def _too_many(token: str):
    """A 429 answer (with Retry-After) when this address or this link is over its limit, else None."""
    svc = services()
    limits = svc.extra.setdefault("upload_limits", {"address": RateLimit(*PER_ADDRESS), "link": RateLimit(*PER_LINK)})
    wait = limits["address"].take(request.remote_addr or "?") or limits["link"].take(throttle_key(token))
    if not wait:
        return None
    lang = _language(None, request.args.get("lang"))
    t = translator(lang)
    message = t("err_busy", seconds=wait)
    if _wants_json():
        response = make_response(jsonify(error=message, reason="rate_limited"), 429)
    else:
        response = _page("upload_error.html", 429, t=t, lang=lang, message=message)
    response.headers["Retry-After"] = str(wait)
    return response


@bp.get("/u/<token>")
def page(token: str):
    if busy := _too_many(token):
        return busy
    try:
        organizer = _organizer(token)
    except LinkError as exc:
        return _bad_link(exc)
    return _form(token, organizer, _language(organizer))


def _form(token: str, organizer: Organizer, lang: str, error: str | None = None, selected=None, status=200):
    svc = services()
    listing = svc.directory.load()
    max_mb = svc.config.web.max_upload_mb
    return _page("upload.html", status, t=translator(lang), lang=lang, other_lang="es" if lang == "en" else "en",
                 organizer=organizer, token=token, csrf=form_token(token), worksites=listing.worksites,
                 issues=listing.issue_options(lang), max_mb=max_mb, max_bytes=max_mb * MB, max_files=MAX_FILES,
                 error=error,
                 selected=selected or {"worksite": "", "person": "", "issue": "", "note": ""})


def _check_form(token: str, fields: dict[str, str]) -> str | None:
    """The error key for a form that must not start any upload, else None."""
    if not form_token_ok(token, fields.get("csrf", "")):
        return "err_form"
    listing = services().directory.load()
    worksite = fields.get("worksite", "")
    if (listing.worksites or worksite) and worksite not in listing.worksites:
        return "err_worksite"
    issue = fields.get("issue", "")
    if issue and issue not in listing.issues:
        return "err_issue"
    return None


def app_properties(organizer: Organizer, fields: dict[str, str], lang: str) -> dict[str, str]:
    values = {"worksite": fields.get("worksite", ""), "person": fields.get("person", ""),
              "issue": fields.get("issue", ""), "organizer": organizer.name, "language": lang,
              "note": fields.get("note", "")}
    return {k: inbox.fit_property(k, v) for k, v in values.items() if v}


def _answer(token, organizer, lang, files: list[dict], error=None, status=None):
    """Every file's result, in form order: status stored, already (stored by an earlier try) or refused."""
    t = translator(lang)
    received = [f for f in files if f["status"] != "refused"]
    refused = [f for f in files if f["status"] == "refused"]
    if status is None:
        status = 200 if received or not refused else 422
    if _wants_json():
        body = {"files": files, "received": received, "refused": refused,
                "stored": sum(f["status"] == "stored" for f in files),
                "already": sum(f["status"] == "already" for f in files)}
        if error:
            body["error"] = error
        return jsonify(body), status
    return _page("upload_done.html", status, t=t, lang=lang, token=token, received=received, refused=refused,
                 error=error)


@bp.post("/u/<token>")
def receive(token: str):
    if busy := _too_many(token):
        return busy
    svc = services()
    try:
        organizer = _organizer(token)
    except LinkError as exc:
        return _bad_link(exc)
    lang = _language(organizer)
    t = translator(lang)
    max_mb = svc.config.web.max_upload_mb
    mimetype, options = parse_options_header(request.headers.get("Content-Type", ""))
    boundary = options.get("boundary", "")
    if mimetype != "multipart/form-data" or not boundary:
        return _answer(token, organizer, lang, [], error="multipart/form-data expected", status=400)
    if request.content_length is None:
        return _answer(token, organizer, lang, [], error="Content-Length required", status=411)
    if request.content_length > max_mb * MB + OVERHEAD:
        # refused before reading the body: nothing reaches Drive
        return _answer(token, organizer, lang, [refused("*", t("err_size", mb=max_mb))],
                       error=t("err_form_size", mb=max_mb), status=413)

    fields: dict[str, str] = {}
    files: list[dict] = []
    checked = False
    client_key, client_keys = "", []
    index = 0
    current = None
    try:
        for part in iter_parts(request.stream, boundary.encode("latin-1")):
            if isinstance(part, FieldPart):
                if part.name == "key":
                    client_key = part.value.strip()[:FIELDS["key"]]   # belongs to the next file
                    if not checked:
                        client_keys.append(client_key)
                elif part.name in FIELDS and not checked:
                    fields[part.name] = part.value.strip()[:FIELDS[part.name]]
                continue
            if not part.filename and not part.peek(1):
                continue  # an empty <input type=file>
            key, client_key = client_key, ""
            index += 1
            if not checked:
                checked = True
                if fields.get("lang") in ("en", "es"):
                    lang = fields["lang"]
                    t = translator(lang)
                problem = _check_form(token, fields)
                if problem:
                    status = 403 if problem == "err_form" else 400
                    return _answer(token, organizer, lang, [], error=t(problem), status=status)
                try:
                    foreign = outside_turf(organizer, fields)
                except Exception as exc:  # the workbook cannot be read: say so, store nothing
                    log.error("upload: cannot read the workbook for the turf: %s: %s", type(exc).__name__, exc)
                    return _answer(token, organizer, lang, [], error=t("bad_link_unavailable"), status=503)
                if foreign:
                    log.warning("upload: %s tagged %s, outside their turf", organizer.id, foreign)
                    return _answer(token, organizer, lang, [], error=t("err_turf", value=foreign), status=403)
                props = app_properties(organizer, fields, lang)
                scope = inbox.form_scope(fields["csrf"])
                link_keys = [inbox.upload_key(link_id(token), k, form_token="", index=0, filename="", head=b"")
                             for k in client_keys if k]
                known = StoredKeys(svc, organizer, link_keys, scope)
            current = part
            files.append(one_file(svc, t, organizer, part, index, key, fields["csrf"], link_id(token), props, scope,
                                  known, note=fields.get("note", "")))
            current = None
    except (MultipartError, BadRequest) as exc:
        log.warning("upload from %s cut short: %s", organizer.id, exc)
        if current is not None:
            files.append(refused(inbox.safe_name(current.filename), t("err_store"), retry=True))
        return _answer(token, organizer, lang, files, error=t("err_cut"), status=400)
    if not files:
        return _answer(token, organizer, lang, [], error=t("err_no_files"), status=400)
    if index > MAX_FILES:
        return _answer(token, organizer, lang, files, error=t("err_form_files", files=MAX_FILES), status=413)
    return _answer(token, organizer, lang, files)
