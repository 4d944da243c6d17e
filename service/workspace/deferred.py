"""httplib2's `auth` module, loaded only when a name in it is used (issue 22: the CLI's start).

`import httplib2` runs `from . import auth`, which imports pyparsing (and, through it, unittest):
~0.1 s of CPU in every `turfbook` process. httplib2 uses that module only to parse a 401 answer's
WWW-Authenticate header for its own digest/HMAC credentials, which Turfbook never gives it (Google's
calls carry a bearer token). So `httplib2.auth` starts as a stand-in holding the real module's
spec; the first name looked up in it imports the real module, and the stand-in copies its names,
so old references work too. A stand-in is never put over a module already imported.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types

DEFERRED = ("httplib2.auth",)
_loading = threading.Lock()


class _Deferred(types.ModuleType):
    def __getattr__(self, attr: str):
        with _loading:
            real = self.__dict__.get("_deferred_real")
            if real is None:
                if sys.modules.get(self.__name__) is self:
                    del sys.modules[self.__name__]
                real = importlib.import_module(self.__name__)
                self.__dict__.update(real.__dict__)
                self.__dict__["_deferred_real"] = real
        return getattr(real, attr)


def defer(name: str) -> None:
    """Put a stand-in for module `name` (a plain module, not a package) in sys.modules; the parent
    package is not imported here. Does nothing when the module is already imported or not found."""
    if name in sys.modules:
        return
    parent, _, _ = name.rpartition(".")
    parent_spec = importlib.util.find_spec(parent) if parent else None
    if parent and (parent_spec is None or parent_spec.submodule_search_locations is None):
        return
    spec = importlib.machinery.PathFinder.find_spec(name, parent_spec.submodule_search_locations if parent else None)
    if spec is None or spec.submodule_search_locations is not None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__, stand_in.__loader__, stand_in.__file__ = spec, spec.loader, spec.origin
    stand_in.__package__ = parent
    sys.modules[name] = stand_in


for _name in DEFERRED:
    defer(_name)
