"""The field page (#20): GET /c/<signed link> and its JSON API, for organizers logging conversations
from a phone, offline first.

The link is the organizer's upload link (turfbook.links: signed, revocable by Link version, expiring);
one link opens both /u/ and /c/. The API is JSON only (a cross-site form cannot send
application/json without a preflight, which is never answered), the token in the path is checked by
its signature (itsdangerous compares in constant time), bodies are capped (turfbook.field.entry), and
every person named must be in the organizer's turf (403 otherwise, naming the person).

Throttled per link first (PER_LINK: one organizer's phone), with a generous cap per client address
(PER_ADDRESS) that many phones on one venue Wi-Fi or carrier NAT share: 50 organizers sending 10 entries
each from one address in a minute, with their status polls, are never refused. Per web worker process.
Behind your own reverse proxy set `web.trusted_proxies` so the address is the client's, not the proxy's.
Every 429 here is JSON with Retry-After, but the page's own (HTML).

    GET  /c/<link>                      the page (EN/ES), installable (manifest + service worker)
    GET  /c/<link>/directory.json       the organizer's people, worksites, issues and follow-ups
    POST /c/<link>/entries              {"entries": [...]} -> per entry: received | already | refused
    GET  /c/<link>/entries?keys=a,b     per key: waiting | landed (with the conversation's ID)
    GET  /c/<link>/manifest.webmanifest
    GET  /c/sw.js                       the service worker (scope /c/)
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from flask import Blueprint, jsonify, make_response, render_template, request

from turfbook.app import services
from turfbook.field import entry as field_entry
from turfbook.field.held import held_for
from turfbook.field.queue import LANDED, FieldQueue
from turfbook.field.turf import directory_json
from turfbook.links import LinkError, Organizer
from turfbook.web.field_directory import FieldDirectory
from turfbook.web.i18n import choose_language, translator
from turfbook.web.link_keys import form_token, gone_field, throttle_key
from turfbook.web.ratelimit import RateLimit
from turfbook.web.upload import organizer_for_link

bp = Blueprint("field", __name__)
log = logging.getLogger("turfbook.web.field")
STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
MAX_STATUS_KEYS = 200
PER_LINK, PER_ADDRESS = (120, 60.0), (3000, 60.0)        # requests per window (seconds), per worker


def queue() -> FieldQueue:
    svc = services()
    q = svc.extra.get("field_queue")
    if q is None:
        q = svc.extra["field_queue"] = FieldQueue.for_config(svc.config)
    return q


def directory() -> FieldDirectory:
    svc = services()
    d = svc.extra.get("field_directory")
    if d is None:
        d = svc.extra["field_directory"] = FieldDirectory(svc.config, lambda: services().workspace.sheets(),
                                                          queue=queue)
    return d


def _lang(organizer: Organizer | None) -> str:
    return choose_language(request.args.get("lang"), organizer.language if organizer else None,
                           request.accept_languages)


def _throttle(token: str):
    """None, or a 429 response with Retry-After: per link first, then the per-address cap."""
    limits = services().extra.setdefault("field_limits", {"link": RateLimit(*PER_LINK),
                                                          "address": RateLimit(*PER_ADDRESS)})
    wait = limits["link"].take(throttle_key(token)) or limits["address"].take(request.remote_addr or "?")
    if not wait:
        return None
    lang = choose_language(request.args.get("lang"), None, request.accept_languages)
    message = translator(lang)("err_busy", seconds=wait)
    if request.endpoint == "field.page":
        response = make_response(render_template("upload_error.html", t=translator(lang), lang=lang, message=message),
                                 429)
        response.headers["Content-Security-Policy"] = CSP
    else:
        response = make_response(jsonify(error=message, reason="rate_limited"), 429)
    response.headers["Retry-After"] = str(wait)
    return response


def _open(token: str):
    """(organizer, None), or (None, a 429 response), or (None, the LinkError)."""
    if busy := _throttle(token):
        return None, busy
    try:
        return organizer_for_link(token), None
    except LinkError as exc:
        return None, exc


def _refuse(error):
    """A JSON answer for a link that does not open the page, or the throttle's 429 (JSON already)."""
    if not isinstance(error, LinkError):
        return error
    lang = choose_language(request.args.get("lang"), error.language, request.accept_languages)
    if error.reason == "unavailable":
        return _unavailable(translator(lang))
    return jsonify(error=translator(lang)(f"bad_link_{error.reason}"), reason=error.reason), 403


def _unavailable(t):
    """503 when the workbook cannot be read; the page waits Retry-After (the directory re-reads at most
    once per REFRESH_SECONDS anyway)."""
    from turfbook.web.directory import REFRESH_SECONDS

    return jsonify(error=t("bad_link_unavailable"), reason="unavailable"), 503, {"Retry-After": str(REFRESH_SECONDS)}


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/c/<token>")
def page(token: str):
    organizer, error = _open(token)
    if isinstance(error, LinkError):
        lang = choose_language(request.args.get("lang"), error.language, request.accept_languages)
        response = make_response(render_template("upload_error.html", t=translator(lang), lang=lang,
                                                 message=translator(lang)(f"bad_link_{error.reason}"),
                                                 gone_field=gone_field(token, error)),
                                 503 if error.reason == "unavailable" else 403)
        response.headers["Content-Security-Policy"] = CSP
        return response
    if error:
        return error
    lang = _lang(organizer)
    t = translator(lang)
    strings = {k[len("field_"):]: v for k, v in _catalog(lang).items() if k.startswith("field_")}
    response = make_response(render_template(
        "field.html", t=t, lang=lang, other_lang="es" if lang == "en" else "en", organizer=organizer,
        token=token, today=services().core.clock.today().isoformat(), strings=strings,
        kinds=field_entry.KINDS, asked=field_entry.ASKED, max_body=field_entry.MAX_BODY_BYTES,
        max_entries=field_entry.MAX_ENTRIES, held=held_for(services().config, organizer.name)))
    response.headers["Content-Security-Policy"] = CSP
    response.headers["Cache-Control"] = "no-cache"            # the service worker keeps its own copy
    return response


def _catalog(lang: str) -> dict[str, str]:
    from turfbook.web.i18n import CATALOG

    return CATALOG[lang]


@bp.get("/c/<token>/directory.json")
def directory_view(token: str):
    organizer, error = _open(token)
    if error:
        return _refuse(error)
    lang = _lang(organizer)
    try:
        turf = directory().turf(organizer, services().core.clock)
        issues = services().directory.load().issue_options(lang)
    except Exception as exc:
        log.error("field directory: cannot read the workbook: %s: %s", type(exc).__name__, exc)
        return _unavailable(translator(lang))
    # photos go through the upload page's path (/u/<link>), which wants its form token
    return _no_store(jsonify({**directory_json(turf, issues), "upload_form": form_token(token)}))


@bp.post("/c/<token>/entries")
def receive(token: str):
    organizer, error = _open(token)
    if error:
        return _refuse(error)
    lang = _lang(organizer)
    t = translator(lang)
    if request.content_length is None or request.content_length > field_entry.MAX_BODY_BYTES:
        return jsonify(error=t("field_too_big")), 413
    if request.mimetype != "application/json":
        return jsonify(error=t("field_json")), 415
    try:
        data = request.get_json(silent=True)
    except RecursionError:                     # `[[[[…` inside the size cap: the parser's own limit
        data = None
        nested = True
    else:
        nested = field_entry.too_deep(data)
    if nested:
        log.warning("field entries from %s: the body is nested too deeply", organizer.id)
        return jsonify(error=t("field_nested", depth=field_entry.MAX_DEPTH), reason="too_deep"), 400
    entries = data.get("entries") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries or len(entries) > field_entry.MAX_ENTRIES:
        return jsonify(error=t("field_too_big") if isinstance(entries, list) and entries else t("field_json")), 400
    svc = services()
    try:
        turf = directory().turf(organizer, svc.core.clock)
        listing = svc.directory.load()
    except Exception as exc:
        log.error("field entries: cannot read the workbook: %s: %s", type(exc).__name__, exc)
        return _unavailable(t)
    today = svc.core.clock.today()
    names = directory().names(organizer, svc.core.clock)          # by ID; a queue row from before IDs by name
    results, status = [], 200
    for raw in entries:
        key = raw.get("key") if isinstance(raw, dict) and isinstance(raw.get("key"), str) else ""
        # idempotency first: an entry already stored for this organizer is "already" whatever changed since
        # (the person moved to another turf, the day moved on); it lands as it was received
        stored = queue().get(key) if key else None
        if stored is not None and stored.belongs_to(organizer.id, names):
            results.append(_state(stored, "already", t))
            continue
        try:
            if len(json.dumps(raw, ensure_ascii=False)) > field_entry.MAX_ENTRY_BYTES:
                raise field_entry.EntryError("entry", f"is larger than {field_entry.MAX_ENTRY_BYTES} bytes",
                                             f"ocupa más de {field_entry.MAX_ENTRY_BYTES} bytes")
            e = field_entry.parse(raw, today, listing.issues, turf.worksites)
        except field_entry.EntryError as exc:
            results.append({"key": key[:100], "status": "refused", "error": exc.message(lang)})
            status = 400 if status == 200 else status
            continue
        if e.person is not None and not turf.sees(e.person):
            log.warning("field: %s sent an entry for %s, outside their turf", organizer.id, e.person)
            results.append({"key": e.key, "status": "forbidden", "error": t("field_forbidden", person=e.person)})
            status = 403
            continue
        now = svc.core.clock.utcnow()
        new, stored = queue().put(e.key, organizer.id, organizer.name, e.as_payload(),
                                  now.isoformat(timespec="seconds"), now.timestamp())
        if not stored.belongs_to(organizer.id, names):
            results.append({"key": e.key, "status": "refused", "error": t("field_key_taken"), "reason": "key_taken"})
            status = 400 if status == 200 else status
            continue
        results.append(_state(stored, "received" if new else "already", t))
    if any(r.get("state") == "waiting" for r in results) and held_for(svc.config, organizer.name):
        for r in results:                     # kept safe, but no sheet of hers yet: the page says so
            r.update({"held": True, "message": t("field_held")} if r.get("state") == "waiting" else {})
    body = {"results": results, "received": sum(r["status"] == "received" for r in results),
            "already": sum(r["status"] == "already" for r in results)}
    if status == 403:
        body["error"] = next(r["error"] for r in results if r["status"] == "forbidden")
    return jsonify(body), status


def _state(stored, status: str, t) -> dict:
    out = {"key": stored.key, "status": status, "state": stored.status}
    if status == "already":
        out["message"] = t("field_already")
    if stored.status == LANDED:
        out["conversation_id"] = stored.conversation_id
    return out


@bp.get("/c/<token>/entries")
def states(token: str):
    organizer, error = _open(token)
    if error:
        return _refuse(error)
    keys = [k for k in request.args.get("keys", "").split(",") if k][:MAX_STATUS_KEYS]
    names: set[str] = set()
    if queue().has_unadopted():                # rows from before organizer IDs: matched by the organizer's names
        try:
            names = directory().names(organizer, services().core.clock)
        except Exception as exc:               # the workbook cannot be read: entries by ID still answer
            log.warning("field states: cannot read the workbook: %s: %s", type(exc).__name__, exc)
    found = queue().statuses(organizer.id, keys, names)
    return _no_store(jsonify({k: {"state": q.status,
                                  "conversation_id": q.conversation_id if q.status == LANDED else None,
                                  "person_id": (q.person_id or q.payload.get("person")) if q.status == LANDED else None}
                              for k, q in found.items()}))


@bp.get("/c/<token>/manifest.webmanifest")
def manifest(token: str):
    organizer, error = _open(token)
    if error:
        return _refuse(error)
    t = translator(_lang(organizer))
    response = jsonify({"name": f"Turfbook: {t('field_title')}", "short_name": "Turfbook",
                        "start_url": f"/c/{token}", "scope": "/c/", "display": "standalone",
                        "background_color": "#ffffff", "theme_color": "#1f5f8b",
                        "icons": [{"src": "/static/field-icon.svg", "sizes": "any", "type": "image/svg+xml"}]})
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/c/sw.js")
def service_worker():
    response = make_response((STATIC / "field-sw.js").read_text(encoding="utf-8"))
    response.mimetype = "text/javascript"
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/c/"
    return response
