"""Where the upload page gets organizers, worksites and issues: the workbook, read in one call;
and `turfbook links`, which prints the organizers' signed links."""

from __future__ import annotations

import yaml

from service.cli import main
from service.links import read_token
from service.web.directory import WorkbookDirectory
from service.workspace import connect
from service.workspace.sheets import CellWrite, Sheets


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
                   "spreadsheet_id": spreadsheet_id},
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

    from service.demo.workbook import ensure_workbook, seed_workbook

    spreadsheet_id = ensure_workbook(connect(config), config)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})
    seed_workbook(connect(config), spreadsheet_id, people=10, conversations=10, worksites=3, seed=3,
                  today=dt.date(2026, 11, 23))
    listing = WorkbookDirectory(config).load()
    assert listing.organizers and all(o.id.startswith("O-") and o.language in {"en", "es"} for o in listing.organizers)
    assert len(listing.worksites) == 3 and listing.issues


def test_digest_preview_renders_the_real_workbook(config):
    import datetime as dt

    from service.demo.workbook import ensure_workbook, seed_workbook
    from service.web.digest_preview import _renderer
    from tests.unit.test_web_fixtures import bearer, make_app

    if _renderer() is None:
        import pytest

        pytest.skip("service.jobs.digest.render_preview is not installed")
    spreadsheet_id = ensure_workbook(connect(config), config)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})
    seed_workbook(connect(config), spreadsheet_id, people=10, conversations=20, worksites=3, seed=5,
                  today=dt.date.today())
    client = make_app(config).test_client()
    assert client.get("/digest/preview").status_code == 401
    page = client.get("/digest/preview?lang=es&period=day", headers=bearer())
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert "<html" in page.get_data(as_text=True).lower()


def test_digest_preview_never_links_a_script_typed_into_the_media_tab(config):
    import datetime as dt

    from service.demo.workbook import ensure_workbook, seed_workbook
    from service.web.digest_preview import _renderer
    from tests.unit.test_web_fixtures import bearer, make_app

    if _renderer() is None:
        import pytest

        pytest.skip("service.jobs.digest.render_preview is not installed")
    ws = connect(config)
    spreadsheet_id = ensure_workbook(ws, config)
    config = config.model_copy(update={"google": config.google.model_copy(update={"spreadsheet_id": spreadsheet_id})})
    seed_workbook(connect(config), spreadsheet_id, people=5, conversations=5, worksites=2, seed=5,
                  today=dt.date.today())
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
