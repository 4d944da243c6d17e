"""Least privilege: the credentials Turfbook builds ask for exactly the OAuth scopes the README lists
(spreadsheets and drive; gmail.send only when mail goes through Gmail), and the token the emulator
hands out carries no more."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from turfbook.config import Config
from turfbook.workspace import connect
from turfbook.workspace.auth import scopes_for

README = Path(__file__).parents[2] / "README.md"
PREFIX = "https://www.googleapis.com/auth/"


def readme_scopes() -> tuple[set[str], set[str]]:
    """(always, gmail only) from the README's 'OAuth scopes' paragraph."""
    text = README.read_text(encoding="utf-8")
    paragraph = re.search(r"\*\*OAuth scopes\*\*(.*?)(?:\n\n|$)", text, re.S).group(1)
    names = re.findall(r"`([a-z.]+)`", paragraph)
    gmail = {n for n in names if n.startswith("gmail")}
    # `drive.file` is named only to say why it is not enough
    always = {n for n in names if not n.startswith("gmail") and f"narrower `{n}`" not in paragraph}
    return always, gmail


def test_the_readme_lists_the_scopes():
    always, gmail = readme_scopes()
    assert always == {"spreadsheets", "drive"} and gmail == {"gmail.send"}


@pytest.mark.parametrize("transport", ["outbox", "smtp", "gmail"])
def test_credentials_ask_for_exactly_the_listed_scopes(transport):
    always, gmail = readme_scopes()
    expected = {PREFIX + s for s in always | (gmail if transport == "gmail" else set())}
    assert set(scopes_for(Config(mail={"transport": transport}))) == expected


def test_the_token_in_use_carries_those_scopes(config):
    always, _ = readme_scopes()
    creds = connect(config).credentials
    assert set(creds.scopes) == {PREFIX + s for s in always}
    ws = connect(config)
    ws.execute(ws.drive_api.about().get(fields="user"))   # a real call with that token
    assert set(ws.credentials.scopes) == {PREFIX + s for s in always} and ws.credentials.token
