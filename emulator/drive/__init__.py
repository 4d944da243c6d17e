"""Drive v3 in the emulator: the file model, `q` parser, uploads, derived media metadata, push channels.

Handlers live in emulator/apis/drive_*.py; content is stored as files under DATA/drive-blobs/.
Other emulator parts may call `register_native_file()` to make a file (e.g. a spreadsheet created
through the Sheets API) visible to Drive.
"""

from __future__ import annotations

import shutil

from turfbook_emulator import registry
from turfbook_emulator.drive import model


def register_native_file(emulator, file_id: str, name: str, mime_type: str = model.SPREADSHEET,
                         drive_id: str | None = None, parent_id: str | None = None,
                         owner: str | None = None, client: str = "") -> dict:
    """Add (or rename) a Google-native file with this id, e.g. a spreadsheet made by spreadsheets.create.

    Call it under `emulator.store.lock` (handlers already are). Without a drive it lands in My Drive.
    """
    st = model.state(emulator.store)
    file = st.files.get(file_id)
    if file is None:
        stamp = model.now()
        file = {"id": file_id, "name": name, "mimeType": mime_type, "createdTime": stamp, "modifiedTime": stamp,
                "parents": [parent_id or drive_id or model.my_drive_root_id(st, owner)], "driveId": drive_id,
                "trashed": False, "version": 1, "appProperties": {}, "properties": {},
                "owner": None if drive_id else owner, "appClients": [client]}
        st.files[file_id] = file
    else:
        file["name"] = name
        model.touch(file)
    model.record_change(st, file)
    emulator.store.dirty(model.NAMESPACE)
    return file


def _reset_blobs(emulator) -> None:
    shutil.rmtree(model.blob_dir(emulator), ignore_errors=True)


registry.RESETTERS.append(_reset_blobs)
