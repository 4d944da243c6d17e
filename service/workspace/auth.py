"""Google credentials from config: a service-account key file, least-privilege scopes."""

from __future__ import annotations

from google.oauth2 import service_account

from turfbook.config import Config, ConfigError

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
        creds = service_account.Credentials.from_service_account_file(str(path), scopes=scopes_for(config))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"google.credentials_file: {path} is not a service-account key ({exc})") from None
    if config.google.delegated_user:
        creds = creds.with_subject(config.google.delegated_user)
    return creds


def user_credentials(config: Config):
    from google.oauth2.credentials import Credentials

    path = config.google.user_credentials_file
    if not path.exists():
        raise ConfigError(f"google.user_credentials_file: {path} does not exist (sign in: `turfbook auth login`)")
    try:
        return Credentials.from_authorized_user_file(str(path), scopes=scopes_for(config))
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"google.user_credentials_file: {path} is not an authorized_user file ({exc})") from None
