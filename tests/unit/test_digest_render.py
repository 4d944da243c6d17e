"""Rendering: the HTML parses and is mail-safe, the text alternative carries the same news, every
sheet value is escaped, and the Spanish version has no English template strings left."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support.digest_workbook import LINKS, NY, TODAY, director, empty_workbook, organizers, small_workbook
from turfbook.digest import i18n
from turfbook.digest.period import Period
from turfbook.digest.plan import plan
from turfbook.digest.render import bar, render_director

TEMPLATES = Path(i18n.__file__).with_name("templates")
VOID = {"meta", "br", "img", "hr", "input", "link"}
MESSAGE = re.compile(r'_\(\s*"((?:[^"\\]|\\.)*)"')


class Balanced(HTMLParser):
    """Fails on a closing tag that does not match the open one; collects the visible text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.tags, self.attrs = [], [], set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Balanced:
    parser = Balanced()
    parser.feed(html)
    parser.close()
    assert parser.stack == [], f"unclosed tags: {parser.stack}"
    return parser


@pytest.mark.parametrize("language", ["en", "es"])
def test_director_html_parses_and_is_mail_safe(language):
    out = director(language)
    page = parse(out.html)
    assert {"table", "td", "a", "h2"} <= page.tags
    assert not page.tags & {"script", "style", "img", "link", "iframe"}       # no external anything
    assert all(name != "class" for name, _ in page.attrs)                     # inline styles only
    assert "url(" not in out.html
    assert 'href="https://docs.google.com/spreadsheets/d/sheet123/edit#gid=11&amp;range=A2"' in out.html


def test_sheet_values_are_escaped_in_html():
    html = director().html + organizers()["en"].html + organizers()["es"].html
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;urgente&lt;/b&gt;" in html


def test_text_alternative_carries_the_same_news():
    out = director()
    assert "<" not in out.text.replace("<script>alert(1)</script>", "").replace("<https", "").replace("<b>", "")
    for expected in ("Overdue now: 3 (+2 vs last week)", "Ben Cole", "Ana Ruiz", "Petition",
                     "Little Stars Center: 2/10 = 20%", "Low pay: People 3 (60%)", "IMG_0001.jpg",
                     "Name not found: 1"):
        assert expected in out.text
    assert out.subject == "CCCT: weekly digest, Nov 16 – 22, 2026"
    text = organizers()["en"].text
    assert "Ben Cole · 860-555-0102 · 9 days overdue" in text and "Wants to talk after payday" in text


def test_empty_sections_say_so():
    out = director(snapshot=empty_workbook())
    for sentence in ("No follow-ups are overdue.", "No conversations logged.", "No new leaders identified.",
                     "No assessment changes.", "No structure test yet.", "No issues raised yet.", "Nothing filed.",
                     "Nothing needs review.", "No data problems."):
        assert sentence in out.html and sentence in out.text


def template_messages() -> set[str]:
    found = set()
    for path in [*TEMPLATES.iterdir(), Path(i18n.__file__).with_name("render.py")]:
        found |= {m.replace('\\"', '"') for m in MESSAGE.findall(path.read_text(encoding="utf-8"))}
    return found


def test_spanish_catalog_is_complete():
    messages = template_messages() | set(i18n.VOCABULARY)
    assert len(messages) > 80
    missing = sorted(m for m in messages if m not in i18n.ES)
    assert missing == []
    unused = sorted(set(i18n.ES) - messages)
    assert unused == []


def test_spanish_render_has_no_english_template_strings():
    spanish_values = " ".join(i18n.ES.values())
    english = [part.strip() for m in template_messages() | set(i18n.VOCABULARY) if i18n.ES[m] != m
               for part in re.split(r"\{\w+\}", m) if len(part.strip()) >= 4]
    english = [e for e in english if e not in spanish_values]
    for out in (director("es"), organizers()["es"]):
        shown = " ".join(parse(out.html).text) + "\n" + out.text
        left = [e for e in english if re.search(rf"(?<!\w){re.escape(e)}(?!\w)", shown)]
        assert left == [], f"English left in the Spanish digest: {left}"
    assert "Resumen semanal" in director("es").html and "16–22 de nov de 2026" in director("es").subject


def test_bar_fills_to_the_participation_and_ticks_the_goal():
    cells = bar(20.0, 60, width_px=100)
    assert [c["px"] for c in cells] == [20, 40, 40] and [c["tick"] for c in cells] == [False, False, True]
    assert cells[0]["color"] != cells[1]["color"]
    assert sum(c["px"] for c in bar(80.0, 60, width_px=100)) == 100
    assert [c["px"] for c in bar(None, 65, width_px=100)] == [65, 35]


def test_a_big_digest_stays_under_gmails_clipping_size():
    from datetime import date, timedelta

    from tests.support.digest_workbook import conversation, tab
    from turfbook.schema.model import WorkbookSnapshot

    sites = [{"id": f"W-{i:04d}", "name": f"Site {i}", "headcount": 20} for i in range(400)]
    people = [{"id": f"P-{i:06d}", "name": f"Person {i}", "worksite": f"W-{i % 400:04d}"} for i in range(3000)]
    convs = [conversation(f"C-{i:06d}", date(2026, 11, 16) + timedelta(days=i % 7), f"P-{i % 3000:06d}",
                          f"Organizer {i % 40}", "one-on-one", [f"Issue {i % 30}"], 3, 1 + i % 5, "yes - joined",
                          date(2026, 11, 1), None, "note " * 20) for i in range(6000)]
    media = [{"id": f"M-{i:06d}", "status": "needs review", "original_name": f"IMG_{i}.jpg", "reason": "no worksite",
              "drive_file_id": f"f{i}"} for i in range(300)]
    snapshot = WorkbookSnapshot({t.name: t for t in [tab("Worksites", sites), tab("People", people),
                                                     tab("Conversations", convs), tab("Media", media)]})
    out = director(snapshot=snapshot)
    assert len(out.html.encode()) < 100_000
    assert "…and 290 more in the Media tab." in out.html


def test_nightly_jobs_section_warns_when_figures_may_be_stale():
    from datetime import UTC, datetime, timedelta

    from turfbook.digest.health import job_lines
    from turfbook.history import Run

    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    ok = Run(1, "overdue", "schedule", now - timedelta(hours=6), now - timedelta(hours=6), "ok", {}, None)
    bad = Run(2, "filing", "schedule", now - timedelta(hours=10), now - timedelta(hours=10), "error", {},
              "HttpError 403 <insufficient>")
    old = Run(3, "filing", "schedule", now - timedelta(days=5), now - timedelta(days=5), "ok", {}, None)
    lines = job_lines({"overdue": ok, "filing": bad}, {"overdue": ok, "filing": old}, now, NY)
    assert [(j.job, j.ok, j.stale) for j in lines] == [("overdue", True, False), ("filing", False, True)]
    assert job_lines({}, {}, now, NY) == []
    digest = plan(small_workbook(), Period.ending_before(TODAY), tz=NY, links=LINKS, jobs=lines)
    english, spanish = render_director(digest, "en"), render_director(digest, "es")
    assert "Nightly jobs" in english.html and "may be out of date" in english.text
    assert "HttpError 403 &lt;insufficient&gt;" in english.html
    assert "Tareas nocturnas" in spanish.html and "falló" not in spanish.html and "error" in spanish.text
    assert "Nightly jobs" not in director().html               # no history: no section


SCRIPT_LINKS = ["javascript:alert(document.domain)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "//evil.example/x", "https:evil",
                "\x01javascript:alert(1)"]


@pytest.mark.parametrize("value", SCRIPT_LINKS)
def test_only_http_mailto_and_tel_become_links(value):
    from turfbook.hrefs import safe_href

    assert safe_href(value) is None
    for good in ("https://drive.google.com/file/d/x/view", "http://example.org/a?b=1", "mailto:ana@example.org",
                 "tel:860-555-0101"):
        assert safe_href(good) == good


def test_a_script_link_typed_into_the_media_tab_is_shown_as_text_never_as_a_link():
    from tests.support.digest_workbook import tab
    from turfbook.schema.model import WorkbookSnapshot

    media = [{"id": f"M-00000{i}", "status": "needs review", "original_name": f"evil{i}.jpg",
              "reason": "no worksite", "link": value} for i, value in enumerate(SCRIPT_LINKS)]
    media.append({"id": "M-000009", "status": "needs review", "original_name": "fallback.jpg", "reason": "x",
                  "link": "javascript:alert(2)", "drive_file_id": "f9"})
    snapshot = small_workbook()
    snapshot = WorkbookSnapshot({**snapshot.tabs, "Media": tab("Media", media)}, settings=snapshot.settings)
    out = director(snapshot=snapshot)
    hrefs = [v for k, v in parse(out.html).attrs if k == "href"]
    assert hrefs and all(h.startswith(("https://", "http://", "mailto:", "tel:")) for h in hrefs), hrefs
    assert "script:" not in out.html.lower().replace("\t", "") and "data:text" not in out.html
    assert "Open in Drive" in out.html                                 # the label stays, as plain text
    assert "https://drive.google.com/file/d/f9/view" in out.html      # a Drive file falls back to its own link
    assert "javascript:" not in out.text.lower() and "data:text" not in out.text
