"""HTTP cases: a request to the web app (Flask test client, real emulator behind it) or to the
emulator itself, and the clear answer it must get. Nothing reaches Drive or the sheet on a refusal.

Placeholders in path, headers and body: {link} (Ana's valid upload link), {forged_link} (signed with
another key), {expired_link} (signed 500 days ago), {revoked_link} (an old link version), {csrf}
(the upload form's token for {link}), {login_csrf} (the login and logout forms' token), {admin} (the
right admin token), {spreadsheet} (emulator cases).
`expect.location`, when given, is the exact Location header the answer must carry; `expect.body_is` the
whole body (stripped).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine

from tests.corpus.outcomes import DataLost
from tests.support.web import ADMIN, ANA, LINK_KEY, link, make_app
from turfbook.links import Organizer, make_token


def _links() -> dict[str, str]:
    with time_machine.travel(datetime.now(UTC) - timedelta(days=500), tick=False):
        expired = "/u/" + make_token(LINK_KEY, ANA)
    old = Organizer(id=ANA.id, name=ANA.name, link_version=ANA.link_version + 7)
    return {"link": link(ANA), "forged_link": "/u/" + make_token("not-the-link-key-" + "0" * 20, ANA),
            "expired_link": expired, "revoked_link": "/u/" + make_token(LINK_KEY, old), "admin": ADMIN}


def _fill(text: str, values: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def _body(given: dict, folder, values: dict[str, str]) -> bytes:
    if "body_size" in given:
        return given.get("body_prefix", "").encode() + b"x" * int(given["body_size"])
    if "body_file" in given:
        data = (folder / given["body_file"]).read_bytes()
        return re.sub(rb"\{(\w+)\}", lambda m: values.get(m.group(1).decode(), m.group(0).decode()).encode(), data)
    body = _fill(given.get("body", ""), values)
    if given.get("crlf", True):
        body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    return body.encode("utf-8")


def _inbox_count(config) -> int:
    from tests.corpus.handlers import workspace
    from turfbook.workspace.drive import Drive

    drive = Drive(workspace(config))
    folder = drive.folder(config.google.drive.inbox, create=False)
    return 0 if folder is None else len(drive.list_folder(folder))


def app_request(case: dict, folder, config) -> None:
    from tests.corpus.handlers import workspace
    from turfbook.workspace.drive import Drive

    given, expect = case["input"], case["expect"]
    if given.get("max_upload_mb"):
        config = config.model_copy(update={"web": config.web.model_copy(update={"max_upload_mb":
                                                                                 given["max_upload_mb"]})})
    Drive(workspace(config)).shared_drive(create=True)
    client = make_app(config).test_client()
    values = _links()
    page = client.get(values["link"]).get_data(as_text=True)
    values["csrf"] = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    login = client.get("/login").get_data(as_text=True)
    values["login_csrf"] = re.search(r'name="csrf" value="([^"]+)"', login).group(1)
    before = _inbox_count(config)
    headers = {k: _fill(str(v), values) for k, v in (given.get("headers") or {}).items()}
    answer = client.open(_fill(given["path"], values), method=given.get("method", "GET"), headers=headers,
                         data=_body(given, folder, values))
    text = answer.get_data(as_text=True)
    assert answer.status_code == expect["status"], f"{answer.status_code}: {text[:300]}"
    assert expect["error"] in text, text[:500]
    if "body_is" in expect:
        assert text.strip() == expect["body_is"], text[:300]
    if "location" in expect:
        assert answer.headers.get("Location") == expect["location"], answer.headers.get("Location")
    for secret in (LINK_KEY, ADMIN):
        assert secret not in text
    if _inbox_count(config) != before + int(expect.get("stored", 0)):
        raise DataLost(f"the inbox had {before} file(s), now {_inbox_count(config)}")


def emulator_request(case: dict, folder, config) -> None:
    import requests
    from google.auth.transport.requests import Request
    from google.oauth2 import service_account

    from tests.corpus.handlers import workspace
    from turfbook.workspace.sheets import CellWrite, Sheets

    given, expect = case["input"], case["expect"]
    ws = workspace(config)
    sid = Sheets.create(ws, "corpus", ["Sheet1"])
    ws.sheets(sid).write([CellWrite("Sheet1!A1", [["keep me"]])])
    creds = service_account.Credentials.from_service_account_file(
        str(config.google.credentials_file), scopes=["https://www.googleapis.com/auth/spreadsheets",
                                                     "https://www.googleapis.com/auth/drive"])
    creds = creds.with_subject(config.google.delegated_user) if config.google.delegated_user else creds
    session = requests.Session()
    session.trust_env = False
    auth = given.get("auth", "service")
    headers = {k: str(v) for k, v in (given.get("headers") or {}).items()}
    if auth == "service":
        creds.refresh(Request(session))
        headers["Authorization"] = f"Bearer {creds.token}"
    elif auth == "forged":
        headers["Authorization"] = "Bearer ya29.forged-" + "A" * 40
    values = {"spreadsheet": sid}
    answer = session.request(given.get("method", "POST"), config.google.endpoint + _fill(given["path"], values),
                             data=_body(given, folder, values), headers=headers, timeout=30)
    assert answer.status_code == expect["status"], f"{answer.status_code}: {answer.text[:300]}"
    assert expect["error"] in answer.text, answer.text[:500]
    if answer.headers.get("Content-Type", "").startswith("application/json"):
        error = answer.json()["error"]
        assert error["code"] == expect["status"] and error["message"], error   # Google's error shape
    kept = ws.sheets(sid).read(["Sheet1!A1"])[0]
    if kept != [["keep me"]]:
        raise DataLost(f"Sheet1!A1 is now {kept!r}")
