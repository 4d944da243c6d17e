"""Drive v3 changes.* and push channels (files.watch, changes.watch, channels.stop)."""

from __future__ import annotations

import secrets
import time

from turfbook_emulator import identity
from turfbook_emulator.apis.drive_files import answer
from turfbook_emulator.drive import channels, model
from turfbook_emulator.errors import ApiError, bad_request
from turfbook_emulator.registry import Reply, handles

DEFAULT_CHANNEL_SECONDS = 3600
MAX_CHANNEL_SECONDS = {"file": 86400, "changes": 604800}


@handles("drive.changes.getStartPageToken")
def start_page_token(call):
    st = model.state(call.store)
    return answer(call, {"kind": "drive#startPageToken", "startPageToken": str(len(st.changes) + 1)},
                  "kind,startPageToken")


@handles("drive.changes.list")
def changes_list(call):
    st = model.state(call.store)
    token = call.query.get("pageToken", "")
    if not token.isdigit() or int(token) < 1:
        raise ApiError(400, "Invalid Value", reason="invalid", location="pageToken")
    start = int(token) - 1
    size = max(1, min(int(call.query.get("pageSize") or 100), 1000))
    drive_id = call.query.get("driveId")
    all_drives = call.flag("includeItemsFromAllDrives") or bool(drive_id)
    include_removed = call.flag("includeRemoved", True)
    out, index = [], start
    while index < len(st.changes) and len(out) < size:
        change = st.changes[index]
        index += 1
        if drive_id and change.get("driveId") != drive_id or change.get("driveId") and not all_drives:
            continue
        file = st.files.get(change["fileId"])
        if file is not None and not model.visible(st, file, call):
            continue                                   # someone else's change: not in this caller's log
        removed = change["removed"] or file is None
        if removed and not include_removed:
            continue
        item = {"kind": "drive#change", "changeType": "file", "time": change["time"], "removed": removed,
                "fileId": change["fileId"]}
        if not removed:
            item["file"] = model.resource(st, file, call.base_url, client=identity.client(call.principal))
        if change.get("driveId"):
            item["driveId"] = change["driveId"]
        out.append(item)
    body: dict = {"kind": "drive#changeList", "changes": out}
    if index < len(st.changes):
        body["nextPageToken"] = str(index + 1)
    else:
        body["newStartPageToken"] = str(len(st.changes) + 1)
    return answer(call, body, "kind,nextPageToken,newStartPageToken,"
                              "changes(kind,changeType,time,removed,fileId,driveId,file(kind,id,name,mimeType))")


def _open_channel(call, kind: str, resource_id: str, resource_uri: str, **extra) -> Reply:
    st = model.state(call.store)
    body = call.json()
    if body.get("type") not in ("web_hook", "webhook"):
        raise bad_request("Invalid value for channel type. Expected web_hook.", reason="invalid",
                          location="channel.type")
    if not body.get("id") or not body.get("address"):
        raise bad_request("A channel id and address are required.", reason="required", location="channel")
    now_ms = int(time.time() * 1000)
    wanted = int(body.get("expiration") or now_ms + DEFAULT_CHANNEL_SECONDS * 1000)
    expiration = min(wanted, now_ms + MAX_CHANNEL_SECONDS[kind] * 1000)
    channel = {"id": body["id"], "kind": kind, "address": body["address"], "token": body.get("token"),
               "resourceId": resource_id, "resourceUri": resource_uri, "expiration": str(expiration),
               "messageNumber": 0, **extra}
    st.channels[body["id"]] = channel
    call.store.dirty(model.NAMESPACE)
    channels.notify(channel, "sync")
    reply = {"kind": "api#channel", "id": channel["id"], "resourceId": resource_id, "resourceUri": resource_uri,
             "expiration": channel["expiration"]}
    if channel["token"]:
        reply["token"] = channel["token"]
    return Reply(200, reply)


@handles("drive.files.watch")
def files_watch(call):
    st = model.state(call.store)
    file = model.lookup(st, call.path["fileId"], call)
    uri = f"{call.base_url}/drive/v3/files/{file['id']}?alt=json"
    return _open_channel(call, "file", "r" + file["id"][1:20], uri, fileId=file["id"])


@handles("drive.changes.watch")
def changes_watch(call):
    token = call.query.get("pageToken", "")
    uri = f"{call.base_url}/drive/v3/changes?alt=json&pageToken={token}"
    return _open_channel(call, "changes", "changes-" + secrets.token_hex(8), uri, driveId=call.query.get("driveId"))


@handles("drive.channels.stop")
def channels_stop(call):
    st = model.state(call.store)
    body = call.json()
    channel = st.channels.get(body.get("id", ""))
    if channel is None or channel["resourceId"] != body.get("resourceId"):
        raise ApiError(404, f"Channel '{body.get('id')}' not found for project 'turfbook-emulator'",
                       reason="notFound")
    del st.channels[channel["id"]]
    call.store.dirty(model.NAMESPACE)
    return Reply(204, b"")
