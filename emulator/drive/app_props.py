"""appProperties are private to the app (OAuth client) that set them; `properties` are public."""

from __future__ import annotations


def app_properties(file: dict, client: str | None) -> dict:
    """appProperties are private to the app (OAuth client) that set them: each app sees only its own
    (Drive guide "Add custom file properties"). client None: every app's, for the emulator's own views."""
    by_app = file.get("appPropertiesByApp")
    if by_app is None:   # state written before appProperties were per app: one shared set
        return dict(file.get("appProperties") or {})
    if client is None:
        merged: dict = {}
        for props in by_app.values():
            merged.update(props)
        return merged
    return dict(by_app.get(client) or {})


_EMPTY: dict = {}


def app_property(file: dict, client: str | None, key: str):
    """One appProperty as `client` sees it, without copying (a `q` term runs once per file per page)."""
    by_app = file.get("appPropertiesByApp")
    if by_app is None or client is None:
        return (file.get("appProperties") or _EMPTY).get(key)
    return (by_app.get(client) or _EMPTY).get(key)


def set_app_properties(file: dict, client: str, props: dict) -> None:
    by_app = file.get("appPropertiesByApp")
    if by_app is None:   # older state: the shared set becomes the set of the app(s) that made the file
        legacy = file.get("appProperties") or {}
        by_app = {c: dict(legacy) for c in (file.get("appClients") or [])} if legacy else {}
        file["appPropertiesByApp"] = by_app
    if props:
        by_app[client] = dict(props)
    else:
        by_app.pop(client, None)
    file["appProperties"] = app_properties(file, None)   # every app's: the emulator's HTML views
