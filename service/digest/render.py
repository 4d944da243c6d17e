"""Digest -> (subject, HTML, plain text), in English or Spanish.

HTML is built for mail clients: table layout, inline styles only (Gmail and Outlook drop <style>
blocks and classes unreliably), no images at all (bars are table cells), readable at 360 px wide.
Every value from the sheet goes through Jinja's autoescape; the text templates have it off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from turfbook.digest.i18n import Formats, gettext
from turfbook.digest.model import Digest, OrganizerDigest
from turfbook.hrefs import safe_href

if TYPE_CHECKING:
    from jinja2 import Environment, FileSystemBytecodeCache

GREEN, RED, GREY = "#1e7b4a", "#b3261e", "#6b7a82"

# One long word (a 35-letter compound worksite name, a pasted URL) must wrap inside its cell, not widen
# the mail past a phone's screen. Inline on every box that holds sheet text: mail clients drop <style>
# and do not all inherit from the body. `anywhere` also lowers a table cell's minimum width;
# `word-break` is for clients that know only the older property.
WRAP = "overflow-wrap:anywhere;word-break:break-word;"

STYLES = {
    "body": "margin:0;padding:0;background-color:#eef2f3;" + WRAP,
    "outer": "width:100%;background-color:#eef2f3;border-collapse:collapse;",
    "card": "width:100%;max-width:640px;background-color:#ffffff;border-collapse:collapse;" + WRAP,
    "font": "font-family:Arial,Helvetica,sans-serif;color:#1f2a30;",
    "head": "background-color:#17455a;color:#ffffff;padding:22px 24px 18px;"
            "font-family:Arial,Helvetica,sans-serif;" + WRAP,
    "kicker": "font-size:12px;letter-spacing:1px;text-transform:uppercase;color:#bfe0ea;margin:0 0 4px;",
    "h1": "font-size:22px;line-height:28px;margin:0;color:#ffffff;font-weight:bold;" + WRAP,
    "headlink": "color:#ffffff;font-size:13px;text-decoration:underline;",
    "section": "padding:18px 24px 6px;font-family:Arial,Helvetica,sans-serif;color:#1f2a30;" + WRAP,
    "h2": "font-size:17px;line-height:22px;margin:0 0 10px;color:#17455a;border-bottom:2px solid #17455a;"
          "padding-bottom:4px;" + WRAP,
    "h3": "font-size:13px;margin:14px 0 6px;color:#3d4f58;text-transform:uppercase;letter-spacing:0.5px;" + WRAP,
    "table": "width:100%;border-collapse:collapse;",
    "th": "text-align:left;font-size:11px;color:#5b6b73;text-transform:uppercase;padding:6px 6px;"
          "border-bottom:1px solid #d5dde0;font-weight:bold;" + WRAP,
    "thn": "text-align:right;font-size:11px;color:#5b6b73;text-transform:uppercase;padding:6px 6px;"
           "border-bottom:1px solid #d5dde0;font-weight:bold;" + WRAP,
    "td": "padding:6px;font-size:14px;border-bottom:1px solid #edf1f2;vertical-align:top;" + WRAP,
    "tdn": "padding:6px;font-size:14px;border-bottom:1px solid #edf1f2;text-align:right;vertical-align:top;" + WRAP,
    "muted": "color:#5b6b73;font-size:13px;line-height:18px;margin:4px 0 8px;" + WRAP,
    "empty": "color:#5b6b73;font-size:14px;font-style:italic;margin:2px 0 10px;" + WRAP,
    "a": "color:#0b6e8a;text-decoration:underline;",
    "tile": "width:50%;padding:12px 10px;background-color:#f4f8f9;border:4px solid #ffffff;vertical-align:top;"
            "font-family:Arial,Helvetica,sans-serif;" + WRAP,
    "tilenum": "font-size:28px;line-height:32px;font-weight:bold;color:#17455a;margin:0;",
    "tilelabel": "font-size:12px;color:#3d4f58;text-transform:uppercase;margin:2px 0 0;",
    "stat": "font-size:15px;line-height:22px;margin:0 0 4px;" + WRAP,
    "foot": "padding:16px 24px 24px;font-size:12px;line-height:17px;color:#6b7a82;"
            "font-family:Arial,Helvetica,sans-serif;" + WRAP,
    "note": "font-size:12px;color:#5b6b73;",
}


# How many lines a list shows before "…and N more": keeps the mail under Gmail's 102 KB clipping.
LIMITS = {"rows": 10, "leaders": 15, "moves": 10, "sites": 12, "review": 10, "follow_ups": 30}


@dataclass(frozen=True)
class Rendered:
    subject: str
    html: str
    text: str


class _Later(Rendered):
    """A Rendered whose html and text are made on first use (perf23b): a dry run shows only the subjects, so it
    neither imports Jinja nor renders a template (the run that sends renders every body while the collector is
    paused, as before: jobs/digest.py)."""

    def __init__(self, subject: str, make: Callable[[], tuple[str, str]]):
        object.__setattr__(self, "subject", subject)
        object.__setattr__(self, "_make", make)

    def __getattr__(self, name: str) -> Any:          # html or text not made yet
        if name not in ("html", "text"):
            raise AttributeError(name)
        html, text = self._make()
        object.__setattr__(self, "html", html)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "_make", None)
        return html if name == "html" else text


def render_bodies(items) -> None:
    """Make the html and text of each Rendered of `items` now (else made on first use)."""
    for item in items:
        _ = item.html


def _compiled_templates() -> FileSystemBytecodeCache | None:
    """Jinja's cache of compiled templates (its per-user directory under the temp dir, written atomically,
    used only while a template's source is unchanged): compiling the four templates is ~0.1 s of CPU in
    every digest run otherwise. None (compile each run) where that directory is not safe or writable."""
    from jinja2 import FileSystemBytecodeCache

    try:
        return FileSystemBytecodeCache()
    except (OSError, RuntimeError):
        return None


@cache
def environment() -> Environment:
    """The templates' one Jinja environment, made on first use (Jinja is not imported before)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    # *.html templates are autoescaped; *.txt (the plain-text alternative) are not, by extension.
    env = Environment(loader=PackageLoader("turfbook.digest", "templates"), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True,
                      bytecode_cache=_compiled_templates())
    env.filters["safe_href"] = safe_href      # every sheet value that becomes a link goes through it
    return env


def __getattr__(name: str) -> Any:
    """ENV, HTML_ENV, TEXT_ENV: the environment (made on first use)."""
    if name in ("ENV", "HTML_ENV", "TEXT_ENV"):
        return environment()
    raise AttributeError(name)


def _bodies(html: str, text: str, context: dict) -> Callable[[], tuple[str, str]]:
    def make() -> tuple[str, str]:
        env = environment()
        return env.get_template(html).render(context), env.get_template(text).render(context)
    return make


def delta_color(change: int, good_when_up: bool = True) -> str:
    if change == 0:
        return GREY
    return GREEN if (change > 0) == good_when_up else RED


def bar(pct: float | None, goal: int, width_px: int = 160) -> list[dict]:
    """Cells of an inline bar: filled to `pct`, with a dark tick at the goal. Widths in px sum to width."""
    filled = max(0.0, min(100.0, pct or 0.0))
    color = GREEN if pct is not None and pct >= goal else "#d9822b" if filled >= goal / 2 else RED
    cuts = sorted({0.0, filled, float(min(max(goal, 0), 100)), 100.0})
    cells = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        px = round(width_px * (hi - lo) / 100)
        if px <= 0:
            continue
        cells.append({"px": px, "color": color if hi <= filled else "#e3e9eb",
                      "tick": lo == goal and goal > 0})
    return cells


def _context(language: str, **extra) -> dict:
    fmt = Formats(language)
    return {"_": gettext(language), "f": fmt, "S": STYLES, "bar": bar, "delta_color": delta_color,
            "lang": language, "N": LIMITS, **extra}


def issue_label(spanish: dict[str, str], language: str):
    """An issue's name as a reader of `language` sees it: the Issues tab's Spanish label when there is one."""
    return lambda name: spanish.get(name, name) if language == "es" else name


def render_director(digest: Digest, language: str = "en", tz_name: str = "") -> Rendered:
    _ = gettext(language)
    fmt = Formats(language)
    weekly = digest.period.kind == "week"
    span = fmt.span(digest.period.start, digest.period.end)
    org = digest.organization or "Turfbook"
    subject = _("{org}: weekly digest, {span}", org=org, span=span) if weekly else \
        _("{org}: daily digest, {span}", org=org, span=span)
    context = _context(language, d=digest, span=span, subject=subject, tz_name=tz_name,
                       issue=issue_label(digest.issue_es, language),
                       title=_("Weekly digest") if weekly else _("Daily digest"),
                       now_label=_("This week") if weekly else _("Yesterday"),
                       before_label=_("Last week") if weekly else _("Day before"),
                       vs=_("vs last week") if weekly else _("vs the day before"))
    return _Later(subject, _bodies("director.html", "director.txt", context))


def render_organizer(digest: OrganizerDigest) -> Rendered:
    _ = gettext(digest.language)
    fmt = Formats(digest.language)
    subject = _("Your follow-ups, {span}", span=fmt.day(digest.period.today))
    context = _context(digest.language, d=digest, subject=subject)
    return _Later(subject, _bodies("organizer.html", "organizer.txt", context))
