"""Point the real client libraries at `google.endpoint` (the emulator) or at Google.

googleapiclient: the bundled discovery document with rootUrl replaced, so ordinary calls,
media uploads and batch requests all go to the endpoint. gspread: a requests adapter that
rewrites Google's hosts. With an endpoint set, proxy variables are ignored.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import google_auth_httplib2
import googleapiclient
import httplib2
import requests
from google.auth.transport.requests import AuthorizedSession
from googleapiclient.discovery import build_from_document
from requests.adapters import HTTPAdapter

from service.config import Config
from service.workspace.auth import credentials

# Turfbook does its own retries (retry.py). httplib2's silent re-send of a request whose
# connection dropped before the status line would apply a write twice, so turn it off.
httplib2.RETRIES = 1

DOCUMENTS = {("sheets", "v4"): "sheets.v4.json", ("drive", "v3"): "drive.v3.json", ("gmail", "v1"): "gmail.v1.json"}
GOOGLE_HOSTS = ("https://sheets.googleapis.com", "https://www.googleapis.com", "https://gmail.googleapis.com",
                "https://oauth2.googleapis.com")
TIMEOUT_SECONDS = 120


@cache
def _document(api: str, version: str) -> str:
    folder = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents"
    return (folder / DOCUMENTS[(api, version)]).read_text(encoding="utf-8")


def api_client(config: Config, api: str, version: str, creds=None):
    """A googleapiclient Resource for the API, talking to the configured endpoint."""
    doc = json.loads(_document(api, version))
    endpoint = config.google.endpoint
    if endpoint:
        root = endpoint.rstrip("/") + "/"
        doc["rootUrl"] = doc["mtlsRootUrl"] = root
        doc["baseUrl"] = root + doc["servicePath"]
    http = httplib2.Http(timeout=TIMEOUT_SECONDS, proxy_info=None if endpoint else httplib2.proxy_info_from_environment)
    http.redirect_codes = http.redirect_codes - {308}  # resumable uploads answer 308
    authed = google_auth_httplib2.AuthorizedHttp(creds or credentials(config), http=http)
    return build_from_document(doc, http=authed)


class _EndpointAdapter(HTTPAdapter):
    """Rewrites https://*.googleapis.com to the emulator's base URL."""

    def __init__(self, endpoint: str):
        super().__init__(pool_maxsize=16)
        self.endpoint = endpoint.rstrip("/")

    def send(self, request, **kwargs):
        for host in GOOGLE_HOSTS:
            if request.url.startswith(host):
                request.url = self.endpoint + request.url[len(host):]
                break
        return super().send(request, **kwargs)


def authorized_session(config: Config, creds=None) -> AuthorizedSession:
    session = AuthorizedSession(creds or credentials(config))
    endpoint = config.google.endpoint
    if endpoint:
        session.trust_env = False
        adapter = _EndpointAdapter(endpoint)
        for host in GOOGLE_HOSTS:
            session.mount(host, adapter)
        session.mount(endpoint, HTTPAdapter(pool_maxsize=16))
    return session


def gspread_client(config: Config, creds=None):
    """A gspread Client whose HTTP goes to the configured endpoint."""
    import gspread
    from gspread.http_client import HTTPClient

    client = gspread.Client(auth=creds or credentials(config), http_client=HTTPClient)
    client.http_client.session = authorized_session(config, client.http_client.auth)
    return client


def plain_session(config: Config) -> requests.Session:
    session = requests.Session()
    if config.google.endpoint:
        session.trust_env = False
    return session
