"""No secret material in the repository; config carries no secrets; the licence is there."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET_PATTERNS = [
    re.compile(r"-----BEGIN (RSA |EC |)PRIVATE KEY-----"),
    re.compile(r"ya29\.[A-Za-z0-9_-]{20,}"),
    re.compile(r"AIza[0-9A-Za-z_-]{35}"),
    re.compile(r'"private_key"\s*:\s*"-----BEGIN'),
]


def tracked_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return [ROOT / name for name in listed.splitlines() if (ROOT / name).is_file()]


def test_no_private_keys_or_tokens_are_committed():
    offenders = []
    for path in tracked_files():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for pattern in SECRET_PATTERNS:
            if pattern.search(text) and "SECRET_PATTERNS" not in text:
                offenders.append(f"{path.relative_to(ROOT)}: {pattern.pattern}")
    assert offenders == []


def test_config_yaml_has_no_secret_keys():
    text = (ROOT / "config.yaml").read_text()
    for word in ("password", "token", "secret", "private_key"):
        assert not re.search(rf"^\s*\w*{word}\w*\s*:", text, re.I | re.M), word


def test_mit_licence_at_the_root():
    assert "MIT License" in (ROOT / "LICENSE").read_text()


def test_no_module_of_ours_is_over_300_lines():
    """Small modules with one job: a module past 300 lines is doing more than one thing."""
    root = Path(__file__).resolve().parents[2]
    files = [p for folder in ("service", "emulator") for p in sorted((root / folder).rglob("*.py"))]
    long = [f"{p.relative_to(root)}: {n} lines" for p in files
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 300]
    assert not long, "split these by what they do:\n" + "\n".join(long)
