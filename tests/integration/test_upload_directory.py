"""Where the upload page gets organizers, worksites and issues: the workbook, read in one call;
and `turfbook links`, which prints the organizers' signed links."""

from __future__ import annotations

import yaml

from turfbook.cli import main
from turfbook.links import read_token
from turfbook.web.directory import WorkbookDirectory
from turfbook.workspace import connect
from turfbook.workspace.sheets import CellWrite, Sheets


def workbook(config, tabs=("Organizers", "Worksites", "Issues")) -> str:
    ws = connect(config)
    spreadsheet_id = Sheets.create(ws, "Directory test", list(tabs))
    writes = {
        "Organizers": CellWrite("Organizers!A1", [
            ["ID", "Name", "Email", "Phone", "Language", "Gets digest", "Turf", "Link Version"],
            ["O-0001", "Ana Rivera", "ana@example.org", "", "ES", True, "Hartford", 3],
            ["O-0002", "Ben Cole", "", "", "", False, "", ""],
            ["", "", "", "", "", "", "", ""]]),
        "Worksites": CellWrite("Worksites!A1", [["ID", "Name"], ["W-0002", "maple street"], ["W-0001", "Ñandú Kids"],
                                                ["W-0003", "Ñandú Kids"]]),
        "Issues": CellWrite("Issues!A1", [["ID", "Name", "Description"], ["I-0001", "mould", "black mould"]]),
    }
    Sheets(ws, spreadsheet_id).write([writes[t] for t in tabs])
    return spreadsheet_id


def test_directory_reads_the_workbook_by_header_names(config, emulator):
    config = config.model_copy(update={"google": config.google.model_copy(
        update={"spreadsheet_id": workbook(config)})})
    directory = WorkbookDirectory(config)
    emulator.reset_stats()
    listing = directory.load()
    assert [(o.id, o.name, o.language, o.link_version) for o in listing.organizers] == [
        ("O-0001", "Ana Rivera", "es", 3), ("O-0002", "Ben Cole", "", 0)]
    assert listing.worksites == ["maple street", "Ñandú Kids"] and listing.issues == ["mould"]
    directory.load()                                   # cached
    assert emulator.stats()["by_method"] == {"sheets.spreadsheets.values.batchGet": 1}
    directory.ping()


def test_directory_copes_with_a_missing_tab(config):
    config = config.model_copy(update={"google": config.google.model_copy(
        update={"spreadsheet_id": workbook(config, ("Organizers", "Worksites"))})})
    listing = WorkbookDirectory(config).load()
    assert len(listing.organizers) == 2 and listing.issues == []


def test_links_command_prints_one_signed_link_per_organizer(config, tmp_path, capsys, monkeypatch):
    spreadsheet_id = workbook(config)
    config_file = tmp_path / "config.yaml"
    config_file.write_text(yaml.safe_dump({
        "google": {"endpoint": config.google.endpoint, "credentials_file": str(config.google.credentials_file),
                   "delegated_user": config.google.delegated_user, "spreadsheet_id": spreadsheet_id},
        "web": {"base_url": "https://turf.example.org"}, "data_dir": str(tmp_path)}))
    monkeypatch.setenv("TURFBOOK_LINK_KEY", "cli-link-key")
    assert main(["--config", str(config_file), "links"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == ["Ana Rivera", "Ben Cole"]
    url = lines[0].split("\t")[-1]
    assert url.startswith("https://turf.example.org/u/")
    assert read_token("cli-link-key", url.rsplit("/", 1)[1]) == ("O-0001", 3)
    monkeypatch.delenv("TURFBOOK_LINK_KEY")
    assert main(["--config", str(config_file), "links"]) == 2


def test_directory_reads_the_real_schema_workbook(config):
    """Header names come from sheets_schema/workbook.yaml: catch a rename that would break the page."""
    import datetime as dt

    from turfbook.demo.workbook import ensure_workbook, seed_workbook

    spreadsheet_id = ensure_workbook(connect(config), config)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})
    seed_workbook(connect(config), spreadsheet_id, people=10, conversations=10, worksites=3, seed=3,
                  today=dt.date(2026, 11, 23))
    listing = WorkbookDirectory(config).load()
    assert listing.organizers and all(o.id.startswith("O-") and o.language in {"en", "es"} for o in listing.organizers)
    assert len(listing.worksites) == 3 and listing.issues


def test_digest_preview_renders_the_real_workbook(config):
    from tests.support.web import bearer, make_app
    from turfbook.clock import Clock
    from turfbook.demo.workbook import ensure_workbook, seed_workbook

    spreadsheet_id = ensure_workbook(connect(config), config)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})
    seed_workbook(connect(config), spreadsheet_id, people=10, conversations=20, worksites=3, seed=5,
                  today=Clock.for_config(config).today())
    client = make_app(config).test_client()
    assert client.get("/digest/preview").status_code == 401
    page = client.get("/digest/preview?lang=es&period=day", headers=bearer())
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "<html" in page.get_data(as_text=True).lower()


def test_digest_preview_never_links_a_script_typed_into_the_media_tab(config):
    from tests.support.web import bearer, make_app
    from turfbook.clock import Clock
    from turfbook.demo.workbook import ensure_workbook, seed_workbook

    ws = connect(config)
    spreadsheet_id = ensure_workbook(ws, config)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})
    seed_workbook(connect(config), spreadsheet_id, people=5, conversations=5, worksites=2, seed=5,
                  today=Clock.for_config(config).today())
    sheets = Sheets(connect(config), spreadsheet_id)
    rows = sheets.read(["Media!A:Z"])[0]
    header = [str(h).strip().lower() for h in rows[0]]
    row = [""] * len(header)
    for name, value in (("original name", "evil.jpg"), ("status", "needs review"),
                        ("link", "javascript:alert(document.domain)")):
        row[header.index(name)] = value
    sheets.write([CellWrite(f"Media!A{len(rows) + 1}", [row])])
    page = make_app(config).test_client().get("/digest/preview", headers=bearer())
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "evil.jpg" in html
    assert "javascript:" not in html


# -- revoked and unknown links cost no reads; revocation within CACHE_SECONDS --------------------
class Monotonic:
    """A monotonic clock the test moves (cache ages use time.monotonic(), never the wall clock)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _directory_app(config, emulator):
    from tests.support.web import make_app
    from turfbook.web.directory import WorkbookDirectory

    config = config.model_copy(update={"google": config.google.model_copy(
        update={"spreadsheet_id": workbook(config)})})
    clock = Monotonic()
    app = make_app(config, directory=WorkbookDirectory(config, monotonic=clock))
    emulator.reset_stats()
    return config, app.test_client(), clock


def _reads(emulator) -> int:
    return emulator.stats()["by_method"].get("sheets.spreadsheets.values.batchGet", 0)


def _link(version: int, organizer_id: str = "O-0001") -> str:
    from tests.support.web import LINK_KEY
    from turfbook.links import Organizer, make_token

    return "/u/" + make_token(LINK_KEY, Organizer(id=organizer_id, name="x", link_version=version))


JSON = {"Accept": "application/json", "Accept-Language": "en"}


def test_ninety_requests_on_a_revoked_link_cost_at_most_one_directory_read(config, emulator):
    _, client, clock = _directory_app(config, emulator)
    for _ in range(90):                                   # Ana's sheet version is 3: version 2 was replaced
        clock.now += 0.3 / 90
        answer = client.get(_link(2), headers=JSON)
        assert answer.status_code == 403 and answer.json["reason"] == "revoked"
    assert _reads(emulator) <= 1
    for _ in range(90):                                   # an organizer the sheet does not have
        answer = client.get(_link(0, "O-9999"), headers=JSON)
        assert answer.status_code == 403
    assert _reads(emulator) <= 1
    client.post(_link(2), headers=JSON, data=b"x", content_type="multipart/form-data; boundary=b")
    assert _reads(emulator) <= 1


def test_a_stream_of_bad_links_rereads_the_workbook_at_most_every_refresh_interval(config, emulator):
    from turfbook.web.directory import CACHE_SECONDS, REFRESH_SECONDS

    _, client, clock = _directory_app(config, emulator)
    seconds = 0.0
    while seconds < 3 * CACHE_SECONDS:
        assert client.get(_link(9), headers=JSON).status_code == 403     # newer than the sheet's: asks afresh
        clock.now += 0.5
        seconds += 0.5
    assert _reads(emulator) <= 3 * CACHE_SECONDS / REFRESH_SECONDS + 1


def test_a_bumped_link_version_revokes_the_old_link_within_cache_seconds(config, emulator):
    from turfbook.web.directory import CACHE_SECONDS, REFRESH_SECONDS

    config, client, clock = _directory_app(config, emulator)
    old, new = _link(3), _link(4)
    assert client.get(old, headers=JSON).status_code == 200
    sheets = Sheets(connect(config), config.google.spreadsheet_id)
    sheets.write([CellWrite("Organizers!H2", [[4]])])       # the director bumps Ana's Link version
    clock.now += CACHE_SECONDS - 0.5
    assert client.get(old, headers=JSON).status_code == 200   # still inside the documented bound
    clock.now += 0.5
    answer = client.get(old, headers=JSON)                    # CACHE_SECONDS after: refused
    assert answer.status_code == 403 and answer.json["reason"] == "revoked"
    assert client.get(new, headers=JSON).status_code == 200

    sheets.write([CellWrite("Organizers!H2", [[5]])])       # bumped again: the newest link works
    clock.now += REFRESH_SECONDS                             # as soon as the directory may re-read,
    assert client.get(_link(5), headers=JSON).status_code == 200
    answer = client.get(new, headers=JSON)                   # and the one it replaced stops at once
    assert answer.status_code == 403 and answer.json["reason"] == "revoked"


def test_upload_links_are_rate_limited_per_link_and_per_address(config, emulator):
    from turfbook.web.ratelimit import RateLimit

    _, client, clock = _directory_app(config, emulator)
    limits = {"address": RateLimit(7, 60.0), "link": RateLimit(3, 60.0)}   # the 429s count too
    client.application.extensions["turfbook"].extra["upload_limits"] = limits
    link = _link(3)          # one link, minted once: a token carries its signing second, so re-minting
    for _ in range(3):       # across a second boundary would make another link with its own count
        assert client.get(link, headers=JSON).status_code == 200
    busy = client.get(link, headers=JSON)
    assert busy.status_code == 429 and 0 < int(busy.headers["Retry-After"]) <= 60
    assert "Wait" in busy.json["error"]
    spanish = client.get(link + "?lang=es")
    assert spanish.status_code == 429 and "Espere" in spanish.get_data(as_text=True)
    # every link of the organizer (another version, another spelling) is the organizer's one count
    assert client.get(_link(2), headers=JSON).status_code == 429
    assert client.get(_link(1), headers=JSON).status_code == 429
    assert client.get(_link(0), headers=JSON).status_code == 429     # (and the address is over its limit)
    assert len(limits["address"]) == 1 and len(limits["link"]) == 1


def test_a_replaced_link_of_a_spanish_speaking_organizer_says_so_in_spanish(config, emulator):
    """Issue 19 attack (revoke.py): Ana's language is ES in the workbook; her replaced link must say so in
    Spanish even when the browser does not ask for Spanish (upload page and the landing page's ?u=)."""
    import html

    _, client, _ = _directory_app(config, emulator)
    old = _link(2)                                           # her sheet version is 3
    for url in (old, "/?u=" + old.rsplit("/", 1)[1]):
        for headers in ({}, {"Accept-Language": "en-US,en;q=0.9"}):
            page = html.unescape(client.get(url, headers=headers).get_data(as_text=True))
            assert "Este enlace fue reemplazado" in page, (url, headers)
            assert "This upload link was replaced" not in page, (url, headers)
        english = html.unescape(client.get(url + ("&" if "?" in url else "?") + "lang=en").get_data(as_text=True))
        assert "This upload link was replaced" in english         # the page's own language switch still wins
