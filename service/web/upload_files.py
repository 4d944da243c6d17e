"""One file of an upload form: checked (type, decoding), looked up by its upload key, stored, and
answered as stored, already stored or refused with its reason. See service/web/upload.py."""

from __future__ import annotations

import logging

from werkzeug.exceptions import BadRequest

from turfbook.media.decode import HEAD_BYTES, CheckedStream, Undecodable, check_head, scanner
from turfbook.media.sniff import extension_for, sniff
from turfbook.web import inbox
from turfbook.web.multipart import MultipartError

log = logging.getLogger("turfbook.web.upload")
ACCEPTED = {"image/jpeg", "image/png", "image/heic", "image/heif", "video/mp4", "video/quicktime", "video/webm"}
MAX_FILES = 100           # files in one sending (the no-JS form's request, or the page's selection)


def refused(name: str, reason: str, key: str = "", retry: bool = False) -> dict:
    entry = {"name": name, "status": "refused", "reason": reason}
    if key:
        entry["key"] = key
    if retry:
        entry["retry"] = True    # nothing wrong with the file: sending it again may work
    return entry


def decode_reason(t, problem, mime: str) -> str:
    return t(f"err_decode_{problem.code}", kind=extension_for(mime).lstrip(".").upper())


class StoredKeys:
    """The upload keys Drive already has for this request's form: asked once, when the first file
    that passed every check is about to be stored (a request of refused files costs no call)."""

    def __init__(self, svc, organizer, link_keys: list[str], scope: str):
        self._ask = lambda: svc.inbox.stored_keys(svc.workspace, link_keys, scope)
        self._organizer = organizer
        self._keys: set[str] | None = None
        self._asked = False

    def get(self) -> set[str] | None:
        if not self._asked:
            self._asked = True
            try:
                self._keys = self._ask()
            except Exception as exc:
                log.error("upload lookup for %s failed: %s: %s", self._organizer.id, type(exc).__name__, exc)
        return self._keys


def one_file(svc, t, organizer, part, index, client_key, form_token, link_id, props, scope, known,
             note: str = "") -> dict:
    """Check, look up and store one file part; its result entry (never raises for a Drive failure)."""
    name = inbox.safe_name(part.filename)
    if index > MAX_FILES:
        return refused(name, t("err_over_limit", files=MAX_FILES), client_key)
    head = part.peek(HEAD_BYTES)
    if not head:
        return refused(name, t("err_empty"), client_key)
    mime = sniff(head)
    if mime not in ACCEPTED:
        return refused(name, t("err_type", found=f" ({mime})" if mime else ""), client_key)
    problem = check_head(mime, head, complete=part.done and len(head) < HEAD_BYTES)
    if problem:
        log.info("refused %s from %s: %s", name, organizer.id, problem.detail)
        return refused(name, decode_reason(t, problem, mime), client_key)
    name = inbox.with_extension(name, extension_for(mime))
    if known.get() is None:      # Drive could not be asked: store nothing rather than a copy
        return refused(name, t("err_store"), client_key, retry=True)
    key = inbox.upload_key(link_id, client_key, form_token=form_token, index=index,
                           filename=part.filename, head=head)
    entry = {"name": name, "mime": mime}
    if client_key:
        entry["key"] = client_key
    digest = inbox.head_digest(head)
    if (key, digest) in known.get() or (key, None) in known.get():      # (None: stored before heads were kept)
        log.info("%s from %s is already stored (key %s)", name, organizer.id, key)
        return {**entry, "status": "already"}
    tags = {**props, inbox.KEY_PROPERTY: key, inbox.FORM_PROPERTY: scope, inbox.HEAD_PROPERTY: digest}
    try:
        stored = svc.inbox.store(svc.workspace, CheckedStream(part, scanner(mime)), name, mime, tags, note)
    except Undecodable as exc:
        log.info("refused %s from %s: %s", name, organizer.id, exc.problem.detail)
        part.drain()
        return refused(name, decode_reason(t, exc.problem, mime), client_key)
    except (MultipartError, BadRequest):
        raise
    except Exception as exc:
        log.error("upload of %s by %s failed: %s: %s", name, organizer.id, type(exc).__name__, exc)
        return refused(name, t("err_store"), client_key, retry=True)
    known.get().add((key, digest))
    log.info("stored %s (%s, %d bytes) from %s as %s", name, mime, stored.size, organizer.id, stored.id)
    return {**entry, "status": "stored", "size": stored.size}
