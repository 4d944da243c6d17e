"""Import names Turfbook owns (issue 23): the wheel installs `turfbook`, `turfbook_emulator` and `turfbook_demo`
(mapped from service/, emulator/, demo/ by setup.py), never `service`, `emulator` or `demo`, names other
projects on PyPI already use. Nothing in the tree, tests included, may import a module by an old name: from a
checkout it would still work (the current directory is on sys.path) and then break in an installed wheel."""

from __future__ import annotations

import ast
import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OLD = {"service", "emulator", "demo"}
NEW = {"turfbook": "service", "turfbook_emulator": "emulator", "turfbook_demo": "demo"}
MODULE_STRING = re.compile(r"^(?:python:)?(service|emulator|demo)(?:\.\w+)+(?::[\w.]+(?:\(\))?)?$")
LOADERS = {"import_module", "importorskip", "PackageLoader", "setattr", "patch"}


def tracked(suffix: str) -> list[Path]:
    listed = subprocess.run(["git", "ls-files", f"*{suffix}"], cwd=ROOT, capture_output=True, text=True, check=True)
    return [ROOT / name for name in listed.stdout.splitlines() if (ROOT / name).is_file()]


def old_names(source: str) -> list[tuple[int, str]]:
    """(line, what) for each import of an old name, module-path string handed to a loader, or `-m old`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, f"import {a.name}") for a in node.names if a.name.split(".")[0] in OLD]
        elif isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] in OLD:
            found.append((node.lineno, f"from {node.module} import"))
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            strings = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in LOADERS:
                found += [(node.lineno, f"{name}({s!r})") for s in strings[:1] if MODULE_STRING.match(s)]
        elif isinstance(node, ast.List):
            items = [e.value if isinstance(e, ast.Constant) else None for e in node.elts]
            found += [(node.lineno, f"-m {b}") for a, b in zip(items, items[1:], strict=False)
                      if a == "-m" and isinstance(b, str) and b.split(".")[0] in OLD]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [(node.lineno, f"from {m} import") for m in
                      re.findall(r"(?:^|;)\s*from\s+((?:service|emulator|demo)(?:\.\w+)*)\s+import\b", node.value)]
    return found


def test_no_python_file_uses_an_old_import_name():
    offenders = [f"{path.relative_to(ROOT)}:{line}: {what}"
                 for path in tracked(".py") if path != Path(__file__).resolve()   # its own examples below
                 for line, what in old_names(path.read_text(encoding="utf-8"))]
    assert not offenders, "import Turfbook as turfbook / turfbook_emulator / turfbook_demo " \
                          "(/work/rename-imports.sh rewrites a tree):\n  " + "\n  ".join(offenders)


def test_the_guard_sees_every_form():
    source = ("import service\nimport emulator.sheets as s\nif x:\n    from demo.run import x\n"
              "importlib.import_module('service.jobs.overdue')\nargv = [sys.executable, '-m', 'emulator']\n"
              "CLI = 'import sys; from service.cli import main'\nimport turfbook_emulator\nowner = 'service'\n")
    assert [line for line, _ in old_names(source)] == [1, 2, 4, 5, 6, 7]


def test_config_files_name_the_new_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["turfbook"] == "turfbook.cli:main"
    linter = project["tool"]["importlinter"]
    assert set(linter["root_packages"]) <= set(NEW)
    setup = (ROOT / "setup.py").read_text()
    for new, folder in NEW.items():
        assert f'"{new}": "{folder}"' in setup
    text = "\n".join(p.read_text() for p in [ROOT / "pyproject.toml", ROOT / "Makefile", ROOT / "Dockerfile",
                                               ROOT / "compose.yaml", ROOT / "README.md", *ROOT.glob("docs/*.md")])
    stale = re.findall(r"(?:-m\s+|python:|gunicorn\s+['\"]?)(?:service|emulator|demo)\b[\w.:()]*", text)
    assert not stale, stale
