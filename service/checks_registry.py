"""Imports every module that registers a `turfbook check` check."""

import importlib

for _name in ("turfbook.schema.checks", "turfbook.rules.checks"):
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as exc:
        if exc.name != _name:
            raise
