"""Point the real client libraries at `google.endpoint` (the emulator) or at Google.

googleapiclient: the bundled discovery document with rootUrl replaced, so ordinary calls,
media uploads and batch requests all go to the endpoint. gspread: a requests adapter that
rewrites Google's hosts. With an endpoint set, proxy variables are ignored.
"""

from __future__ import annotations

import http.client
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import google_auth_httplib2
import googleapiclient
import httplib2
import msgspec
import orjson
from googleapiclient.discovery import build_from_document
from googleapiclient.model import JsonModel

if TYPE_CHECKING:      # requests (~0.05-0.1 s to import) only where a session is made: the jobs use httplib2
    import requests
    from google.auth.transport.requests import AuthorizedSession

from turfbook import usercache
from turfbook.config import Config
from turfbook.workspace.auth import credentials

# Turfbook does its own retries (retry.py). httplib2's silent re-send of a request whose
# connection dropped before the status line would apply a write twice, so turn it off.
# RETRIES=1 is not enough: httplib2 re-sends once more on BadStatusLine/RemoteDisconnected
# "regardless of RETRIES" (and re-sends an already-consumed upload stream as an empty body,
# which hangs). The connection classes below turn that case into a plain ConnectionResetError.
httplib2.RETRIES = 1


def _no_silent_resend(base):
    class Connection(base):
        def request(self, *args, **kwargs):
            try:
                return super().request(*args, **kwargs)
            except OSError:
                self.close()  # a dead socket must not be reused by the next call
                raise

        def getresponse(self):
            try:
                return super().getresponse()
            except http.client.BadStatusLine as exc:  # includes RemoteDisconnected
                raise ConnectionResetError(f"connection closed before a response ({exc!r})") from exc

    Connection.__name__ = base.__name__
    return Connection


_CONNECTIONS = {"http": _no_silent_resend(httplib2.HTTPConnectionWithTimeout),
                "https": _no_silent_resend(httplib2.HTTPSConnectionWithTimeout)}


class _Http(httplib2.Http):
    """httplib2 without the silent re-send; with an endpoint, every Google host goes there.

    google-auth makes calls of its own through this object (token refresh, the regional access
    boundary lookup at iamcredentials.googleapis.com), so rewriting the discovery root is not enough.
    """

    endpoint: str | None = None

    def request(self, uri, method="GET", body=None, headers=None, redirections=httplib2.DEFAULT_MAX_REDIRECTS,
                connection_type=None):
        if self.endpoint:
            uri = rewrite(uri, self.endpoint)
        if connection_type is None:
            connection_type = _CONNECTIONS["https" if uri.startswith("https:") else "http"]
        return super().request(uri, method, body, headers, redirections, connection_type)

DOCUMENTS = {("sheets", "v4"): "sheets.v4.json", ("drive", "v3"): "drive.v3.json", ("gmail", "v1"): "gmail.v1.json"}
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com", "https://gmail.googleapis.com",
                "https://oauth2.googleapis.com", "https://iamcredentials.googleapis.com")
TIMEOUT_SECONDS = 120
# a change to what _document makes of a bundled document must change this name (2: sealed entries)
DOCUMENT_KIND = "discovery2"


@cache
def _document(api: str, version: str) -> bytes:
    """The bundled discovery document without its prose: googleapiclient turns every "description"
    into method docstrings, pretty-printing the request and response schemas into each (~50 MB for
    Sheets, held for the life of the process). Only docstrings read them; a property or parameter
    *named* description (a dict, not text) is kept. The schemas are kept one level deep (issue 22):
    googleapiclient reads a schema only to pretty-print it into a docstring (the request body is sent
    as given, never checked against it) and, for a `list` method, to find `nextPageToken` among the
    response's top-level properties; the nested pretty-printing cost ~25 ms of every job's start.
    The result is kept in the user's cache (usercache.py, ~8 ms of CPU a process for Sheets), named by
    the bundled file's path, size and mtime: a googleapiclient upgrade makes it afresh."""
    source = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / DOCUMENTS[(api, version)]
    info = source.stat()
    entry = usercache.key(DOCUMENT_KIND, f"{source}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    blob = usercache.read(entry)
    if blob is not None:
        try:
            orjson.loads(blob)
            return blob
        except Exception:               # noqa: S110 - any doubt: made and written afresh
            pass
    doc = _without_prose(orjson.loads(source.read_bytes()))
    doc["schemas"] = {name: _shallow(schema) for name, schema in doc.get("schemas", {}).items()}
    blob = orjson.dumps(doc)
    usercache.write(entry, blob)
    return blob


_SCALARS = ("string", "integer", "number", "boolean")


def _shallow(schema: dict) -> dict:
    """A schema with its properties' names and types only (no nested schemas, `$ref`s or items)."""
    out = {k: v for k, v in schema.items() if k not in ("properties", "additionalProperties", "items")}
    if "properties" in schema:
        out["properties"] = {name: {"type": prop["type"] if prop.get("type") in _SCALARS else "any"}
                             for name, prop in schema["properties"].items()}
    return out


def _without_prose(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_prose(v) for k, v in node.items() if not (k == "description" and isinstance(v, str))}
    if isinstance(node, list):
        return [_without_prose(v) for v in node]
    return node


def api_client(config: Config, api: str, version: str, creds=None):
    """A googleapiclient Resource for the API, talking to the configured endpoint."""
    doc = orjson.loads(_document(api, version))
    endpoint = config.google.endpoint
    if endpoint:
        root = endpoint.rstrip("/") + "/"
        doc["rootUrl"] = doc["mtlsRootUrl"] = root
        doc["baseUrl"] = root + doc["servicePath"]
    http = _Http(timeout=TIMEOUT_SECONDS, proxy_info=None if endpoint else httplib2.proxy_info_from_environment)
    http.endpoint = endpoint
    http.redirect_codes = http.redirect_codes - {308}  # resumable uploads answer 308
    authed = google_auth_httplib2.AuthorizedHttp(creds or credentials(config), http=http)
    return build_from_document(doc, http=authed, model=FastJsonModel())


class FastJsonModel(JsonModel):
    """googleapiclient's JsonModel, reading responses with msgspec (a 100k-row values.batchGet: ~0.06 s of CPU
    against orjson's ~0.085 and json.loads' ~0.1, issue 22; the same values as json.loads, integers past 64 bits
    whole too, where orjson gave a float). Anything msgspec refuses goes to JsonModel as before, so the answer
    is the same: the parsed body, or the text when it is not JSON."""

    def serialize(self, body_value):
        """The request body as JSON text, by orjson (a 100k-row values.batchUpdate: ~5x faster than json.dumps);
        json.dumps (compact too) when the text would not be plain ASCII (it escapes; a str body is sent as
        Latin-1), JsonModel's own when orjson refuses the value. A JsonText (json_text) is that text already."""
        if body_value.__class__ is JsonText:
            return str(body_value)
        if self._data_wrapper and isinstance(body_value, dict) and "data" not in body_value:
            return super().serialize(body_value)
        try:
            text = orjson.dumps(body_value)
        except TypeError:
            return super().serialize(body_value)
        return text.decode("ascii") if text.isascii() else json.dumps(body_value, separators=(",", ":"))

    def deserialize(self, content):
        try:
            body = _decode(content)
        except (msgspec.DecodeError, RecursionError):    # not JSON, a number past a double (json.loads: inf), a
            return super().deserialize(content)         # lone surrogate, nesting too deep: json.loads says
        if self._data_wrapper and "data" in body:
            body = body["data"]
        return body


_decode = msgspec.json.Decoder().decode


class JsonText(str):
    """A request body as FastJsonModel.serialize sends it, made before the call (json_text)."""


def json_text(body: dict) -> dict | JsonText:
    """`body` serialized now, for a call with a big body (values.batchUpdate): googleapiclient turns every
    argument of a call into text while it builds the request, the body too, and throws that away (`str(body)`:
    the repr of a 200k-cell write, ~0.05 s of CPU a call, more than its JSON); a str subclass is only copied.
    The very text FastJsonModel.serialize (api_client's: no data wrapper) would send; `body` as it is when that
    falls back to JsonModel's."""
    try:
        text = orjson.dumps(body)
    except TypeError:
        return body
    return JsonText(text.decode("ascii") if text.isascii() else json.dumps(body, separators=(",", ":")))


@cache
def _endpoint_adapter() -> type:
    """The requests adapter class rewriting https://*.googleapis.com to the emulator's base URL (made on
    first use, so importing this module does not import requests)."""
    from requests.adapters import HTTPAdapter

    class EndpointAdapter(HTTPAdapter):
        def __init__(self, endpoint: str):
            super().__init__(pool_maxsize=16)
            self.endpoint = endpoint.rstrip("/")

        def send(self, request, **kwargs):
            request.url = rewrite(request.url, self.endpoint)
            return super().send(request, **kwargs)

    return EndpointAdapter


def rewrite(url: str, endpoint: str) -> str:
    for host in GOOGLE_HOSTS:
        if url.startswith(host):
            return endpoint.rstrip("/") + url[len(host):]
    return url


def _route_to_endpoint(session: requests.Session, endpoint: str | None) -> requests.Session:
    if endpoint:
        from requests.adapters import HTTPAdapter

        session.trust_env = False
        adapter = _endpoint_adapter()(endpoint)
        for host in GOOGLE_HOSTS:
            session.mount(host, adapter)
        session.mount(endpoint, HTTPAdapter(pool_maxsize=16))
    return session


def authorized_session(config: Config, creds=None) -> AuthorizedSession:
    import requests
    from google.auth.transport.requests import AuthorizedSession, Request

    endpoint = config.google.endpoint
    # google-auth's own calls (token refresh, access-boundary lookup) use a separate session.
    auth_request = Request(_route_to_endpoint(requests.Session(), endpoint)) if endpoint else None
    session = AuthorizedSession(creds or credentials(config), auth_request=auth_request)
    return _route_to_endpoint(session, endpoint)


def gspread_client(config: Config, creds=None):
    """A gspread Client whose HTTP goes to the configured endpoint."""
    import gspread
    from gspread.http_client import HTTPClient

    client = gspread.Client(auth=creds or credentials(config), http_client=HTTPClient)
    client.http_client.session = authorized_session(config, client.http_client.auth)
    return client


def plain_session(config: Config) -> requests.Session:
    import requests

    return _route_to_endpoint(requests.Session(), config.google.endpoint)
