"""The config's hand-written strict settings (turfbook.config_model, issue 22 perf22v) answer as the pydantic
models they replaced: the same values taken (same types), the same problems in the same order with the same
words, for every setting, over values a YAML file or an environment variable can give and a few odd ones.
The pydantic models below are main's (ea6398d) `turfbook.config` models, kept here as the reference."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from turfbook import config as cfg
from turfbook.config_model import Invalid


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Organization(Strict):
    name: str = "Organizing team"
    timezone: str = "America/New_York"
    languages: list[Literal["en", "es"]] = ["en", "es"]

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone '{value}' (use an IANA name like America/New_York)") from None
        return value


class DriveSettings(Strict):
    shared_drive: str | None = "Organizing"
    folder: str = "Turfbook"
    inbox: str = "Field uploads"
    media_root: str = "Media"
    lock_ttl_seconds: float = Field(default=60, gt=0, le=3600)


class Google(Strict):
    credentials_file: Path = Path(".turfbook/emulator/credentials.json")
    endpoint: str | None = None
    spreadsheet_id: str | None = None
    drive: DriveSettings = DriveSettings()
    delegated_user: str | None = None
    user_credentials_file: Path | None = None


class Smtp(Strict):
    host: str = "localhost"
    port: int = 587
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    timeout_seconds: float = 30


class Mail(Strict):
    transport: Literal["gmail", "smtp", "outbox"] = "outbox"
    sender: str = "digest@example.org"
    outbox_dir: Path = Path(".turfbook/outbox")
    smtp: Smtp = Smtp()

    @field_validator("sender")
    @classmethod
    def _one_address(cls, value: str) -> str:
        return cfg._one_address(value)


class Schedule(Strict):
    check: str = "30 5 * * *"
    filing: str = "0 2 * * *"
    overdue: str = "0 6 * * *"
    digest: str = "0 7 * * MON"
    field: str = "* * * * *"

    @field_validator("*", mode="before")
    @classmethod
    def _unquoted_off(cls, value):      # after a22c 5: YAML 1.1's unquoted `off` (false) is `off`
        return "off" if value is False else value


class Web(Strict):
    base_url: str = "http://127.0.0.1:8000"
    max_upload_mb: int = Field(default=2048, gt=0)
    trusted_proxies: int = Field(default=0, ge=0, le=5)


class Config(Strict):
    organization: Organization = Organization()
    google: Google = Google()
    mail: Mail = Mail()
    schedule: Schedule = Schedule()
    web: Web = Web()
    data_dir: Path = Path(".turfbook")
    schema_dir: Path = Field(default_factory=lambda: cfg.resolve_folder("schema_dir", None))
    rules_dir: Path = Field(default_factory=lambda: cfg.resolve_folder("rules_dir", None))
    source: Path | None = Field(default=None, exclude=True)


VALUES = [None, True, False, 0, 1, -1, 5, 6, 2.0, 1.5, 60.0, 3600, 3601, 1e20, math.nan, math.inf, "", " ", "x",
          "10", " 10 ", "10.0", "10.", "10.5", "1e1", "1_0", "+5", "-0", "0x10", "010", "\u0663", "inf", "NaN",
          "en", "es", "fr", "ssl", "SSL", "none", "gmail", "smtp", "outbox", "America/Chicago", "Mars/Olympus",
          "America", "director@example.org", "Director <director@example.org>", "a@b.org, c@d.org", "Director",
          b"5", b"x", b"\xff", ["en"], ["es", "en"], ["fr"], [1], ("es",), [], {}, {"a": 1}, Path("p"),
          "/abs/path", "relative/path", "30 5 * * *"]
SECTIONS = {"organization": Organization, "google": Google, "google.drive": DriveSettings, "mail": Mail,
            "mail.smtp": Smtp, "schedule": Schedule, "web": Web}
KEYS = [*(f"{section}.{key}" for section, model in SECTIONS.items() for key in model.model_fields
          if not isinstance(model.model_fields[key].default, BaseModel)),
        "data_dir", "schema_dir", "rules_dir", "source"]


def _nest(dotted: str, value) -> dict:
    *parents, last = dotted.split(".")
    data = {last: value}
    for key in reversed(parents):
        data = {key: data}
    return data


def _pydantic(data: dict):
    try:
        return "ok", _plain(Config(**data).model_dump())
    except ValidationError as exc:
        return "bad", [(tuple(e["loc"]), "unknown key" if e["type"] == "extra_forbidden"
                        else e["msg"].removeprefix("Value error, ")) for e in exc.errors()]


def _ours(data: dict):
    try:
        return "ok", _plain(cfg.Config(**data).model_dump())
    except Invalid as exc:
        return "bad", exc.problems


def _plain(value):
    """A dump with each value's type, NaN comparable."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan", float)
    return (value, type(value))


@pytest.mark.parametrize("key", KEYS)
def test_every_setting_takes_and_refuses_what_pydantic_did(key, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                    # schema_dir/rules_dir: a folder that is there and one not
    (tmp_path / "relative" / "path").mkdir(parents=True)
    for value in VALUES:
        data = _nest(key, value)
        assert _ours(data) == _pydantic(data), (key, value)


@pytest.mark.parametrize("section", [*SECTIONS, ""])
def test_unknown_keys_and_sections_that_are_not_mappings(section):
    for value in (None, 1, "x", [], [("host", "h")], {"bogus": 1}, {"bogus": 1, 2: 3}):
        data = _nest(section, value) if section else ({"bogus": value} if value is not None else {})
        assert _ours(data) == _pydantic(data), (section, value)


def test_many_problems_are_listed_in_pydantics_order():
    keys = ["web.bogus", "web.max_upload_mb", "organization.timezone", "bogus", "mail.smtp.port",
            "google.drive.lock_ttl_seconds", "organization.languages", "mail.sender"]
    values = ["x", "lots", "Mars/X", 1, "587.5", 0, ["en", "fr", 2], "Director"]
    for chosen in itertools.combinations(range(len(keys)), 4):
        data: dict = {}
        for index in chosen:
            _merge(data, _nest(keys[index], values[index]))
        assert _ours(data) == _pydantic(data), data


def _merge(into: dict, data: dict) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def test_sections_given_as_values_copies_dumps_and_the_frozen_rule():
    smtp = cfg.Smtp(host="mail.example.org", port="25")
    config = cfg.Config(mail=cfg.Mail(transport="smtp", smtp=smtp), web={"max_upload_mb": "10"})
    assert config.mail.smtp is smtp and config.mail.smtp.port == 25 and config.web.max_upload_mb == 10
    reference = Config(mail=Mail(transport="smtp", smtp=Smtp(host="mail.example.org", port="25")),
                       web={"max_upload_mb": "10"})
    for mode, none in itertools.product(("python", "json"), (False, True)):
        assert (config.model_dump(mode=mode, exclude={"source"}, exclude_none=none)
                == reference.model_dump(mode=mode, exclude={"source"}, exclude_none=none))
    copied = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": "abc"})})
    assert copied.google.spreadsheet_id == "abc" and config.google.spreadsheet_id is None
    assert copied.mail is config.mail and copied != config and config == cfg.Config(
        mail=cfg.Mail(transport="smtp", smtp=smtp), web={"max_upload_mb": "10"})
    assert "source" not in config.model_copy(update={"source": Path("c.yaml")}).model_dump()
    assert repr(cfg.Smtp()) == repr(Smtp()) and hash(cfg.Web()) == hash(cfg.Web())
    with pytest.raises(AttributeError, match="frozen"):
        config.data_dir = Path("elsewhere")


def test_outside_tester_a22c_configs(tmp_path):
    """a22c 1, 4, 5, 3: a number too big for float or for int() is a problem naming the key (exit 2, not a
    crash); a top-level key YAML reads as a bool or number is named; an unquoted `off` schedule is off; a
    *_FILE secret that is not UTF-8 is named."""
    big = "1" + "0" * 400
    for text, said in ((f"google:\n  drive:\n    lock_ttl_seconds: {big}\n", "google.drive.lock_ttl_seconds"),
                       ("yes:\n  a: 1\n", "Keys should be strings")):
        path = tmp_path / "config.yaml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(cfg.ConfigError, match=said):
            cfg.load(path, environ={})
    with pytest.raises(cfg.ConfigError, match="mail.smtp.port"):
        cfg.load(tmp_path / "none.yaml", environ={"TURFBOOK_MAIL__SMTP__PORT": "9" * 5000})
    path = tmp_path / "config.yaml"
    path.write_text("schedule:\n  digest: off\n", encoding="utf-8")
    assert cfg.load(path, environ={}).schedule.digest == "off"
    secret = tmp_path / "key.bin"
    secret.write_bytes(b"\xff\xfe\x00k")
    with pytest.raises(cfg.ConfigError, match="TURFBOOK_LINK_KEY_FILE: .* is not UTF-8"):
        cfg.secret("link_key", {"TURFBOOK_LINK_KEY_FILE": str(secret)})
