"""The control plane (/_emulator/...) and the read-only HTML views. Never used by service/."""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING

from turfbook_emulator import heap, registry, sheets
from turfbook_emulator.errors import ApiError
from turfbook_emulator.registry import Reply

if TYPE_CHECKING:
    from turfbook_emulator.server import Emulator


def handle(emulator: Emulator, method: str, path: str, query: dict, body: bytes) -> Reply:
    if method == "GET" and path == "/_emulator/info":   # who this is: a demo tells its own emulator from another
        return Reply(body={"pid": os.getpid(), "base_url": emulator.base_url, "data": str(emulator.lock.data)})
    if method == "GET" and path == "/_emulator/stats":
        return Reply(body=emulator.stats.snapshot())
    if method == "POST" and path == "/_emulator/stats/reset":
        emulator.stats.reset()
        return Reply(body=emulator.stats.snapshot())
    if method == "POST" and path == "/_emulator/reset":
        emulator.reset()
        return Reply(body={"reset": True})
    if method == "POST" and path == "/_emulator/flush":
        emulator.store.flush()
        return Reply(body={"flushed": True})
    if method == "POST" and path == "/_emulator/settle":     # deferred work done now (a benchmark, before the call
        with emulator.store.lock:                            # it times): formulas recalculated, state saved, heap
            sheets.settle(emulator.store)                    # collected
        emulator.store.flush()
        heap.collect()
        return Reply(body={"settled": True})
    if path == "/_emulator/faults":
        if method == "GET":
            return Reply(body={"faults": emulator.faults.pending()})
        if method == "DELETE":
            emulator.faults.clear()
            return Reply(body={"faults": []})
        if method == "POST":
            spec = _json(body)
            specs = spec.get("faults", [spec]) if isinstance(spec, dict) else spec
            try:
                for item in specs:
                    emulator.faults.add(item)
            except (TypeError, ValueError) as exc:
                raise ApiError(400, f"bad fault: {exc}") from None
            return Reply(body={"faults": emulator.faults.pending()})
    if method == "POST" and path == "/_emulator/quotas":
        spec = _json(body)
        emulator.quotas.scale = float(spec.get("scale", emulator.quotas.scale))
        emulator.quotas.reset()
        return Reply(body={"scale": emulator.quotas.scale})
    if path == "/_emulator/delegation":
        if method == "POST":  # {"client id": ["scope", ...]}: what the Workspace admin authorized
            try:
                emulator.delegation.set(_json(body))
            except ValueError as exc:
                raise ApiError(400, str(exc)) from None
        return Reply(body={"delegation": emulator.delegation.rules})
    if method == "POST" and path == "/_emulator/revoke":   # {"refresh_token": "..."}: the user removed access
        token = str(_json(body).get("refresh_token") or "")
        with emulator.store.lock:
            if not emulator.oauth.revoke(emulator.tokens, token):
                raise ApiError(404, "No such refresh token")
            emulator.store.dirty("auth")
            emulator.store.flush()   # written now, not in the next quiet moment: a kill -9 must not undo it
        return Reply(body={"revoked": True})
    if path == "/_emulator/users":
        if method == "POST":  # {"users": ["name@domain", ...]}: the Workspace domain's users
            spec = _json(body)
            try:
                if "users" in spec or "admins" not in spec:
                    emulator.delegation.set_users(spec.get("users"))
                emulator.delegation.set_admins(spec.get("admins") or [])
            except (ValueError, AttributeError) as exc:
                raise ApiError(400, str(exc)) from None
        return Reply(body={"users": sorted(emulator.delegation.users), "admins": sorted(emulator.delegation.admins)})
    raise ApiError(404, f"No control endpoint {method} {path}")


def view(emulator: Emulator, path: str, query: dict) -> Reply:
    for prefix, fn in registry.VIEWS:
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            with emulator.store.lock:
                result = fn(emulator, path[len(prefix):], query)
            return result if isinstance(result, Reply) else Reply(body=result, content_type="text/html; charset=utf-8")
    raise ApiError(404, f"The requested URL {path} was not found on this server.")


def _json(body: bytes):
    try:
        return json.loads(body or b"{}")
    except ValueError:
        raise ApiError(400, "control-plane body must be JSON") from None
