"""Starting the CLI imports no Google client library, Flask or pydantic (issue 22: `turfbook --help`
<= 0.3 s); commands import what they need when they run. A fresh interpreter each, as a user starts it."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("googleapiclient", "gspread", "flask", "google.auth", "pydantic", "gunicorn")
PROBE = """
import runpy, sys
sys.argv = ["turfbook", *sys.argv[1:]]
try:
    runpy.run_module("turfbook", run_name="__main__")
except SystemExit:
    pass
print(" ".join(sorted(m for m in sys.modules if m in {heavy})), file=sys.stderr)
"""


@pytest.mark.parametrize("argv", [["--help"], ["run", "overdue", "--help"], ["sheets", "--help"]], ids=" ".join)
def test_help_imports_no_google_client_flask_or_pydantic(argv):
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=set(HEAVY)), *argv], capture_output=True,
                          text=True, timeout=60)
    assert "Usage:" in done.stdout
    assert done.stderr.strip().rsplit("\n", 1)[-1] == ""


def test_the_jobs_google_path_imports_no_requests():
    """The jobs talk to Google through googleapiclient/httplib2: requests (and google-auth's requests
    transport) is imported only where a requests session is made (gspread, token checks)."""
    probe = ("import sys, turfbook.jobs.overdue, turfbook.jobs.digest, turfbook.workspace.transport; "
             "print(sorted(m for m in sys.modules if m == 'requests' or m == 'google.auth.transport.requests'))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_program_leaves_its_heap_out_of_the_shutdown_collection():
    """`turfbook` (main() with sys.argv) freezes the collector's objects as it returns, so the interpreter's
    shutdown does not scan the whole heap (~0.1 s a run, issue 22); main(argv), as tests and embedders call
    it, leaves the collector as it was."""
    probe = ("import gc, sys; from turfbook.cli import main; sys.argv = ['turfbook', '--help']; main(['--help']); "
             "before = gc.get_freeze_count(); main(); print(before, gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().rsplit("\n", 1)[-1] == "0 True", done.stderr


def test_the_jobs_google_path_leaves_httplib2s_digest_auth_parser_unloaded():
    """httplib2.auth (pyparsing and unittest behind it, ~0.1 s of every job's CPU) is a stand-in until a name
    in it is used; then it is the real module, reached through the stand-in and through httplib2 alike."""
    probe = ("import sys, turfbook.jobs.overdue, turfbook.jobs.digest, turfbook.workspace.transport, httplib2; "
             "print(sorted(m for m in sys.modules if m.startswith(('pyparsing', 'unittest')))); "
             "stand_in = sys.modules['httplib2.auth']; parse = stand_in._parse_www_authenticate; "
             "real = sys.modules['httplib2.auth']; "
             "print(real is httplib2.auth is not stand_in, parse is real._parse_www_authenticate, "
             "stand_in._parse_authentication_info is real._parse_authentication_info, 'pyparsing' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:2] == ["[]", "True True True True"], done.stderr


def test_httplib2_still_parses_a_digest_challenge_through_the_stand_in():
    from turfbook.workspace import deferred  # noqa: F401, I001 - first: the stand-in, if httplib2 is not imported
    import httplib2

    challenge = httplib2.auth._parse_www_authenticate(
        {"www-authenticate": 'Digest realm="r", nonce="n", qop="auth"'}, "www-authenticate")
    assert challenge["digest"]["realm"] == "r"


def test_the_jobs_google_path_leaves_x509_unloaded_until_a_certificate_is_read():
    """cryptography.x509 (~45 ms of CPU) is a stand-in on the jobs' path: signing with the service account's
    key does not load it; google-auth reading a certificate (`cryptography.x509.load_pem_x509_certificate`
    through the `cryptography` package's attribute) loads the real package and verifies as ever."""
    probe = """if True:
        import sys, json, tempfile, pathlib
        import turfbook.jobs.overdue, turfbook.jobs.digest, turfbook.workspace.transport
        from turfbook.config import Config
        from turfbook.workspace.auth import credentials
        from turfbook_emulator.auth import Keys
        folder = pathlib.Path(tempfile.mkdtemp())
        Keys(folder).write_credentials(folder / "c.json", "http://127.0.0.1:1")
        signer = credentials(Config(google={"credentials_file": str(folder / "c.json")})).signer
        signature = signer.sign(b"turfbook")
        print(type(sys.modules["cryptography.x509"]).__name__, "cryptography.x509.name" in sys.modules)
        import datetime as dt
        import cryptography
        from cryptography.hazmat.primitives import hashes, serialization
        from google.auth import crypt
        pem = json.loads((folder / "c.json").read_text())["private_key"].encode()
        key = serialization.load_pem_private_key(pem, None)
        x509 = cryptography.x509
        name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "t")])
        now = dt.datetime.now(dt.timezone.utc)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(1).not_valid_before(now).not_valid_after(now + dt.timedelta(days=1))
                .sign(key, hashes.SHA256()))
        verifier = crypt.RSAVerifier.from_string(cert.public_bytes(serialization.Encoding.PEM))
        print(type(sys.modules["cryptography.x509"]).__name__, verifier.verify(b"turfbook", signature),
              cryptography.x509 is sys.modules["cryptography.x509"])
    """
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:2] == ["_Deferred False", "module True True"], done.stderr


def test_the_jobs_google_path_leaves_asyncio_unloaded_until_used():
    """asyncio (~35 ms of CPU, imported by google-auth's credentials for its async refresh manager only) is a
    stand-in on the jobs' path; the first name used loads the real package, through which asyncio runs."""
    probe = ("import sys, turfbook.jobs.overdue, turfbook.workspace.transport, google.oauth2.service_account; "
             "print(sorted(m for m in sys.modules if m.startswith('asyncio.'))); import asyncio; "
             "from asyncio import sleep\nasync def three():\n    await sleep(0)\n    return 3\n"
             "print(asyncio.run(three()), sys.modules['asyncio'].run is asyncio.run, "
             "type(sys.modules['asyncio']) is type(sys))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.split("\n")[:2] == ["[]", "3 True True"], done.stderr


def test_a_job_run_imports_no_pydantic(tmp_path):
    """The config's settings are checked by turfbook.config_model (issue 22, perf22v: pydantic's import
    and model building were ~0.15-0.2 s of every job's CPU): a job run through the program loads no pydantic."""
    config = tmp_path / "config.yaml"
    config.write_text(f"data_dir: {tmp_path / 'data'}\ngoogle:\n  endpoint: http://127.0.0.1:9\n")
    probe = ("import sys; from turfbook.cli import main; sys.argv = ['turfbook', '--config', sys.argv[1], 'run', "
             "'overdue', '--dry-run']; main(); print('turfbook.jobs.overdue' in sys.modules, "
             "sorted(m for m in sys.modules if m.startswith('pydantic')))")
    done = subprocess.run([sys.executable, "-c", probe, str(config)], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().rsplit("\n", 1)[-1] == "True []", done.stderr



@pytest.mark.parametrize("program", [True, False], ids=["program", "main(argv)"])
def test_only_the_program_running_one_job_leaves_its_pauses_garbage_to_the_exit(tmp_path, program):
    """`turfbook run JOB` as the program (main() with sys.argv) ends with its one job: its collector pauses
    end without their scan (gcpause.leave_to_exit); main(argv), as tests and embedders call it, and a
    command that runs no job leave them as they were. The job here fails (no emulator at the endpoint)."""
    config = tmp_path / "config.yaml"
    config.write_text("google:\n  endpoint: http://127.0.0.1:9\n  spreadsheet_id: x\n", encoding="utf-8")
    argv = ["--config", str(config), "run", "overdue", "--dry-run"]
    probe = ("import sys; from turfbook import gcpause; from turfbook.cli import main; "
             f"sys.argv = ['turfbook', *{argv!r}]; main(['--help']); help_only = gcpause._ONE_RUN[0]; "
             f"code = main() if {program} else main({argv!r}); print(help_only, gcpause._ONE_RUN[0], code)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip().rsplit("\n", 1)[-1] == f"False {program} 2", done.stderr
