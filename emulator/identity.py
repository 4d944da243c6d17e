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
invalid_grant "Invalid email or User ID". Administrators of the domain (what `useDomainAdminAccess=true`
needs) are none by default; DATA/admins.json or `POST /_emulator/users` `{"users": [...], "admins": [...]}`
names them.
"""

from __future__ import annotations

import json
from pathlib import Path

SHEETS = "https://www.googleapis.com/auth/spreadsheets"
DRIVE = "https://www.googleapis.com/auth/drive"
GMAIL_SEND = "https://www.googleapis.com/auth/gmail.send"
GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
DRIVE_FILE = "https://www.googleapis.com/auth/drive.file"
_AUTH = "https://www.googleapis.com/auth/"
# scopes that reach every file the identity can see (drive.file reaches only the app's own files)
DRIVE_WIDE = frozenset(_AUTH + s for s in ("drive", "drive.readonly", "drive.metadata", "drive.metadata.readonly"))
SHEETS_WIDE = DRIVE_WIDE | {SHEETS, _AUTH + "spreadsheets.readonly"}
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


def client(principal: dict) -> str:
    """The OAuth client (Cloud project app) the token was issued to: what drive.file is scoped to."""
    return str(principal.get("client") or "")


def per_file_only(principal: dict, wide: frozenset[str] = DRIVE_WIDE) -> bool:
    """True when the token reaches only files its app created or opened (drive.file without a wide scope).
    A token without recorded scopes predates scope checks and reaches everything."""
    scopes = set(principal.get("scopes") or ())
    return bool(scopes) and not scopes & wide


def app_may_open(principal: dict, file: dict, wide: frozenset[str] = DRIVE_WIDE) -> bool:
    """Google's per-file access: with drive.file only, a file is there for the app only if it was created
    (or opened) by the same OAuth client; otherwise it does not exist for the caller (404)."""
    if not per_file_only(principal, wide):
        return True
    return client(principal) in (file.get("appClients") or ())


class Delegation:
    """What the Workspace admin set up: the domain's users, and the domain-wide delegation grants
    (client ID → scopes, for the whole domain)."""

    def __init__(self, data_dir: Path):
        self.path = Path(data_dir) / "delegation.json"
        self.users_path = Path(data_dir) / "users.json"
        self.admins_path = Path(data_dir) / "admins.json"
        self.reset()

    def reset(self) -> None:
        self.rules: dict[str, list[str]] = dict(DEFAULT_DELEGATION)
        if self.path.exists():
            self.rules = {str(k): list(v) for k, v in json.loads(self.path.read_text()).items()}
        self.users: set[str] = set(DEFAULT_USERS)
        if self.users_path.exists():
            self.users = {str(u).lower() for u in json.loads(self.users_path.read_text())}
        # the domain's administrators (useDomainAdminAccess=true): none unless DATA/admins.json or
        # POST /_emulator/users {"users": [...], "admins": [...]} names them
        self.admins: set[str] = set()
        if self.admins_path.exists():
            self.admins = {str(u).lower() for u in json.loads(self.admins_path.read_text())}

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

    def set_admins(self, admins: list[str]) -> None:
        if not isinstance(admins, list) or not all(isinstance(u, str) and u.lower() in self.users for u in admins):
            raise ValueError('admins must be users of the domain: {"users": [...], "admins": ["name@domain", ...]}')
        self.admins = {u.lower() for u in admins}

    def is_admin(self, principal: dict) -> bool:
        """A Workspace administrator acting as themself (OAuth, or a service account delegated to them);
        a bare service account is never one."""
        return kind(principal) == USER and email(principal).lower() in self.admins

    def is_user(self, subject: str) -> bool:
        return subject.lower() in self.users

    def allows(self, client_id: str, scopes: list[str]) -> bool:
        """Google: every requested scope must be authorized for the client ID (none requested: refused)."""
        granted = self.rules.get(client_id)
        return granted is not None and bool(scopes) and set(scopes) <= set(granted)
