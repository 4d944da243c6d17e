"""The service-account credentials Turfbook builds are google-auth's own: same fields, same signatures.
OpenSSL's RSA key check runs on a key's first load (google-auth's loader) and is skipped for a key that
passed it before (issue 22); an edited key is checked again; odd files get google-auth's checks and words."""

from __future__ import annotations

import json
import tempfile

import pytest
from google.oauth2 import service_account

from turfbook import usercache
from turfbook.config import Config, ConfigError
from turfbook.workspace import auth
from turfbook.workspace.auth import credentials, scopes_for
from turfbook_emulator.auth import Keys


@pytest.fixture(autouse=True)
def own_temp_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _config(tmp_path, info: dict, name: str = "credentials.json") -> Config:
    path = tmp_path / name
    path.write_text(json.dumps(info), encoding="utf-8")
    return Config(google={"credentials_file": str(path)})


def _key(folder) -> dict:
    Keys(folder).write_credentials(folder / "credentials.json", "http://127.0.0.1:1")
    return json.loads((folder / "credentials.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def key_info(tmp_path_factory) -> dict:
    return _key(tmp_path_factory.mktemp("keys"))


def _checked() -> list:
    return sorted(usercache._folder().glob(auth.KEY_CHECKED + "-*"))


def _same(ours, theirs, key_info):
    assert type(ours) is type(theirs)
    for name in ("service_account_email", "project_id", "universe_domain", "signer_email", "scopes", "_token_uri"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert ours.signer.key_id == theirs.signer.key_id == key_info["private_key_id"]
    assert ours.signer.sign(b"turfbook") == theirs.signer.sign(b"turfbook")     # PKCS#1 v1.5: deterministic


def test_checked_once_then_google_auths_own_credentials(tmp_path, key_info, monkeypatch):
    config = _config(tmp_path, key_info)
    theirs = service_account.Credentials.from_service_account_file(str(config.google.credentials_file),
                                                                    scopes=scopes_for(config))
    first = credentials(config)                    # google-auth's loader, with the check
    assert len(_checked()) == 1
    _same(first, theirs, key_info)
    monkeypatch.setattr(service_account.Credentials, "from_service_account_file", None)   # must not be used now
    _same(credentials(config), theirs, key_info)


def test_an_edited_key_is_checked_again(tmp_path, key_info, tmp_path_factory):
    credentials(_config(tmp_path, key_info))
    other = _key(tmp_path_factory.mktemp("other"))
    config = _config(tmp_path, key_info | {"private_key": other["private_key"]})
    ours = credentials(config)
    assert len(_checked()) == 2
    assert ours.signer.sign(b"x") == service_account.Credentials.from_service_account_file(
        str(config.google.credentials_file)).signer.sign(b"x")


@pytest.mark.parametrize("broken", [{"private_key": None}, {"private_key": "not a key"}, {"token_uri": None}])
def test_a_broken_key_file_gets_google_auths_checks(tmp_path, key_info, broken):
    credentials(_config(tmp_path, key_info, "good.json"))          # the good key's check is recorded
    info = {k: v for k, v in (key_info | broken).items() if v is not None}
    config = _config(tmp_path, info)
    with pytest.raises((ValueError, KeyError)) as theirs:
        service_account.Credentials.from_service_account_file(str(config.google.credentials_file))
    with pytest.raises(ConfigError) as ours:
        credentials(config)
    assert str(theirs.value) in str(ours.value)
    assert len(_checked()) == 1
