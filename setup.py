"""Import names Turfbook owns, mapped onto the repository's directories (issue 23; see README "Layout").

Everything else is in pyproject.toml. Subpackages are found, not listed, so a new one is never left out (data folders
such as templates/ too: they are packages to setuptools).
"""

import shutil
from pathlib import Path

from setuptools import find_namespace_packages, setup
from setuptools.command.build_py import build_py

ROOTS = {"turfbook": "service", "turfbook_emulator": "emulator", "turfbook_demo": "demo"}

packages = [name for name in ROOTS]
packages += [f"{name}.{sub}" for name, folder in ROOTS.items()
             for sub in find_namespace_packages(folder, exclude=["*__pycache__*"])]
# The shipped schema and rules: package data of turfbook.defaults, kept at the repository's top level.
DATA = {"turfbook.defaults.sheets_schema": "sheets_schema", "turfbook.defaults.drive_rules": "drive_rules"}

packages += list(DATA)


class OwnNamesOnly(build_py):
    """setuptools reuses build/lib, and the wheel takes all of it: a build/ left from before the rename would put
    `service/`, `emulator/` and `demo/` back into the wheel. Start from an empty build/lib every time."""

    def run(self):
        build_lib = Path(self.build_lib)
        if build_lib.is_dir():
            shutil.rmtree(build_lib)
        super().run()


setup(packages=packages, package_dir={**ROOTS, **DATA}, cmdclass={"build_py": OwnNamesOnly})
