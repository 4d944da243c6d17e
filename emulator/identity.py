"""Who is calling, as Google sees it: a bare service account, a service account acting as a user
through domain-wide delegation, or an ordinary user signed in through OAuth.

A token record (emulator.auth.Tokens) carries `sub` (the acting identity's address) and `kind`
("service_account" or "user"). A service account has no My Drive, no storage quota and no mailbox;
a delegated subject or an OAuth user has both. Domain-wide delegation is an admin's list of
subjects and scopes (Admin console → Security → API controls → Domain-wide delegation); the
emulator's list defaults to the demo's users (any address at example.org) with the scopes Turfbook
asks for, and can be replaced through DATA/delegation.json or `POST /_emulator/delegation`.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

SHEETS = "https://www.googleapis.com/auth/spreadsheets"
DRIVE = "https://www.googleapis.com/auth/drive"
GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send"
GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
DEFAULT_SCOPES = [SHEETS, DRIVE, GMAIL_SEND, GMAIL_READONLY]
DEFAULT_DELEGATION = {"*@example.org": DEFAULT_SCOPES}
SERVICE_ACCOUNT = "service_account"
USER = "user"


def kind(principal: dict) -> str:
    found = principal.get("kind")
    if found:
        return found
    return SERVICE_ACCOUNT if str(principal.get("sub", "")).endswith(".gserviceaccount.com") else USER


def is_service_account(principal: dict) -> bool:
    """A service account acting as itself (no subject): no My Drive, no Gmail."""
    return kind(principal) == SERVICE_ACCOUNT


def email(principal: dict) -> str:
    return str(principal.get("sub") or "")


class Delegation:
    """Authorized subjects (address or glob) → scopes, as a Workspace admin lists them."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "delegation.json"
        self.reset()

    def reset(self) -> None:
        self.rules: dict[str, list[str]] = dict(DEFAULT_DELEGATION)
        if self.path.exists():
            self.rules = {str(k): list(v) for k, v in json.loads(self.path.read_text()).items()}

    def set(self, rules: dict[str, list[str]]) -> None:
        if not isinstance(rules, dict) or not all(isinstance(v, list) for v in rules.values()):
            raise ValueError('delegation must be {"subject or glob": ["scope", ...]}')
        self.rules = {str(k): [str(s) for s in v] for k, v in rules.items()}

    def allows(self, subject: str, scopes: list[str]) -> bool:
        """Google: every requested scope must be authorized for the client (none requested: refused)."""
        for pattern, granted in self.rules.items():
            if fnmatch.fnmatchcase(subject.lower(), pattern.lower()):
                return bool(scopes) and set(scopes) <= set(granted)
        return False
