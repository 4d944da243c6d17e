"""`turfbook demo` says why it cannot start, in one line, exit 2 (issue 23, item 3): here the configured
emulator port is taken by something that is not an emulator, so it starts none and names the port's owner."""

from __future__ import annotations

import os
import socket
import threading

import yaml

from turfbook.cli import main


def test_an_emulator_that_cannot_start_is_a_one_line_setup_error(tmp_path, monkeypatch, capsys):
    squatter = socket.socket()
    squatter.bind(("127.0.0.1", 0))
    squatter.listen()
    port = squatter.getsockname()[1]

    def hang_up():
        while True:
            try:
                connection, _ = squatter.accept()
            except OSError:
                return
            connection.close()
    threading.Thread(target=hang_up, daemon=True).start()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TURFBOOK_CONFIG", raising=False)
    (tmp_path / "config.yaml").write_text(yaml.safe_dump({
        "google": {"endpoint": f"http://127.0.0.1:{port}", "credentials_file": ".turfbook/emulator/credentials.json"},
        "data_dir": ".turfbook"}))
    try:
        assert main(["demo"]) == 2
    finally:
        squatter.close()
        main(["demo", "stop"])
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(
        f"setup error: port {port} (google.endpoint http://127.0.0.1:{port}) is in use by pid {os.getpid()} (")
    assert "set google.endpoint to a free port" in err and "el puerto" in err
    assert not (tmp_path / ".turfbook" / "emulator" / "emulator.pid").exists()     # it started no emulator
