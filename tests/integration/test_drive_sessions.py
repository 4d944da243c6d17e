"""Resumable sessions that survive an emulator restart, the offset query, and push channels."""

from __future__ import annotations

import hashlib
import io
import json
import os
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from googleapiclient.errors import HttpError
from googleapiclient.http import MediaIoBaseUpload

from tests.support.emulator import EmulatorProcess, free_port
from turfbook.workspace import Workspace, retry
from turfbook.workspace.drive import Drive

CHUNK = 256 * 1024


def test_resumable_session_survives_a_restart(tmp_path):
    port = free_port()
    first = EmulatorProcess.start(tmp_path / "emu", port=port)
    try:
        ws = Workspace(first.config(tmp_path), policy=retry.Policy(base=0.01, cap=0.05))
        drive = Drive(ws)
        inbox = drive.folder("Inbox", drive.shared_drive(create=True))
        data = os.urandom(5 * CHUNK + 1000)
        media = MediaIoBaseUpload(io.BytesIO(data), mimetype="application/pdf", chunksize=CHUNK, resumable=True)
        request = drive.files.create(body={"name": "r.pdf", "parents": [inbox]}, media_body=media,
                                     supportsAllDrives=True, fields="id,md5Checksum,size")
        for _ in range(3):
            assert request.next_chunk()[1] is None
        assert request.resumable_progress == 3 * CHUNK
    finally:
        first.stop()
    second = EmulatorProcess.start(tmp_path / "emu", port=port)
    try:
        request._in_error_state = True  # as after a lost connection: ask the session for its offset first
        response = None
        while response is None:
            try:
                _, response = request.next_chunk()
            except ConnectionResetError:
                pass  # the kept-alive connection to the old process is gone; the next step reconnects
        assert response == {"id": response["id"], "size": str(len(data)),
                            "md5Checksum": hashlib.md5(data).hexdigest()}  # noqa: S324
        assert second.stats()["by_method"]["drive.files.create"] == 4  # offset query + 3 chunks
    finally:
        second.stop()


def test_status_query_and_bad_ranges(config):
    ws = Workspace(config)
    drive = Drive(ws)
    inbox = drive.folder("Inbox", drive.shared_drive(create=True))
    media = MediaIoBaseUpload(io.BytesIO(b"a" * (2 * CHUNK)), mimetype="text/plain", chunksize=CHUNK, resumable=True)
    request = drive.files.create(body={"name": "q.txt", "parents": [inbox]}, media_body=media, supportsAllDrives=True)
    request.next_chunk()
    http = request.http
    resp, _ = http.request(request.resumable_uri, "PUT", headers={"Content-Range": f"bytes */{2 * CHUNK}",
                                                                   "Content-Length": "0"})
    assert resp.status == 308 and resp["range"] == f"bytes=0-{CHUNK - 1}"
    resp, _ = http.request(request.resumable_uri, "PUT", body=b"x" * 10,
                           headers={"Content-Range": f"bytes {CHUNK + 5}-{CHUNK + 14}/{2 * CHUNK}"})
    assert resp.status == 400
    resp, content = http.request(request.resumable_uri, "PUT", body=b"b" * CHUNK)  # no Content-Range: the rest
    assert resp.status == 200 and json.loads(content)["name"] == "q.txt"
    with pytest.raises(HttpError) as caught:
        request.resumable_uri += "nope"
        request.next_chunk()
    assert caught.value.resp.status == 404


class _Receiver(BaseHTTPRequestHandler):
    inbox: queue.Queue = queue.Queue()

    def do_POST(self):  # noqa: N802 - http.server's naming
        self.inbox.put(dict(self.headers.items()))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def receiver():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Receiver.inbox = queue.Queue()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", _Receiver.inbox
    server.shutdown()
    server.server_close()


def test_files_and_changes_watch_post_notifications(config, receiver):
    address, inbox = receiver
    ws = Workspace(config)
    drive = Drive(ws)
    folder = drive.folder("Watched", drive.shared_drive(create=True))
    api = ws.drive_api
    token = api.changes().getStartPageToken(supportsAllDrives=True).execute()["startPageToken"]
    channel = api.changes().watch(pageToken=token, supportsAllDrives=True, includeItemsFromAllDrives=True,
                                  body={"id": "chan-1", "type": "web_hook", "address": address,
                                        "token": "secret-token"}).execute()
    assert channel["kind"] == "api#channel" and channel["id"] == "chan-1"
    sync = inbox.get(timeout=5)
    assert sync["X-Goog-Resource-State"] == "sync" and sync["X-Goog-Channel-Token"] == "secret-token"
    api.files().watch(fileId=folder, supportsAllDrives=True,
                      body={"id": "chan-2", "type": "web_hook", "address": address}).execute()
    assert inbox.get(timeout=5)["X-Goog-Channel-ID"] == "chan-2"
    api.files().update(fileId=folder, body={"name": "Renamed"}, supportsAllDrives=True).execute()
    got = {inbox.get(timeout=5)["X-Goog-Channel-ID"]: None for _ in range(2)}
    assert set(got) == {"chan-1", "chan-2"}
    api.channels().stop(body={"id": "chan-1", "resourceId": channel["resourceId"]}).execute()
