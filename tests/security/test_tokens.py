"""Tokens are compared in constant time: by inspection (every comparison of an admin, channel, form or
link token in service/ goes through hmac.compare_digest, none through == or !=) and by behaviour
(the endpoints call compare_digest, and refuse every near miss)."""

from __future__ import annotations

import ast
import hmac
from pathlib import Path

import pytest

from tests.support.web import ADMIN, CHANNEL, make_app
from turfbook.web import auth

SERVICE = Path(__file__).parents[2] / "service"
SECRET_WORDS = ("token", "admin", "channel", "csrf", "signature", "secret", "link_key", "password")
# compared with == although the name says token: not secrets
NOT_SECRETS = {
    "scheme.lower() == 'bearer'",
}


def _secretish(node: ast.AST) -> bool:
    text = ast.unparse(node).lower()
    if isinstance(node, ast.Constant):
        return False
    return any(word in text for word in SECRET_WORDS)


def equality_on_secrets() -> list[str]:
    found = []
    for path in sorted(SERVICE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Compare) or not any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
                continue
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Constant) and s.value in (None, "", 0) for s in sides):
                continue          # an emptiness check, not a comparison of two secrets
            if all(_secretish(s) for s in sides) or (
                    any(_secretish(s) for s in sides) and not any(isinstance(s, ast.Constant) for s in sides)):
                source = ast.unparse(node)
                if source not in NOT_SECRETS:
                    found.append(f"{path.relative_to(SERVICE.parent)}:{node.lineno}: {source}")
    return found


def test_no_token_is_compared_with_equals():
    assert equality_on_secrets() == []


def test_every_token_check_goes_through_compare_digest():
    source = {p.name: p.read_text(encoding="utf-8") for p in (SERVICE / "web").glob("*.py")}
    assert "hmac.compare_digest(" in ast.unparse(ast.parse(source["auth.py"]))
    constant = ast.get_source_segment(source["auth.py"], next(
        n for n in ast.walk(ast.parse(source["auth.py"])) if isinstance(n, ast.FunctionDef)
        and n.name == "constant_time_equal"))
    assert "compare_digest" in constant
    # the bearer check, the admin cookie and the Drive channel token all use it
    assert source["auth.py"].count("constant_time_equal(") >= 3
    assert "constant_time_equal(request.headers.get(\"X-Goog-Channel-Token\")" in source["drive_webhook.py"]
    # link and form tokens are itsdangerous signatures, which compare in constant time themselves (form: link_keys)
    assert "URLSafeTimedSerializer" in (SERVICE / "links.py").read_text() and "loads(" in source["link_keys.py"]


@pytest.mark.parametrize(("given", "expected", "equal"), [
    (ADMIN, ADMIN, True), (ADMIN + "x", ADMIN, False), (ADMIN[:-1], ADMIN, False), ("", ADMIN, False),
    (None, ADMIN, False), (ADMIN, None, False), (ADMIN, "", False), ("ñandú", "ñandú", True),
    ("a" * 10_000, ADMIN, False)])
def test_constant_time_equal(given, expected, equal):
    assert auth.constant_time_equal(given, expected) is equal


@pytest.fixture
def spy(monkeypatch):
    calls = []
    real = hmac.compare_digest

    def compare(a, b):
        calls.append((a, b))
        return real(a, b)
    monkeypatch.setattr(hmac, "compare_digest", compare)
    return calls


def test_endpoints_compare_in_constant_time_and_refuse_near_misses(offline_config, spy):  # noqa: F811
    client = make_app(offline_config, jobs={}).test_client()
    for token, status in ((ADMIN[:-1] + "X", 401), (ADMIN + " ", 200), (ADMIN.upper(), 401), (ADMIN[:8], 401)):
        assert client.get("/runs", headers={"Authorization": f"Bearer {token}",
                                            "Accept": "application/json"}).status_code == status, token
    assert spy, "the admin check did not use hmac.compare_digest"
    spy.clear()
    for token, status in ((CHANNEL, 202), (CHANNEL + "x", 403), (CHANNEL[:-1], 403), ("", 403)):
        answer = client.post("/webhooks/drive", headers={"X-Goog-Channel-Token": token,
                                                         "X-Goog-Resource-State": "change"})
        assert answer.status_code == status, token
    assert any(b == CHANNEL.encode() for _, b in spy), "the channel check did not use hmac.compare_digest"
