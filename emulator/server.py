"""The emulator's HTTP server: routing, auth, faults, quotas, validation, stats, then the handler."""

from __future__ import annotations

import os
import socket
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from turfbook_emulator import batch, control, discovery, jsonwire, registry, reply_shape, schema_check, sheet_access
from turfbook_emulator.auth import Keys, TokenError, Tokens
from turfbook_emulator.datalock import DataLock
from turfbook_emulator.errors import ApiError
from turfbook_emulator.faults import Faults, delay
from turfbook_emulator.heap import hold, paused
from turfbook_emulator.identity import Delegation
from turfbook_emulator.oauth import OAuth
from turfbook_emulator.quotas import Quotas
from turfbook_emulator.registry import Call, Reply
from turfbook_emulator.stats import Stats
from turfbook_emulator.store import Store
from turfbook_emulator.wire import Limited as _Limited
from turfbook_emulator.wire import query as _query

# iamcredentials' access boundary lookup (google-auth, after each token refresh): Google's "no-op" boundary
NO_ACCESS_BOUNDARY = {"locations": [], "encodedLocations": "0x0"}
MAX_JSON_BODY = 10 * 1024 * 1024  # Sheets: "Request payload size exceeds the limit: 10485760 bytes."


class DropConnection(Exception):
    """Close the socket without an answer (fault injection)."""


class Emulator:
    def __init__(self, data_dir: str | Path, host: str = "127.0.0.1", port: int = 8765,
                 quota_scale: float = 1.0, verbose: bool = False):
        import turfbook_emulator.apis  # noqa: F401 - registers the API handlers and views

        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.verbose = verbose
        self.lock = DataLock(self.data_dir).acquire()   # one emulator per data folder (DataFolderBusy)
        try:
            self._open(host, port, quota_scale)
        except BaseException:
            if getattr(self, "store", None) is not None:
                self.store.close()
            self.lock.release()
            raise
        self.lock.announce(self.base_url)
        self._thread: threading.Thread | None = None

    def _open(self, host: str, port: int, quota_scale: float) -> None:
        self.store = Store(self.data_dir)
        self.keys = Keys(self.data_dir)
        self.delegation = Delegation(self.data_dir)
        self.oauth = OAuth(self.data_dir)
        self.tokens = Tokens(self.keys, self.store.get("auth", dict), self.delegation, self.oauth)
        self.stats = Stats()
        self.quotas = Quotas(quota_scale)
        self.faults = Faults()
        self.check_schema = schema_check.mode()  # test mode: responses checked against discovery
        self.protojson = os.environ.get("TURFBOOK_EMULATOR_PROTOJSON", "1") != "0"  # 0: keep default fields
        self.httpd = _Server((host, port), _Handler)
        self.httpd.emulator = self
        self.host, self.port = self.httpd.server_address[:2]
        self.base_url = f"http://{self.host}:{self.port}"
        self.credentials_path = self.data_dir / "credentials.json"
        self.keys.write_credentials(self.credentials_path, self.base_url)
        self.oauth.write_files(self.base_url)

    def serve_forever(self) -> None:
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.store.close()
            self.lock.release()

    def start(self) -> Emulator:
        """Serve from a background thread (for embedding in a test process)."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)
        self.store.close()
        self.lock.release()

    def reset(self) -> None:
        with self.store.lock:
            self.store.reset()
            self.tokens.issued = self.store.get("auth", dict)
            self.delegation.reset()
            for resetter in registry.RESETTERS:
                resetter(self)
        self.stats.reset()
        self.quotas.reset()
        self.faults.clear(dropping=True)

    # ----- one API call --------------------------------------------------------------------
    def call(self, http_method: str, raw_path: str, query: dict[str, str], headers, body: bytes,
             stream=None, length: int = 0, in_batch: bool = False) -> Reply:
        found = discovery.match(http_method, raw_path)
        if found is None and raw_path.startswith("/upload/") and "upload_id" in query:
            found = discovery.match("POST", raw_path) or discovery.match("PATCH", raw_path)
        if found is None:
            raise ApiError(404, f"The requested URL {raw_path} was not found on this server.",
                           reason="notFound")
        route, path_params = found
        principal = self.tokens.principal(headers.get("Authorization"))
        self._check_scopes(route, principal)
        self.stats.call(route.method_id, http_method)
        fault = self.faults.take(route.method_id)
        if delay(fault) or (fault and fault.drop == "before"):
            raise DropConnection
        if fault and fault.status:
            raise ApiError(fault.status, fault.message or _fault_message(fault.status))
        self.quotas.charge(route.api, http_method, principal.get("sub", "anonymous"))
        coerced = discovery.coerce_query(route, query)
        handler_name = "_upload_session" if "upload_id" in query else (route.handler or route.method_id)
        handler = registry.HANDLERS.get(handler_name)
        if handler is None:
            raise ApiError(501, f"Method {route.method_id} is not implemented by the Turfbook emulator.")
        call = Call(self, route, http_method, path_params, coerced, headers, principal, body, stream, length)
        call.wire = not in_batch and not self.check_schema
        with paused():  # the body's rows parsed, stored and frozen with no collection walking them
            if body and not route.upload and handler_name != "_upload_session":
                discovery.validate_body(route, call.json())
            with self.store.lock:
                if route.api == "sheets" and path_params.get("spreadsheetId"):
                    sheet_access.check(self, path_params["spreadsheetId"], principal, route.method_id)
                reply = handler(call)
                hold()
        self.store.touch()
        if not isinstance(reply, Reply):
            reply = Reply(body=reply)
        if fault and fault.drop == "after":
            raise DropConnection
        return reply_shape.shape(self, route, coerced.get("fields"), reply)

    def _check_scopes(self, route, principal) -> None:
        needed = set(discovery.method_scopes(route))
        if needed and principal.get("scopes") and not needed & set(principal["scopes"]):
            raise ApiError(403, "Request had insufficient authentication scopes.",
                           reason="insufficientPermissions", status="PERMISSION_DENIED")


def _fault_message(status: int) -> str:
    return {
        429: "Quota exceeded (injected fault).",
        500: "Internal error encountered.",
        503: "The service is currently unavailable.",
    }.get(status, f"Injected fault {status}.")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128
    emulator: Emulator


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "TurfbookEmulator/1.0"
    disable_nagle_algorithm = True
    server: _Server

    def log_message(self, fmt, *args):  # quiet unless --verbose
        if self.server.emulator.verbose:
            sys.stderr.write("emulator: " + (fmt % args) + "\n")

    def do_GET(self):
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _handle(self):
        emulator = self.server.emulator
        emulator.stats.http_request()
        parts = urlsplit(self.path)
        raw_path, query = parts.path, _query(parts.query)
        api = "drive" if "/drive/" in raw_path else "gmail" if "/gmail/" in raw_path else "sheets"
        length = int(self.headers.get("Content-Length") or 0)
        is_stream = raw_path.startswith("/upload/") and query.get("uploadType") != "multipart"
        stream = None
        try:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                body = self._read_chunked()
                length, is_stream = len(body), False
            elif is_stream:
                body = b""
            else:
                if length > MAX_JSON_BODY and not raw_path.startswith("/upload/"):
                    self._drain(length)
                    raise ApiError(413, f"Request payload size exceeds the limit: {MAX_JSON_BODY} bytes.")
                body = self.rfile.read(length) if length else b""
            if raw_path == "/token" and self.command == "POST":
                return self._token(body)
            if raw_path == "/o/oauth2/auth" and self.command == "GET":
                return self._send(emulator.oauth.consent(query))
            if raw_path.startswith("/v1/projects/") and raw_path.endswith("/allowedLocations"):
                emulator.tokens.principal(self.headers.get("Authorization"))
                return self._send(Reply(body=NO_ACCESS_BOUNDARY))
            if raw_path.startswith("/_emulator/"):
                return self._send(control.handle(emulator, self.command, raw_path, query, body))
            if raw_path.startswith("/batch/"):
                return self._send(batch.handle(emulator, raw_path, self.headers, body))
            if self.command == "GET" and not raw_path.startswith(("/v4/", "/drive/", "/gmail/", "/upload/")):
                return self._send(control.view(emulator, raw_path, query))
            stream = _Limited(self.rfile, length) if is_stream else None
            reply = emulator.call(self.command, raw_path, query, self.headers, body, stream, length)
            if stream is not None:
                stream.drain()
            self._send(reply)
        except DropConnection:
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        except ApiError as exc:
            if stream is not None:      # an unread upload body would be parsed as the next request
                try:
                    stream.drain()
                except (ConnectionError, TimeoutError):
                    self.close_connection = True
                    return
            self._send(Reply(exc.code, exc.body(api), dict(exc.headers)))
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # a bug in the emulator: answer like Google's 500, keep serving
            traceback.print_exc()
            self._send(Reply(500, ApiError(500, f"Internal error encountered. ({exc})").body(api)))

    def _read_chunked(self) -> bytes:
        out = bytearray()
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return bytes(out)
            out += self.rfile.read(size)
            self.rfile.readline()

    def _drain(self, length: int) -> None:
        while length > 0:
            chunk = self.rfile.read(min(length, 1 << 20))
            if not chunk:
                break
            length -= len(chunk)

    def _token(self, body: bytes) -> None:
        emulator = self.server.emulator
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        try:
            with emulator.store.lock:  # the flusher pickles the token table under this lock
                answer = emulator.tokens.exchange(form, emulator.base_url + "/token", self.headers.get("Authorization"))
                emulator.store.dirty("auth")
            self._send(Reply(200, answer))
        except TokenError as exc:
            self._send(Reply(exc.status, {"error": exc.error, "error_description": exc.description}))

    def _send(self, reply: Reply) -> None:
        body = reply.body
        if isinstance(body, dict | list):
            payload = jsonwire.dumps(body)
            content_type = reply.content_type or "application/json; charset=UTF-8"
            chunks, length = [payload], len(payload)
        elif isinstance(body, str):
            payload = body.encode("utf-8")
            content_type = reply.content_type or "text/html; charset=utf-8"
            chunks, length = [payload], len(payload)
        else:
            chunks = reply.chunks()
            content_type = reply.content_type or "application/octet-stream"
            length = reply.length if reply.length is not None else sum(len(c) for c in chunks)
        self.server.emulator.stats.answering()
        self.send_response(reply.status)
        if reply.status != 204:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length if reply.status != 204 else 0))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if reply.status != 204 and self.command != "HEAD":
            for chunk in chunks:
                self.wfile.write(chunk)
        self.server.emulator.stats.answered()      # its time goes to the API method served, if any
