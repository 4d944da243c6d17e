"""Who is calling, as Google sees it: a bare service account, a service account acting as a user
through domain-wide delegation, or an ordinary user signed in through OAuth.

A token record (emulator.auth.Tokens) carries `sub` (the acting identity's address) and `kind`
("service_account" or "user"). A service account has no My Drive, no storage quota and no mailbox;
a delegated subject or an OAuth user has both. Domain-wide delegation is what an admin grants
in the Admin console (Security → API controls → Domain-wide delegation): a client ID and its scopes,
for every user of the domain. The emulator's grant defaults to Turfbook's service account with the
scopes Turfbook asks for, replaced through DATA/delegation.json or `POST /_emulator/delegation`
(`{"client id": ["scope", ...]}`). A subject must be an existing user of the domain (DEFAULT_USERS,
replaced through DATA/users.json or `POST /_emulator/users` `{"users": [...]}`), else Google's
invalid_grant "Invalid email or User ID".
"""

from __future__ import annotations

import json
from pathlib import Path

SHEETS = "https://www.googleapis.com/auth/spreadsheets"
DRIVE = "https://www.googleapis.com/auth/drive"
GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send"
GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
DEFAULT_SCOPES = [SHEETS, DRIVE, GMAIL_SEND, GMAIL_READONLY]
SERVICE_ACCOUNT_CLIENT_ID = "100000000000000000001"
DEFAULT_DELEGATION = {SERVICE_ACCOUNT_CLIENT_ID: DEFAULT_SCOPES}
# the demo Workspace's users (example.org); tests and the demo act as these
DEFAULT_USERS = sorted(f"{name}@example.org" for name in (
    "director", "demo-director", "coalition.director", "directora", "dir", "digest", "ana", "ben", "alice", "bob",
    "carl", "carol", "dave", "eve", "fay", "luis", "maria", "otto", "rita", "rosa", "sam", "will", "owner", "me",
    "a", "m1", "m2", "someone.else"))
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
    """What the Workspace admin set up: the domain's users, and the domain-wide delegation grants
    (client ID → scopes, for the whole domain)."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "delegation.json"
        self.users_path = Path(data_dir) / "users.json"
        self.reset()

    def reset(self) -> None:
        self.rules: dict[str, list[str]] = dict(DEFAULT_DELEGATION)
        if self.path.exists():
            self.rules = {str(k): list(v) for k, v in json.loads(self.path.read_text()).items()}
        self.users: set[str] = set(DEFAULT_USERS)
        if self.users_path.exists():
            self.users = {str(u).lower() for u in json.loads(self.users_path.read_text())}

    def set(self, rules: dict[str, list[str]]) -> None:
        if not isinstance(rules, dict) or not all(isinstance(v, list) for v in rules.values()):
            raise ValueError('delegation must be {"client id": ["scope", ...]}')
        if any("@" in str(k) or "*" in str(k) for k in rules):
            raise ValueError("domain-wide delegation is granted to a client ID for the whole domain, not per user: "
                             '{"client id": ["scope", ...]}')
        self.rules = {str(k): [str(s) for s in v] for k, v in rules.items()}

    def set_users(self, users: list[str]) -> None:
        if not isinstance(users, list) or not all(isinstance(u, str) and "@" in u for u in users):
            raise ValueError('users must be {"users": ["name@domain", ...]}')
        self.users = {u.lower() for u in users}

    def is_user(self, subject: str) -> bool:
        return subject.lower() in self.users

    def allows(self, client_id: str, scopes: list[str]) -> bool:
        """Google: every requested scope must be authorized for the client ID (none requested: refused)."""
        granted = self.rules.get(client_id)
        return granted is not None and bool(scopes) and set(scopes) <= set(granted)
