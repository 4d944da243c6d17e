"""Who may read or write a spreadsheet: Drive decides (visibility and sharing roles), as at Google."""

from __future__ import annotations

from turfbook_emulator.errors import ApiError

_SHEETS_WRITES = frozenset(f"sheets.spreadsheets.{m}" for m in (
    "batchUpdate", "values.update", "values.append", "values.clear", "values.batchUpdate", "values.batchClear",
    "values.batchUpdateByDataFilter", "values.batchClearByDataFilter"))


def check(emulator, spreadsheet_id: str, principal: dict, method_id: str = "") -> None:
    """Sheets answers 403 "The caller does not have permission" for a spreadsheet that exists but is not
    the caller's, not shared with them and not in their shared drive (visibility is Drive's), and for a
    write by someone it is shared with as Viewer or Commenter (roles are Drive's too)."""
    from turfbook_emulator.drive import model, roles
    from turfbook_emulator.identity import SHEETS_WIDE, app_may_open, email

    st = model.state(emulator.store)
    file = st.files.get(spreadsheet_id)
    if file is None:
        return
    who = email(principal)
    if not model.can_see(st, file, who) or not app_may_open(principal, file, SHEETS_WIDE):
        raise ApiError(403, "The caller does not have permission", status="PERMISSION_DENIED")
    if method_id in _SHEETS_WRITES and not roles.has_role(st, file, who, "writer"):
        raise ApiError(403, "The caller does not have permission", status="PERMISSION_DENIED")
