"""`turfbook auth login --console`: no browser on this machine — open the address elsewhere, paste back
the address the consent page led to; the refresh token lands in a mode-600 authorized_user file."""

from __future__ import annotations

import json
import re
import urllib.request

from turfbook.workspace import transport
from turfbook.workspace.auth import user_credentials
from turfbook.workspace.oauth_login import client_secrets_for, login


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_console_login_stores_a_working_refresh_token(emulator, tmp_path):
    config = emulator.config(tmp_path, delegated_user=None)
    said: list[str] = []

    def paste_where_the_browser_went(_prompt: str) -> str:
        url = re.search(r"http://\S+/o/oauth2/auth\S+", said[0]).group(0)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect)
        try:
            opener.open(url, timeout=10)
        except urllib.error.HTTPError as answer:       # the 302 to the loopback address, which may not load
            return answer.headers["Location"]
        raise AssertionError("the consent page did not redirect")

    out = tmp_path / "secret" / "user.json"
    login(config, client_secrets_for(config, None), out, console=True, ask=paste_where_the_browser_went,
          say=said.append)
    assert out.stat().st_mode & 0o777 == 0o600
    assert json.loads(out.read_text())["refresh_token"].startswith("1//")
    google = config.google.model_copy(update={"user_credentials_file": out})
    creds = user_credentials(config.model_copy(update={"google": google}))
    about = transport.api_client(config, "drive", "v3", creds).about().get(fields="user(emailAddress)").execute()
    assert about["user"]["emailAddress"] == "coalition.organizer@gmail.com"


def test_the_secret_file_is_private_whatever_was_there_before(tmp_path):
    import os

    from turfbook.workspace.oauth_login import write_secret

    out = tmp_path / "tok.json"
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_text("untouched")
    (tmp_path / "tok.json.tmp").write_text("old leftover")
    (tmp_path / "tok.json.tmp").chmod(0o644)
    out.symlink_to(elsewhere)                               # a planted link at the target is replaced, not followed
    old = os.umask(0)
    try:
        write_secret(out, '{"refresh_token": "1//x"}')
    finally:
        os.umask(old)
    assert not out.is_symlink() and out.stat().st_mode & 0o777 == 0o600
    assert elsewhere.read_text() == "untouched"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tok.json")] == []


def test_a_pasted_address_from_another_attempt_is_explained_in_plain_words(emulator, tmp_path):
    import pytest

    from turfbook.workspace.oauth_login import LoginError

    config = emulator.config(tmp_path, delegated_user=None)
    with pytest.raises(LoginError) as caught:
        login(config, client_secrets_for(config, None), tmp_path / "user.json", console=True,
              ask=lambda _p: "http://127.0.0.1:1/?state=not-this-one&code=4/abc&scope=x", say=lambda _s: None)
    text = str(caught.value)
    assert "MismatchingStateError" not in text and "turfbook auth login" in text
    assert "Sign-in failed" in text and "El inicio de sesión falló" in text
    assert not (tmp_path / "user.json").exists()


def test_a_revoked_sign_in_in_a_job_says_to_log_in_again(emulator, tmp_path):
    import pytest
    from google.auth.exceptions import RefreshError

    from turfbook.workspace import connect
    from turfbook.workspace.errors import plain

    info = json.loads(emulator.user_credentials.read_text())
    emulator.control("POST", "/_emulator/revoke", {"refresh_token": info["refresh_token"]})   # "Remove access"
    (tmp_path / "user.json").write_text(json.dumps(info))
    base = emulator.config(tmp_path, delegated_user=None, shared_drive_made=False)
    config = base.model_copy(update={"google": base.google.model_copy(
        update={"user_credentials_file": tmp_path / "user.json"})})
    with pytest.raises(RefreshError) as caught:
        connect(config).drive_api.about().get(fields="user").execute()
    said = plain(caught.value, config)
    assert said and said.config and "turfbook auth login" in said.message and "de nuevo" in said.message


def _user_drive(emulator, info):
    from google.oauth2 import credentials

    from turfbook.workspace import transport

    creds = credentials.Credentials.from_authorized_user_info(info, ["https://www.googleapis.com/auth/drive"])
    config = emulator.config(emulator.data_dir.parent / "rv", delegated_user=None, shared_drive_made=False)
    return transport.api_client(config, "drive", "v3", creds), creds


def test_a_revocation_stops_the_access_tokens_issued_from_it_and_survives_a_kill(tmp_path):
    """RFC 7009 / Google "Remove access": the grant goes, with every access token issued from it; the
    revocation is state on disk, so an emulator killed (-9) and restarted on the same data still refuses."""
    import pytest
    from google.auth.exceptions import RefreshError
    from googleapiclient.errors import HttpError

    from tests.support.emulator import EmulatorProcess, free_port

    port = free_port()
    first = EmulatorProcess.start(tmp_path / "emu", port=port)
    try:
        info = json.loads(first.user_credentials.read_text())
        drive, creds = _user_drive(first, info)
        assert drive.about().get(fields="user").execute()["user"]
        first.control("POST", "/_emulator/revoke", {"refresh_token": info["refresh_token"]})
        creds.refresh = lambda request: None   # keep the old access token: the next call must be refused
        with pytest.raises(HttpError) as caught:
            drive.about().get(fields="user").execute()
        assert caught.value.resp.status == 401
        first.process.kill()                   # kill -9: no shutdown flush
        first.process.wait(timeout=10)
    finally:
        first.stop()
    second = EmulatorProcess.start(tmp_path / "emu", port=port)
    try:
        drive, _ = _user_drive(second, info)
        with pytest.raises(RefreshError, match="invalid_grant"):
            drive.about().get(fields="user").execute()
    finally:
        second.stop()
