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
