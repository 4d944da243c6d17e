"""No secret in logs: the whole flow — sheets init, seed with media, filing, overdue, digest over SMTP
(accepted, then refused), links, check, and the web app (upload, admin, webhook, with right and wrong
tokens) — run in-process with every log at DEBUG, and all of stdout, stderr, log records and the files
it leaves behind scanned for the service-account key, access tokens and every secret's value."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
import yaml
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from PIL import Image

from tests.support.emulator import DEMO_USER, free_port
from turfbook.app import create_app
from turfbook.cli import main

ROOT = __import__("pathlib").Path(__file__).parents[2]
SECRETS = {
    "TURFBOOK_ADMIN_TOKEN": "admin-SECRET-4f9c2e7a1b3d5f60a8c9",
    "TURFBOOK_LINK_KEY": "link-SECRET-8a7b6c5d4e3f2a1b0c9d",
    "TURFBOOK_SMTP_PASSWORD": "smtp-SECRET-password-91e2",
    "TURFBOOK_DRIVE_CHANNEL_TOKEN": "channel-SECRET-5e6f7a8b9c0d",
}


class SmtpServer:
    def __init__(self):
        self.accept = True
        self.messages = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages += 1
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = self.accept and auth_data.password == SECRETS["TURFBOOK_SMTP_PASSWORD"].encode()
        return AuthResult(success=ok)


@pytest.fixture
def smtp():
    server, port = SmtpServer(), free_port()
    controller = Controller(server, hostname="127.0.0.1", port=port, authenticator=server.authenticate,
                            auth_require_tls=False)
    controller.start()
    yield server, port
    controller.stop()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


@pytest.mark.timeout(120)
def test_a_full_run_logs_no_secret(emulator, smtp, tmp_path, monkeypatch, capfd, caplog):
    server, port = smtp
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump({
        "google": {"endpoint": emulator.base_url, "credentials_file": str(emulator.credentials),
                   "delegated_user": DEMO_USER},
        "mail": {"transport": "smtp", "sender": "digest@example.org",
                 "smtp": {"host": "127.0.0.1", "port": port, "security": "none", "username": "digest",
                          "timeout_seconds": 3}},   # aiosmtpd answers a refused AUTH only at the timeout
        "data_dir": str(tmp_path / "data"), "schema_dir": str(ROOT / "sheets_schema"),
        "rules_dir": str(ROOT / "drive_rules")}))
    caplog.set_level(logging.DEBUG)

    def turfbook(*args: str) -> int:
        return main(["--config", str(config_file), *args])

    emulator.config(tmp_path / "admin")      # the admin's step: the shared drive exists (Turfbook never makes it)
    assert turfbook("sheets", "init", "--write-config") == 0
    assert turfbook("demo", "seed", "--people", "30", "--conversations", "60", "--worksites", "3",
                    "--media", "4") == 0
    assert turfbook("sheets", "check") in (0, 1)
    assert turfbook("run", "filing") == 0
    assert turfbook("run", "overdue") in (0, 1)
    assert turfbook("run", "digest", "--to", "director@example.org", "--resend") in (0, 1)
    assert server.messages >= 1, "the digest did not go out over SMTP"
    server.accept = False                        # the server now refuses the password: the error path
    assert turfbook("run", "digest", "--to", "director@example.org", "--resend") != 0
    assert turfbook("links") == 0
    assert turfbook("check") in (0, 1)
    out = capfd.readouterr()
    text = out.out + out.err

    from turfbook import config as config_module

    app = create_app(config_module.load(config_file))
    app.testing = True
    client = app.test_client()
    links = re.findall(r"/u/[\w.\-]+", text)
    assert links, text[-2000:]
    page = client.get(links[0]).get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    worksite = re.search(r"<option>([^<]+)</option>", page.split('name="worksite"', 1)[1]).group(1)
    client.post(links[0], data={"csrf": csrf, "worksite": worksite, "file": [(io.BytesIO(jpeg()), "a.jpg")]},
                content_type="multipart/form-data", headers={"Accept": "application/json"})
    admin = {"Authorization": f"Bearer {SECRETS['TURFBOOK_ADMIN_TOKEN']}"}
    for headers in (admin, {"Authorization": "Bearer wrong"}):
        client.get("/runs", headers=headers)
        client.post("/jobs/overdue/run", headers=headers)
        client.get("/digest/preview", headers=headers)
    for token in (SECRETS["TURFBOOK_DRIVE_CHANNEL_TOKEN"], "wrong"):
        client.post("/webhooks/drive", headers={"X-Goog-Channel-Token": token, "X-Goog-Resource-State": "change"})
    client.get(links[0][:-4] + "abcd")         # a damaged link
    client.get("/healthz")
    out = capfd.readouterr()
    text += out.out + out.err

    records = "\n".join(f"{r.name} {r.levelname} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    files = "\n".join(p.read_text("utf-8", "replace") for p in (tmp_path / "data").rglob("*")
                      if p.is_file() and p.suffix in {".log", ".eml", ".txt", ".json", ".html", ".yaml"})
    everything = text + records + files + config_file.read_text()
    assert len(caplog.records) > 50 and "filing" in everything      # the scan saw a real run

    key = json.loads(emulator.credentials.read_text())["private_key"]
    body = "".join(key.strip().splitlines()[1:-1])
    forbidden = {"private key header": "PRIVATE KEY-----", "private_key field": '"private_key"',
                 "access token": "ya29.", **{f"key material {i}": body[i:i + 24] for i in range(0, 480, 96)},
                 **{name: value for name, value in SECRETS.items()}}
    leaks = {what: everything[max(0, everything.find(s) - 80): everything.find(s) + 40]
             for what, s in forbidden.items() if s in everything}
    assert not leaks, leaks
