"""Folder and file-name templates: Jinja2 in a sandbox, and names made safe for Drive and disks.

Filters: `slug` (ascii, lower, dashes), `date(fmt)` (strftime, default %Y-%m-%d), `pad(n)` (zero-padded
sequence number). Unknown variables are errors (caught by `turfbook check`); known fields that a file
lacks are None and render as ''. Field values never carry a '/', so only the template's own slashes
separate folders.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

NAME_LIMIT = 255  # bytes of UTF-8 per folder or file name (what sync clients and disks accept)
FIELDS = ("captured", "worksite", "worksite_id", "city", "issue", "person", "organizer", "language",
          "seq", "ext", "original", "kind", "rule", "uploaded")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSAFE = re.compile(r'[/\\:*?"<>|]')


def slug(value: object) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def date_format(value: object, fmt: str = "%Y-%m-%d") -> str:
    if isinstance(value, datetime | date):
        return value.strftime(fmt)
    return ""


def pad(value: object, width: int = 3) -> str:
    if value is None or value == "":
        return ""
    return str(int(value)).zfill(width)


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
    env.filters.update(slug=slug, date=date_format, pad=pad)
    return env


ENV = _environment()


def compile_template(text: str):
    """A compiled template; raises TemplateError for bad syntax."""
    return ENV.from_string(text)


def clean_value(value: object) -> object:
    """A field value safe to put inside a path segment: no slashes, no control characters."""
    if isinstance(value, str):
        return _CONTROL.sub("", value.replace("/", "-").replace("\\", "-")).strip()
    return value


def truncate_bytes(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore")


def clean_segment(text: str, limit: int = NAME_LIMIT) -> str:
    """One folder or file name: NFC, no path or reserved characters, no leading/trailing dots, ≤ limit bytes."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = truncate_bytes(text, limit).strip(" .")
    return text or "_"


def clean_name(name: str, limit: int = NAME_LIMIT) -> str:
    """A file name: like a segment, but an over-long stem is cut so the extension survives."""
    name = re.sub(r"[_-]{2,}", lambda m: m.group(0)[0], name)
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 8 or " " in ext:
        return clean_segment(name, limit)
    ext = clean_segment(ext, 16).lower()
    stem = clean_segment(stem.strip("_-"), limit - len(ext.encode()) - 1)
    return f"{stem}.{ext}"


def render(rule, fields: dict, seq: int) -> tuple[tuple[str, ...], str]:
    """(folder segments, file name) for a file's fields under a rule; raises TemplateError."""
    context = {key: None for key in FIELDS}
    context.update({k: clean_value(v) for k, v in fields.items()})
    context["seq"] = seq
    folder_text = _render(rule.folder_template, context)
    segments = tuple(clean_segment(s) for s in folder_text.split("/") if s.strip())
    name = clean_name(_render(rule.name_template, context))
    return segments, name


def _render(template, context: dict) -> str:
    # a template can fail in plain Python too ({{ 1/0 }}, {{ seq | pad('a') }}, a range the sandbox
    # blocks): callers catch TemplateError, so one bad rule is reported and never crashes a run
    try:
        return template.render(context)
    except TemplateError:
        raise
    except Exception as exc:
        raise TemplateError(f"{type(exc).__name__}: {exc}") from None


__all__ = ["FIELDS", "NAME_LIMIT", "TemplateError", "clean_name", "clean_segment", "compile_template",
           "render", "slug"]


def unique_name(rule, fields: dict, taken: set[str]) -> tuple[tuple[str, ...], str, int]:
    """Folder, name and sequence number of the first name not in `taken` (casefolded names in that folder).

    The sequence starts at 1 and grows on each collision. When the template has no `seq` (or the
    number was cut off by the length limit) `_NNN` is added before the extension instead.
    """
    segments, first = render(rule, fields, 1)
    if first.casefold() not in taken:
        return segments, first, 1
    seq = 2
    while True:
        _, name = render(rule, fields, seq)
        if name == first:
            stem, dot, ext = first.rpartition(".")
            if not dot:
                stem, ext = first, ""
            suffix = f"_{seq:03d}" + (f".{ext}" if ext else "")
            name = truncate_bytes(stem, NAME_LIMIT - len(suffix.encode())) + suffix
        if name.casefold() not in taken:
            return segments, name, seq
        seq += 1
