"""Importing this package registers every API handler and HTML view with emulator.registry."""

import importlib
import pkgutil

for _module in pkgutil.walk_packages(__path__, __name__ + "."):
    importlib.import_module(_module.name)
