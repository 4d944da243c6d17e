"""Drive push → web app → scheduler: the scheduler opens a changes.watch channel pointed at
/webhooks/drive; a new file in the shared drive makes the emulator POST a notification; the
webhook notes it, the scheduler's look at the change log finds the upload and records a debounced
filing request; the scheduler's poll runs filing with trigger webhook."""

from __future__ import annotations

import io
import threading
import time
from datetime import UTC, datetime, timedelta

from werkzeug.serving import make_server

from tests.support.emulator import free_port
from tests.support.web import CHANNEL, make_app
from turfbook.history import DRIVE_LOG
from turfbook.jobs import JobResult
from turfbook.jobs.filing_changes import InboxChanges
from turfbook.jobs.registry import Registry, Runner
from turfbook.scheduler import DriveWatch, run_requested
from turfbook.workspace import connect
from turfbook.workspace.drive import Drive


def test_drive_change_requests_a_filing_run_that_the_scheduler_runs(config, emulator):
    port = free_port()
    config = config.model_copy(update={"web": config.web.model_copy(update={"base_url": f"http://127.0.0.1:{port}"})})
    drive = Drive(connect(config))
    drive.shared_drive(create=True)
    app = make_app(config)
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        watch = DriveWatch(config, CHANNEL)
        channel = watch.renew()
        assert channel["id"].startswith("turfbook-")
        history = app.extensions["turfbook"].history
        watch.history = history
        inbox = drive.folder(config.google.drive.inbox)
        channel = watch.renew()                                     # saves the change log's position
        assert history.page_token(DRIVE_LOG) == channel["startPageToken"]
        changes = InboxChanges(config, history)
        assert not changes.check()                                  # the "sync" message asks for nothing
        drive.upload(io.BytesIO(b"\xff\xd8\xff\xe0" + bytes(1000)), "IMG_1.jpg", inbox, "image/jpeg")
        deadline = time.monotonic() + 10
        while not changes.check() and time.monotonic() < deadline:   # push → webhook → change log → request
            time.sleep(0.05)
        due = history.pending_request("filing")
        assert due is not None and due > datetime.now(UTC)
        assert watch.renew()["id"] != channel["id"]                 # renewal opens a new channel, stops the old
    finally:
        server.shutdown()

    calls = []

    def filing(workspace, **options):
        calls.append(options)
        return JobResult(job="filing", counts={"filed": 1})

    runner = Runner(config, Registry({"filing": filing}), history, connect=lambda c: None)
    run_requested(runner)
    assert calls == []                                               # not due yet (debounced)
    history.request("filing", timedelta(0), timedelta(0))          # as if the debounce had passed
    run_requested(runner)
    assert len(calls) == 1
    [run] = history.recent()
    assert (run.job, run.trigger, run.status) == ("filing", "webhook", "ok")
    assert history.pending_request("filing") is None


def test_channel_is_opened_once_the_shared_drive_exists(emulator, tmp_path):
    config = emulator.config(tmp_path, shared_drive_made=False)
    watch = DriveWatch(config, CHANNEL)
    watch.maintain()                                   # no shared drive yet: logged, retried later
    assert watch.channel is None
    Drive(connect(config)).shared_drive(create=True)
    watch.maintain()
    first = watch.channel
    assert first is not None and watch.expires > datetime.now(UTC) + timedelta(hours=23)
    watch.maintain()                                   # still fresh: nothing to do
    assert watch.channel is first
