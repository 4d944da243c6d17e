"""config.yaml as strict settings (config_model.py: no pydantic on the jobs' path, issue 22).

Unknown keys are errors naming their path. Any setting can be overridden from the
environment as TURFBOOK_<SECTION>__<KEY> (e.g. TURFBOOK_GOOGLE__SPREADSHEET_ID).
Secrets never live in the file: see `secret()`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from turfbook import defaults
from turfbook.config_cron import cron_problems
from turfbook.config_error import ConfigError
from turfbook.config_model import Invalid, ListOf, Section, Setting, number, one_of, path, schedule_text, text, whole
from turfbook.yamlfile import YamlError, load_yaml

DEFAULT_CONFIG = "config.yaml"
ENV_PREFIX = "TURFBOOK_"
SECRET_NAMES = ("ADMIN_TOKEN", "LINK_KEY", "SMTP_PASSWORD", "DRIVE_CHANNEL_TOKEN")


def _known_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown timezone '{value}' (use an IANA name like America/New_York)") from None
    return value


class Organization(Section):
    name: str = Setting(text, "Organizing team")
    timezone: str = Setting(text, "America/New_York", check=_known_timezone)
    languages: list[str] = Setting(ListOf(one_of("en", "es")), ["en", "es"])


class DriveSettings(Section):
    # shared_drive null: no shared drive (an OAuth user's own `folder` instead); then `folder` is the My Drive
    # folder holding the workbook
    shared_drive: str | None = Setting(text, "Organizing", optional=True)
    folder: str = Setting(text, "Turfbook")
    inbox: str = Setting(text, "Field uploads")
    media_root: str = Setting(text, "Media")
    lock_ttl_seconds: float = Setting(number, 60, gt=0, le=3600)   # filing's run lease; renewed every third


class Google(Section):
    credentials_file: Path = Setting(path, Path(".turfbook/emulator/credentials.json"))
    endpoint: str | None = Setting(text, None, optional=True)
    spreadsheet_id: str | None = Setting(text, None, optional=True)
    drive: DriveSettings = Setting(DriveSettings, DriveSettings())
    delegated_user: str | None = Setting(text, None, optional=True)
    # an OAuth user's refresh token (`turfbook auth login`), a secret
    user_credentials_file: Path | None = Setting(path, None, optional=True)


class Smtp(Section):
    host: str = Setting(text, "localhost")
    port: int = Setting(whole, 587)
    security: str = Setting(one_of("starttls", "ssl", "none"), "starttls")
    username: str | None = Setting(text, None, optional=True)
    timeout_seconds: float = Setting(number, 30)


def _one_address(value: str) -> str:
    from email.utils import getaddresses

    found = getaddresses([value])
    if len(found) != 1 or not _plain_address(found[0][1]):
        raise ValueError(f"{value!r} is not one email address (use director@example.org or "
                         f"\"Director <director@example.org>\")")
    return value


class Mail(Section):
    transport: str = Setting(one_of("gmail", "smtp", "outbox"), "outbox")
    sender: str = Setting(text, "digest@example.org", check=_one_address)   # an address, or "Name <address>"
    outbox_dir: Path = Setting(path, Path(".turfbook/outbox"))
    smtp: Smtp = Setting(Smtp, Smtp())


def _plain_address(address: str) -> bool:
    local, at, domain = address.partition("@")
    return bool(local and at and "." in domain and not any(c.isspace() or c in "<>,;\"" for c in address))


def sender_address(sender: str) -> str:
    """The address in mail.sender ("Director <director@example.org>" -> director@example.org)."""
    from email.utils import parseaddr

    return parseaddr(sender)[1] or sender


def sender_name(sender: str) -> str:
    from email.utils import parseaddr

    return parseaddr(sender)[0]


class Schedule(Section):
    # check: `sheets check` (IDs, Problems, adopted rows' keys), before overdue; field: the field coalescer (#20)
    check: str = Setting(schedule_text, "30 5 * * *")
    filing: str = Setting(schedule_text, "0 2 * * *")
    overdue: str = Setting(schedule_text, "0 6 * * *")
    digest: str = Setting(schedule_text, "0 7 * * MON")
    field: str = Setting(schedule_text, "* * * * *")     # phone entries -> the sheet, one a minute


class Web(Section):
    base_url: str = Setting(text, "http://127.0.0.1:8000")
    max_upload_mb: int = Setting(whole, 2048, gt=0)
    # Reverse proxies in front of the web app that set X-Forwarded-For (werkzeug's ProxyFix, x_for=N):
    # 0 (default) trusts none, so a client cannot pick its own address; set it only behind your own proxy.
    trusted_proxies: int = Setting(whole, 0, ge=0, le=5)


class Config(Section):
    organization: Organization = Setting(Organization, Organization())
    google: Google = Setting(Google, Google())
    mail: Mail = Setting(Mail, Mail())
    schedule: Schedule = Setting(Schedule, Schedule())
    web: Web = Setting(Web, Web())
    data_dir: Path = Setting(path, Path(".turfbook"))
    # Unset: the team's own ./sheets_schema and ./drive_rules when they exist (`turfbook init` writes them),
    # else the ones shipped in the package. Set: that folder, and nothing else.
    schema_dir: Path = Setting(path, factory=lambda: resolve_folder("schema_dir", None))
    rules_dir: Path = Setting(path, factory=lambda: resolve_folder("rules_dir", None))
    source: Path | None = Setting(path, None, optional=True, dump=False)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.organization.timezone)


def _own_or_shipped(name: str) -> Path:
    # absolute: a config written out (the demo's, a test's) then means this folder wherever it is read
    return Path(name).absolute() if Path(name).is_dir() else defaults.folder(name)


FOLDER_KEYS = {"schema_dir": "sheets_schema", "rules_dir": "drive_rules"}


def resolve_folder(key: str, named: str | Path | None) -> Path:
    """The one rule for the schema and rules folders, for every command and job: the folder the config
    names (a setup error when it is not there — never quietly the shipped one); else the team's own
    ./sheets_schema or ./drive_rules when present; else the one shipped in the package."""
    if named is None:
        return _own_or_shipped(FOLDER_KEYS[key])
    path = Path(named)
    if not path.is_dir():
        raise ConfigError(f"{key}: {path} is not a folder (it {'is a file' if path.exists() else 'does not exist'})"
                          f"; fix {key} in the config, or remove it to use the shipped {FOLDER_KEYS[key]}")
    return path


def config_path(explicit: str | Path | None = None) -> Path:
    return Path(explicit or os.environ.get("TURFBOOK_CONFIG") or DEFAULT_CONFIG)


def load(path: str | Path | None = None, environ: dict[str, str] | None = None) -> Config:
    """Load config.yaml (or the given path), apply env overrides, validate strictly."""
    path = config_path(path)
    environ = dict(os.environ if environ is None else environ)
    try:
        raw = load_yaml(path) if path.exists() else {}
    except YamlError as exc:
        raise ConfigError(str(exc)) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of sections")
    _relative_to_the_file(raw, path)
    _apply_env_overrides(raw, environ)
    odd = [key for key in raw if not isinstance(key, str)]
    if odd:             # `yes:`, `1:`, `null:` at the top: YAML reads them as a bool, a number, nothing
        raise ConfigError(f"{path}: {', '.join(repr(k) for k in odd)}: Keys should be strings (a section's name)")
    try:
        config = Config(**raw)
    except Invalid as exc:
        raise ConfigError(_describe(path, exc)) from None
    for key in FOLDER_KEYS:
        if key in raw:
            try:
                resolve_folder(key, getattr(config, key))
            except ConfigError as exc:
                raise ConfigError(f"{path}: {exc}") from None
    bad_cron = cron_problems(config.schedule.model_dump())
    if bad_cron:
        raise ConfigError("\n".join([f"{path}: {len(bad_cron)} problem(s)", *bad_cron]))
    return config.model_copy(update={"source": path})


PATH_KEYS = (("data_dir",), ("schema_dir",), ("rules_dir",), ("google", "credentials_file"),
             ("google", "user_credentials_file"), ("mail", "outbox_dir"))


def _relative_to_the_file(raw: dict[str, Any], path: Path) -> None:
    """A relative path written in a config file means a path next to that file, wherever turfbook runs
    (`turfbook --config team/config.yaml` from cron). Env overrides stay relative to the working folder."""
    base = path.parent
    if base.resolve() == Path.cwd().resolve():
        return                       # the usual case: same place either way; keep the paths as written
    for keys in PATH_KEYS:
        section = raw
        for key in keys[:-1]:
            section = section.get(key) if isinstance(section, dict) else None
        value = section.get(keys[-1]) if isinstance(section, dict) else None
        if isinstance(value, str) and value and not Path(value).expanduser().is_absolute():
            section[keys[-1]] = str(base / value)


def _apply_env_overrides(raw: dict[str, Any], environ: dict[str, str]) -> None:
    for name, value in environ.items():
        if not name.startswith(ENV_PREFIX) or "__" not in name:
            continue
        keys = name[len(ENV_PREFIX):].lower().split("__")
        node = raw
        for key in keys[:-1]:
            node = node.setdefault(key, {})
            if not isinstance(node, dict):
                break
        else:
            node[keys[-1]] = None if value == "" else value


def _describe(path: Path, exc: Invalid) -> str:
    lines = [f"{path}: {len(exc.problems)} problem(s)"]
    for loc, message in exc.problems:
        where = ".".join(str(p) for p in loc) or "(top level)"
        lines.append(f"  {where}: {message}")
    return "\n".join(lines)


def secret(name: str, environ: dict[str, str] | None = None) -> str | None:
    """A secret from TURFBOOK_<NAME> or the file named by TURFBOOK_<NAME>_FILE."""
    environ = os.environ if environ is None else environ
    key = ENV_PREFIX + name.upper()
    if environ.get(key):
        return environ[key]
    file_name = environ.get(key + "_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(f"{key}_FILE: cannot read {file_name} ({exc.strerror})") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{key}_FILE: {file_name} is not UTF-8 text") from None
    return None
