"""Import names Turfbook owns, mapped onto the repository's directories (issue 23; see README "Layout").

Everything else is in pyproject.toml. Subpackages are found, not listed, so a new one is never left out (data folders
such as templates/ too: they are packages to setuptools).
"""

from setuptools import find_namespace_packages, setup

ROOTS = {"turfbook": "service", "turfbook_emulator": "emulator", "turfbook_demo": "demo"}

packages = [name for name in ROOTS]
packages += [f"{name}.{sub}" for name, folder in ROOTS.items()
             for sub in find_namespace_packages(folder, exclude=["*__pycache__*"])]
# The shipped schema and rules: package data of turfbook.defaults, kept at the repository's top level.
DATA = {"turfbook.defaults.sheets_schema": "sheets_schema", "turfbook.defaults.drive_rules": "drive_rules"}

packages += list(DATA)
setup(packages=packages, package_dir={**ROOTS, **DATA})
