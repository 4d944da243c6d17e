"""`turfbook auth login`: an ordinary Google user signs in through google-auth-oauthlib's installed-app
flow (a loopback redirect; Google blocked the out-of-band flow in 2022), and the refresh token is kept
as a secret file in google-auth's `authorized_user` format (mode 600, written atomically).

`console=True` is for a machine without a browser: it prints the address to open elsewhere and reads
back the address the browser was sent to (the page itself may fail to load; its address holds the code).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from turfbook.config import Config, ConfigError
from turfbook.workspace.auth import scopes_for


def client_secrets_for(config: Config, given: Path | None) -> Path:
    """The OAuth client file ("Desktop app" client, Download JSON); the emulator writes its own."""
    path = given or (config.google.credentials_file.parent / "client-secret.json" if config.google.endpoint
                     else None)
    if path is None or not path.exists():
        raise ConfigError(f"--client-secrets: {path or 'not given'}: download the OAuth client JSON (Google Cloud "
                          "console → APIs & Services → Credentials → Create OAuth client ID → Desktop app)")
    return path


def login(config: Config, client_secrets: Path, out: Path, *, console: bool = False, browser: str | None = None,
          open_browser: bool = True, ask: Callable[[str], str] = input, say: Callable[[str], None] = print) -> str:
    """Run the flow and store the credentials at `out`; returns the signed-in account's address if known."""
    from google_auth_oauthlib.flow import InstalledAppFlow

    flow = InstalledAppFlow.from_client_secrets_file(str(client_secrets), scopes_for(config))
    token_uri = flow.client_config["token_uri"]
    if urlsplit(token_uri).scheme == "http" and urlsplit(token_uri).hostname in ("127.0.0.1", "localhost"):
        os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"    # the local emulator only: Google's is https
    if console:
        flow.redirect_uri = "http://127.0.0.1:1/"
        url, _ = flow.authorization_url(prompt="consent", access_type="offline")
        say(f"Open this address in a browser and allow access:\n{url}\nThen paste the address it sends you to "
            "(it starts with http://127.0.0.1:1/, and may show an error page):")
        flow.fetch_token(authorization_response=ask("> ").strip().replace("http://", "https://", 1))
        creds = flow.credentials
    else:
        creds = flow.run_local_server(host="127.0.0.1", port=0, open_browser=open_browser, browser=browser,
                                      authorization_prompt_message="Open this address to sign in: {url}",
                                      timeout_seconds=300, prompt="consent", access_type="offline")
    if not creds.refresh_token:
        raise ConfigError("Google returned no refresh token: remove Turfbook's access at "
                          "myaccount.google.com/permissions and run `turfbook auth login` again")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(creds.to_json())
    tmp.replace(out)
    return getattr(creds, "account", "") or ""
