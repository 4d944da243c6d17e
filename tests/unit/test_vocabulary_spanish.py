"""Vocabulary in Spanish (issue 19, item 7): the Issues tab's optional "Name in Spanish" (key name_es) is what a
Spanish reader sees on the upload page and in the Spanish digest; the value stored and matched stays the
Issues name (Conversations, filing and the Media tab use it), and a missing label falls back to the name."""

from __future__ import annotations

import html
from dataclasses import replace

from tests.support.digest_workbook import LINKS, NY, TODAY, small_workbook, tab
from tests.support.web import ANA, BEN, link, listing, make_app
from turfbook.digest.model import Digest
from turfbook.digest.period import Period
from turfbook.digest.plan import plan
from turfbook.digest.render import render_director
from turfbook.schema.loader import load_schema
from turfbook.schema.model import WorkbookSnapshot
from turfbook.web.directory import StaticDirectory, listing_from_tabs

SPANISH = {"broken heat": "calefacción rota", "mould": "moho"}


def test_the_schema_gives_issues_an_optional_spanish_label():
    column = load_schema().tab("Issues").column("name_es")
    assert column.owner == "staff" and not column.required and column.header == "Name in Spanish"


def test_the_directory_reads_the_label_by_its_header_and_orders_options_as_shown():
    found = listing_from_tabs({"Issues": [["ID", "Name", "Description", "Name in Spanish"],
                                          ["I-1", "mould", "", "moho"], ["I-2", "broken heat", "", "calefacción rota"],
                                          ["I-3", "low pay", "", ""]]})
    assert found.issue_es == SPANISH
    assert found.issue_options("es") == [("broken heat", "calefacción rota"), ("low pay", "low pay"),
                                         ("mould", "moho")]
    assert found.issue_options("en") == [("broken heat", "broken heat"), ("low pay", "low pay"), ("mould", "mould")]


def test_the_upload_page_shows_spanish_labels_and_keeps_the_issue_name_as_value(offline_config):
    app = make_app(offline_config, directory=StaticDirectory(listing(issue_es=SPANISH)))
    client = app.test_client()
    spanish = html.unescape(client.get(link(ANA)).get_data(as_text=True))       # Ana's language is Spanish
    assert '<option value="mould">moho</option>' in spanish
    assert '<option value="broken heat">calefacción rota</option>' in spanish
    assert '<option value="low pay">low pay</option>' in spanish                 # no label: the name
    english = html.unescape(client.get(link(BEN) + "?lang=en").get_data(as_text=True))
    assert '<option value="mould">mould</option>' in english and "moho" not in english


def _with_labels() -> WorkbookSnapshot:
    snap = small_workbook()
    tabs = dict(snap.tabs)
    tabs["Issues"] = tab("Issues", [{"id": "I-0001", "name": "Broken heat", "name_es": "Calefacción rota"},
                                    {"id": "I-0002", "name": "Low pay"}])
    return replace(snap, tabs=tabs)


def test_the_spanish_digest_names_issues_in_spanish():
    digest: Digest = plan(_with_labels(), Period.ending_before(TODAY), tz=NY, organization="CCCT", links=LINKS)
    assert digest.issue_es == {"Broken heat": "Calefacción rota"}
    spanish = render_director(digest, "es", "America/New_York")
    english = render_director(digest, "en", "America/New_York")
    assert "Calefacción rota" in spanish.html and "Calefacción rota" in spanish.text
    assert "Broken heat" not in spanish.text
    assert "Calefacción rota" not in english.html + english.text and "Broken heat" in english.text
