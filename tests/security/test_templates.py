"""Jinja: filing-rule templates (written by whoever edits drive_rules/) run in a SandboxedEnvironment,
so escape attempts are refused with a clear error, and never crash filing; every HTML page and digest
autoescapes what staff typed (a <script> name shows as text)."""

from __future__ import annotations

from datetime import datetime

import pytest
from jinja2.sandbox import SandboxedEnvironment

from tests.support.web import ANA, link, listing, make_app
from turfbook.digest import render as digest_render
from turfbook.rules import templates
from turfbook.rules.loader import loads_rules
from turfbook.web.directory import StaticDirectory

SCRIPT = "<script>alert(1)</script>"
ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ worksite.__class__.__base__.__subclasses__() }}",
    "{{ captured.__class__.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ worksite | attr('__class__') }}",
    "{{ '{0.__class__.__mro__}'.format(worksite) }}",
    "{{ self._TemplateReference__context }}",
    "{{ request }}{{ config }}",
    "{{ range(10**9) | list }}",
]


def rule_with(name_template: str):
    text = f'rules:\n  - rule: r\n    folder: "x"\n    name: "{name_template}"\n'
    return loads_rules(text).rules[0]


def test_rule_templates_are_sandboxed():
    assert isinstance(templates.ENV, SandboxedEnvironment)
    assert templates.compile_template("{{ worksite }}").environment is templates.ENV


@pytest.mark.parametrize("template", ESCAPES)
def test_escape_attempts_are_refused_with_a_clear_error(template):
    rule = rule_with(template.replace('"', '\\"'))
    fields = {"worksite": "Little Stars", "captured": datetime(2026, 11, 21, 9, 30), "ext": ".jpg"}
    with pytest.raises(templates.TemplateError) as caught:
        templates.render(rule, fields, 1)
    message = str(caught.value)
    assert any(word in message for word in ("unsafe", "undefined", "Range too big")), message


def test_the_digest_html_autoescapes_and_the_text_does_not_need_to():
    assert digest_render.ENV.autoescape("director.html") is True
    assert digest_render.ENV.autoescape("organizer.html") is True
    assert digest_render.ENV.autoescape("director.txt") is False


def test_a_script_name_in_the_digest_shows_as_text():
    from tests.support.digest_workbook import director, organizers  # small_workbook has <script> names

    html = director().html + organizers()["en"].html
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_script_name_on_the_upload_page_shows_as_text(offline_config):  # noqa: F811
    evil = ANA.__class__(id=ANA.id, name=SCRIPT, language="en")
    directory = StaticDirectory(listing(organizers=[evil], worksites=[SCRIPT], issues=["<img src=x onerror=1>"]))
    page = make_app(offline_config, directory=directory).test_client().get(link(evil)).get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
