"""Production gunicorn (`turfbook serve --gunicorn`, the Dockerfile's command, service/gunicorn_conf.py)
keeps answering /healthz within 2 s and still takes an upload while 200 slow clients hold connections:
100 send one header line every 2 s, 100 send an upload body a few bytes every 2 s. Bounded: ~20 s."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request

from tests.support.emulator import free_port
from tests.support.upload_workbook import LINK_KEY, photo, seed_workbook, web_config
from turfbook.links import Organizer, make_token

SLOW = 200
SLOW_FOR = 18.0


def _opener():
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _slow_client(port: int, body: bool, stop: threading.Event, opened: list) -> None:
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        return
    opened.append(1)
    try:
        if body:
            sock.sendall(b"POST /u/x HTTP/1.1\r\nHost: t\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                         b"Content-Length: 100000\r\n\r\n--b\r\n")
        else:
            sock.sendall(b"GET /healthz HTTP/1.1\r\n")
        while not stop.wait(2.0):
            sock.sendall(b"xxxx" if body else b"X-Slow: 1\r\n")
    except OSError:
        pass
    finally:
        sock.close()


def test_health_and_uploads_survive_200_slow_connections(emulator, tmp_path):
    base = emulator.config(tmp_path)
    spreadsheet_id = seed_workbook(base)
    port = free_port()
    config_file, env = web_config(emulator, tmp_path, spreadsheet_id, port)
    log = open(tmp_path / "gunicorn.log", "wb")  # noqa: SIM115 - closed below
    # the production command, as the Dockerfile runs it (on a loopback port)
    server = subprocess.Popen([sys.executable, "-m", "turfbook", "serve", "--gunicorn", "--host", "127.0.0.1",
                               "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _opener().open(url + "/healthz", timeout=2).read()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "gunicorn.log").read_text()
                time.sleep(0.2)
        opened: list = []
        for i in range(SLOW):
            threads.append(threading.Thread(target=_slow_client, args=(port, i % 2 == 1, stop, opened), daemon=True))
            threads[-1].start()
        connected = time.monotonic() + 10                  # every slow client holds its connection
        while len(opened) < SLOW and time.monotonic() < connected:
            time.sleep(0.05)
        assert len(opened) == SLOW
        slowest, started = 0.0, time.monotonic()
        while time.monotonic() - started < SLOW_FOR - 6:
            t0 = time.monotonic()
            with _opener().open(url + "/healthz", timeout=2) as answer:
                assert answer.status in (200, 503)     # 503 would be Google down, still an answer
            slowest = max(slowest, time.monotonic() - t0)
            time.sleep(0.5)
        assert slowest < 2.0

        token = make_token(LINK_KEY, Organizer("O-0001", "Ana Rivera", "ana@example.org", "en", 2))
        page = _opener().open(f"{url}/u/{token}", timeout=5).read().decode()
        csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        data = photo(tmp_path / "a.jpg", (200, 30, 30)).read_bytes()
        body = b"".join([
            b'--B\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n' + csrf.encode() + b"\r\n",
            b'--B\r\nContent-Disposition: form-data; name="worksite"\r\n\r\nLittle Stars Center\r\n',
            b'--B\r\nContent-Disposition: form-data; name="files"; filename="a.jpg"\r\n'
            b"Content-Type: image/jpeg\r\n\r\n" + data + b"\r\n--B--\r\n"])
        request = urllib.request.Request(f"{url}/u/{token}", data=body, method="POST", headers={
            "Content-Type": "multipart/form-data; boundary=B", "Accept": "application/json"})
        with _opener().open(request, timeout=10) as answer:
            assert answer.status == 200 and b'"received"' in answer.read()
        assert server.poll() is None
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)
        server.terminate()
        server.wait(timeout=30)
        log.close()
