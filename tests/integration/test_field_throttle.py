"""The field page's throttle (#20, finding 7; attacks/burst_one_address.py): phones on one venue Wi-Fi or
carrier NAT share one address, so the field page limits each link first and each address only
generously. The issue's burst -- 50 organizers x 10 entries within a minute, from ONE address, with the
page's status polls -- is never refused; one link hammering is, with a JSON 429 and Retry-After; behind a
trusted proxy (web.trusted_proxies) each client's forwarded address has its own bucket, and without that
setting X-Forwarded-For is ignored."""

from __future__ import annotations

import json

import pytest

from tests.support.field_workbook import ANA, BEN, DIRECTORY_ENV, field_workbook, path
from tests.support.overdue_workbook import create_workbook, row, table
from tests.support.web import LINK_KEY
from turfbook.app import create_app, services
from turfbook.clock import Clock
from turfbook.jobs import field_log as field_job
from turfbook.links import Organizer, make_token
from turfbook.web import field
from turfbook.web.directory import WorkbookDirectory
from turfbook.web.ratelimit import RateLimit
from turfbook.workspace import Workspace, a1, connect
from turfbook.workspace.sheets import CellWrite

JSON = {"Accept": "application/json", "Content-Type": "application/json"}
ORGANIZERS, PER_ORGANIZER = 50, 10


def _fifty(config):
    names = [f"Organizer {i:02d}" for i in range(1, ORGANIZERS + 1)]
    people = [row("People", id=f"P-{i + 1:06d}", name=f"Person {i}", organizer=name) for i, name in enumerate(names)]
    config = create_workbook(config, people, [])
    Workspace(config).sheets().write([CellWrite(
        f"{a1.quote_sheet('Organizers')}!A2",
        [[f"O-{i + 1:04d}", name, "", "", "en", "", "", ""] for i, name in enumerate(names)])], input_option="RAW")
    return config, [Organizer(id=f"O-{i + 1:04d}", name=name) for i, name in enumerate(names)]


def test_fifty_organizers_from_one_address_are_never_refused(config):
    config, organizers = _fifty(config)
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    client = app.test_client()                 # every request from 127.0.0.1: one venue's Wi-Fi
    today = Clock.for_config(config).today().isoformat()
    codes: dict[int, int] = {}
    for o in organizers:                       # each phone opens its page and directory once
        for url in ("/c/" + make_token(LINK_KEY, o), "/c/" + make_token(LINK_KEY, o) + "/directory.json"):
            status = client.get(url).status_code
            codes[status] = codes.get(status, 0) + 1
    for k in range(PER_ORGANIZER):             # then sends one entry at a time, and polls, interleaved
        for i, o in enumerate(organizers):
            link = "/c/" + make_token(LINK_KEY, o)
            key = f"burst-{i:02d}-{k:02d}"
            sent = client.post(f"{link}/entries", headers=JSON, data=json.dumps({"entries": [{
                "key": key, "person": f"P-{i + 1:06d}", "kind": "event", "date": today, "notes": key}]}))
            polled = client.get(f"{link}/entries?keys={key}", headers=JSON)
            for status in (sent.status_code, polled.status_code):
                codes[status] = codes.get(status, 0) + 1
    assert codes == {200: ORGANIZERS * (2 + 2 * PER_ORGANIZER)}
    assert field_job.run(connect(config)).counts["landed"] == ORGANIZERS * PER_ORGANIZER
    assert len([r for r in table(config, "Conversations").values() if r["notes"].startswith("burst-")]) == 500


@pytest.fixture
def world(config):
    return field_workbook(config, Clock.for_config(config).today())


def _app(config, trusted_proxies: int = 0):
    config = config.model_copy(update={"web": config.web.model_copy(update={"trusted_proxies": trusted_proxies})})
    app = create_app(config, directory=WorkbookDirectory(config), environ=DIRECTORY_ENV)
    app.testing = True
    return app


def test_one_link_hammering_gets_a_json_429_and_other_links_are_still_served(world):
    app = _app(world)
    with app.app_context():     # the window does not slide while a loaded machine sends the 125 requests
        services().extra["field_limits"] = {"link": RateLimit(*field.PER_LINK, monotonic=lambda: 1000.0),
                                            "address": RateLimit(*field.PER_ADDRESS, monotonic=lambda: 1000.0)}
    client = app.test_client()
    answers = [client.get(f"{path(ANA)}/directory.json") for _ in range(field.PER_LINK[0] + 5)]
    busy = [a for a in answers if a.status_code == 429]
    assert {a.status_code for a in answers} == {200, 429}, {a.status_code for a in answers}
    assert busy and all(a.is_json and int(a.headers["Retry-After"]) > 0 for a in busy)
    assert busy[0].get_json()["reason"] == "rate_limited"
    assert client.get(f"{path(BEN)}/directory.json").status_code == 200          # the same address, another link
    page = client.get(path(ANA), headers={"Accept-Language": "es"})
    assert page.status_code == 429 and "Espere" in page.get_data(as_text=True)     # the page's own 429: a page


@pytest.mark.parametrize("trusted, separate", [(0, False), (1, True)])
def test_forwarded_addresses_count_only_behind_a_trusted_proxy(world, trusted, separate):
    app = _app(world, trusted_proxies=trusted)
    with app.app_context():
        services().extra["field_limits"] = {"link": RateLimit(*field.PER_LINK), "address": RateLimit(3, 60.0)}
    client = app.test_client()

    def get(address: str, organizer: Organizer):                # a spoofed hop, then what our proxy saw
        return client.get(f"{path(organizer)}/directory.json",
                          headers={"X-Forwarded-For": f"192.0.2.1, {address}"}).status_code

    assert [get("203.0.113.7", ANA) for _ in range(3)] == [200, 200, 200]
    assert get("203.0.113.7", BEN) == 429                                  # that address's cap
    assert get("198.51.100.9", BEN) == (200 if separate else 429)          # another client behind the proxy


@pytest.mark.parametrize("junk", ["~~", "!!!!", "~", "%7E%7E"])
def test_a_link_spelled_with_junk_is_refused_and_shares_the_links_bucket(world, junk):
    """attacks a1_token_variants_throttle.py / a1b_upload_variants.py: itsdangerous decodes base64 leniently,
    so `<token>~~` verified as the same link with a fresh per-link bucket. Only the canonical spelling opens
    the link (/c/ and /u/), and the bucket is the verified organizer's, whatever the spelling."""
    app = _app(world)
    with app.app_context():     # held still: the window must not slide while a loaded machine sends them
        services().extra["field_limits"] = {"link": RateLimit(*field.PER_LINK, monotonic=lambda: 1000.0),
                                            "address": RateLimit(*field.PER_ADDRESS, monotonic=lambda: 1000.0)}
    client = app.test_client()
    assert client.get(f"{path(ANA)}{junk}/directory.json").status_code == 403
    upload = client.get(f"/u/{make_token(LINK_KEY, ANA)}{junk}", headers={"Accept": "application/json"})
    assert upload.status_code == 403
    for _ in range(field.PER_LINK[0]):
        client.get(f"{path(ANA)}/entries?keys=abcdefgh")
    assert client.get(f"{path(ANA)}/entries?keys=abcdefgh").status_code == 429
    variant = client.get(f"{path(ANA)}{junk}/entries?keys=abcdefgh")
    assert variant.status_code in (403, 429)                # refused either way, never served
    assert client.get(f"{path(BEN)}/entries?keys=abcdefgh").status_code == 200


def test_the_per_link_bucket_is_the_organizers_across_spellings_of_the_signature(world):
    """A signature's spare base64 bits are another spelling of the same bytes: refused, not a new bucket."""
    from itsdangerous.encoding import base64_decode

    token = make_token(LINK_KEY, ANA)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    same = [token[:-1] + c for c in alphabet if c != token[-1]
            and base64_decode(token.rsplit(".", 1)[1][:-1] + c) == base64_decode(token.rsplit(".", 1)[1])]
    assert same                                             # such spellings exist
    client = _app(world).test_client()
    assert {client.get(f"/c/{t}/entries?keys=abcdefgh").status_code for t in same} == {403}
