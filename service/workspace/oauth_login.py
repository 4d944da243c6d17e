"""`turfbook auth login`: an ordinary Google user signs in through google-auth-oauthlib's installed-app
flow (a loopback redirect; Google blocked the out-of-band flow in 2022), and the refresh token is kept
as a secret file in google-auth's `authorized_user` format (mode 600, written atomically).

`console=True` is for a machine without a browser: it prints the address to open elsewhere and reads
back the address the browser was sent to (the page itself may fail to load; its address holds the code).
"""

from __future__ import annotations

import os
import secrets
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
    try:
        creds = _run_flow(flow, console=console, browser=browser, open_browser=open_browser, ask=ask, say=say)
    except Exception as exc:   # oauthlib's and requests' errors: say what happened and what to do
        raise LoginError(_login_problem(exc)) from None
    if not creds.refresh_token:
        raise ConfigError("Google returned no refresh token: remove Turfbook's access at "
                          "myaccount.google.com/permissions and run `turfbook auth login` again")
    write_secret(out, creds.to_json())
    return getattr(creds, "account", "") or ""


class LoginError(Exception):
    """The sign-in did not finish; the message says why and what to do, in English and Spanish."""


def _run_flow(flow, *, console: bool, browser: str | None, open_browser: bool, ask: Callable[[str], str],
              say: Callable[[str], None]):
    if console:
        flow.redirect_uri = "http://127.0.0.1:1/"
        url, _ = flow.authorization_url(prompt="consent", access_type="offline")
        say(f"Open this address in a browser and allow access:\n{url}\nThen paste the address it sends you to "
            "(it starts with http://127.0.0.1:1/, and may show an error page):\n"
            "Abra esta dirección en un navegador y permita el acceso; luego pegue la dirección a la que le envía "
            "(empieza por http://127.0.0.1:1/ y puede mostrar una página de error):")
        flow.fetch_token(authorization_response=ask("> ").strip().replace("http://", "https://", 1))
        return flow.credentials
    return flow.run_local_server(host="127.0.0.1", port=0, open_browser=open_browser, browser=browser,
                                 authorization_prompt_message="Open this address to sign in: {url}",
                                 timeout_seconds=300, prompt="consent", access_type="offline")


def _login_problem(exc: Exception) -> str:
    """Why the sign-in failed, in plain words (never the library's class name), and the next step."""
    name, text = type(exc).__name__, str(exc)
    if name == "MismatchingStateError" or "state" in text.lower() and "mismatch" in text.lower():
        why_en = "the address you pasted is not from this sign-in (it belongs to an older or another attempt)"
        why_es = "la dirección que pegó no es de este inicio de sesión (es de un intento anterior u otro)"
    elif name in ("InvalidGrantError", "InvalidClientError") or "invalid_grant" in text:
        why_en = "Google did not accept the sign-in code (it was already used, expired, or was copied incompletely)"
        why_es = "Google no aceptó el código (ya se usó, caducó o se copió incompleto)"
    elif name in ("AccessDeniedError",) or "access_denied" in text:
        why_en = "access was not allowed on Google's page"
        why_es = "no se permitió el acceso en la página de Google"
    elif "code" in text.lower() and ("missing" in text.lower() or "authorization" in text.lower()):
        why_en = "the address you pasted holds no sign-in code"
        why_es = "la dirección que pegó no contiene un código de inicio de sesión"
    else:
        why_en = why_es = text or name
    return (f"Sign-in failed: {why_en}. Run `turfbook auth login` again and use the newest address it prints.\n"
            f"El inicio de sesión falló: {why_es}. Ejecute `turfbook auth login` de nuevo y use la dirección más "
            "reciente que muestre.")


def write_secret(out: Path, text: str) -> None:
    """Write a secret file whole and private: a new temporary file next to it (O_EXCL|O_NOFOLLOW, so a
    leftover file or a planted symlink is never written through), mode 600 forced with fchmod whatever
    the umask, flushed to disk, then renamed over `out` (a symlink at `out` is replaced, not followed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
