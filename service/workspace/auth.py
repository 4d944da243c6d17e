"""Google credentials from config: a service-account key file, least-privilege scopes."""

from __future__ import annotations

import json

from google.oauth2 import service_account

from turfbook import usercache
from turfbook.config import Config, ConfigError

KEY_CHECKED = "rsa-checked1"     # usercache entries: a private key OpenSSL's full RSA check has passed

SHEETS = "https://www.googleapis.com/auth/spreadsheets"
# Full Drive: the shared drive and its folders are made by people, which drive.file cannot see.
DRIVE = "https://www.googleapis.com/auth/drive"
GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send"


def scopes_for(config: Config) -> list[str]:
    scopes = [SHEETS, DRIVE]
    if config.mail.transport == "gmail":
        scopes.append(GMAIL_SEND)
    return scopes


def credentials(config: Config):
    """An OAuth user's credentials when google.user_credentials_file is set, else the service account's
    (acting as google.delegated_user when set: domain-wide delegation)."""
    if config.google.user_credentials_file:
        return user_credentials(config)
    path = config.google.credentials_file
    if not path.exists():
        hint = " (start the emulator: `turfbook emulator`)" if config.google.endpoint else ""
        raise ConfigError(f"google.credentials_file: {path} does not exist{hint}")
    try:
        creds = _service_account(path, scopes_for(config))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"google.credentials_file: {path} is not a service-account key ({exc})") from None
    if config.google.delegated_user:
        creds = creds.with_subject(config.google.delegated_user)
    return creds


def _service_account(path, scopes: list[str]):
    """google-auth's service-account credentials from the key file. OpenSSL's RSA private-key check costs
    ~70 ms of CPU in every `turfbook` process (issue 22), so it runs once per key: the first load of a key
    is google-auth's own (checked; its errors as ever) and records the key's SHA-256 in the user's cache
    (usercache.py); a key found there is loaded without the check, into google-auth's own signer and
    credentials. A different key (another file, or an edited one) has another hash: checked again. The file
    is read as google-auth reads it (UTF-8 text, no BOM): a key it refuses is refused, found there or not."""
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):     # UnicodeDecodeError too: google-auth's loader then says what is wrong
        info = None
    pem = info.get("private_key") if isinstance(info, dict) else None
    if not isinstance(pem, str) or not {"client_email", "token_uri"} <= info.keys():
        return service_account.Credentials.from_service_account_file(str(path), scopes=scopes)
    checked = usercache.key(KEY_CHECKED, pem.encode("utf-8", "surrogatepass"))
    signer = _checked_signer(pem, info.get("private_key_id")) if usercache.read(checked) is not None else None
    if signer is None:
        creds = service_account.Credentials.from_service_account_file(str(path), scopes=scopes)
        usercache.write(checked, b"")
        return creds
    return service_account.Credentials._from_signer_and_info(signer, info, scopes=scopes)


def _checked_signer(pem: str, key_id: str | None):
    """google-auth's RSASigner over a key that passed the RSA check before (None when it is not RSA now)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from google.auth import crypt

    try:
        key = serialization.load_pem_private_key(pem.encode("utf-8"), password=None,
                                                 unsafe_skip_rsa_key_validation=True)
    except (ValueError, TypeError):
        return None
    return crypt.RSASigner(key, key_id=key_id) if isinstance(key, rsa.RSAPrivateKey) else None


def user_credentials(config: Config):
    from google.oauth2.credentials import Credentials

    path = config.google.user_credentials_file
    if not path.exists():
        raise ConfigError(f"google.user_credentials_file: {path} does not exist (sign in: `turfbook auth login`)")
    try:
        return Credentials.from_authorized_user_file(str(path), scopes=scopes_for(config))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"google.user_credentials_file: {path} is not an authorized_user file ({exc})") from None
