"""`turfbook check --live` warnings: things that work but will surprise (exit code unchanged).

- Secret files (the service-account key, the user sign-in, *_FILE secrets) readable or writable by the
  group or others: name the file and the chmod that fixes it.
- mail.transport gmail with a sender that is not the mailbox Gmail sends as (the delegated user or the
  signed-in user): Gmail rewrites From to that mailbox unless the address is one of its verified send-as
  aliases (Gmail settings → Accounts → Send mail as).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from turfbook.config import ENV_PREFIX, Config, sender_address


def live_warnings(config: Config, environ: dict[str, str] | None = None) -> list[str]:
    return _secret_files(config, os.environ if environ is None else environ) + _gmail_sender(config)


def _secret_files(config: Config, environ: dict[str, str]) -> list[str]:
    files = [("google.credentials_file", config.google.credentials_file),
             ("google.user_credentials_file", config.google.user_credentials_file)]
    files += [(key, Path(value)) for key, value in sorted(environ.items())
              if key.startswith(ENV_PREFIX) and key.endswith("_FILE") and value]
    out = []
    for setting, path in files:
        if not path:
            continue
        try:
            mode = stat.S_IMODE(Path(path).stat().st_mode)
        except OSError:
            continue   # a missing file is reported by the checks that use it
        if mode & 0o077:
            out.append(f"{setting}: the secret file {path} can be read by other users (mode {mode:o}): "
                       f"run `chmod 600 {path}`.")
    return out


def _gmail_sender(config: Config) -> list[str]:
    if config.mail.transport != "gmail":
        return []
    mailbox = config.google.delegated_user or _signed_in(config.google.user_credentials_file)
    address = sender_address(config.mail.sender)
    if not mailbox or address.casefold() == mailbox.casefold():
        return []
    return [f"mail.sender {address} is not the mailbox Gmail sends as ({mailbox}): Gmail rewrites From to "
            f"{mailbox} unless {address} is one of its verified send-as aliases (Gmail settings → Accounts → "
            f"Send mail as). Set mail.sender to {mailbox}, or add the alias."]


def _signed_in(path: Path | None) -> str | None:
    if not path:
        return None
    try:
        return json.loads(Path(path).read_text()).get("account") or None
    except (OSError, ValueError, AttributeError):
        return None
