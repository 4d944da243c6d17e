"""Import names Turfbook owns, mapped onto the repository's directories (issue 23; see README "Layout").

Everything else is in pyproject.toml. Subpackages are found, not listed, so a new one is never left out.
"""

from setuptools import find_packages, setup

ROOTS = {"turfbook": "service", "turfbook_emulator": "emulator", "turfbook_demo": "demo"}

packages = [name for name in ROOTS]
packages += [f"{name}.{sub}" for name, folder in ROOTS.items() for sub in find_packages(folder)]
setup(packages=packages, package_dir=dict(ROOTS))
