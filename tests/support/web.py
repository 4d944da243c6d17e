"""Helpers shared by the web tests: an app with known secrets and a fixed directory."""

from __future__ import annotations

from turfbook.app import create_app
from turfbook.jobs.registry import Registry
from turfbook.links import Organizer, make_token
from turfbook.web.directory import Listing, StaticDirectory

ADMIN = "admin-token-for-tests-0123456789"
LINK_KEY = "link-key-for-tests-0123456789abcdef"
CHANNEL = "channel-token-for-tests"
SECRETS = {"TURFBOOK_ADMIN_TOKEN": ADMIN, "TURFBOOK_LINK_KEY": LINK_KEY, "TURFBOOK_DRIVE_CHANNEL_TOKEN": CHANNEL}

ANA = Organizer(id="O-0001", name="Ana Rivera", email="ana@example.org", language="es", link_version=0)
BEN = Organizer(id="O-0002", name="Ben Cole", email="ben@example.org", language="", link_version=3)
WORKSITES = ["Little Stars Center", "Maple Street Family Care", "Ñandú Kids"]
ISSUES = ["broken heat", "mould", "low pay"]


def listing(**changes) -> Listing:
    base = {"organizers": [ANA, BEN], "worksites": list(WORKSITES), "issues": list(ISSUES)}
    return Listing(**{**base, **changes})


def make_app(config, *, jobs=None, directory=None, environ=None):
    app = create_app(config, registry=Registry(jobs) if jobs is not None else None,
                     directory=directory or StaticDirectory(listing()),
                     environ=SECRETS if environ is None else environ)
    app.testing = True
    return app


def link(organizer: Organizer = ANA) -> str:
    return "/u/" + make_token(LINK_KEY, organizer)


def bearer(token: str = ADMIN) -> dict:
    return {"Authorization": f"Bearer {token}"}
