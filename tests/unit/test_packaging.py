"""Packaging (issue 19, item 11): the licence is declared the PEP 639 way (an SPDX string and
license-files, so setuptools no longer warns three times during `make demo`), and `make venv` installs
quietly, keeping pip's full output in .turfbook/install.log."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_licence_is_an_spdx_string_with_its_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["license"] == "MIT"
    assert project["project"]["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    [setuptools] = [r for r in project["build-system"]["requires"] if r.startswith("setuptools")]
    assert int(re.search(r">=(\d+)", setuptools).group(1)) >= 77, "PEP 639 needs setuptools 77 or later"


def test_the_installed_package_carries_the_licence_expression():
    assert metadata("turfbook")["License-Expression"] == "MIT"


def test_make_venv_is_quiet_and_keeps_a_log():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(STAMP): pyproject.toml setup.py\n", 1)[1].split("\n\n", 1)[0]   # setup.py: #23
    assert "INSTALL_LOG := .turfbook/install.log" in makefile
    pip_lines = [line for line in recipe.splitlines() if "pip install" in line]
    assert pip_lines and all(line.lstrip().startswith("@") for line in pip_lines)
    assert "> $(INSTALL_LOG) 2>&1" in recipe and "tail -n 25 $(INSTALL_LOG)" in recipe
    assert recipe.count('@echo "Install') == 2       # what is being done, then a one-line summary
