"""httplib2's `auth` module, loaded only when a name in it is used (issue 22: the CLI's start).

`import httplib2` runs `from . import auth`, which imports pyparsing (and, through it, unittest):
~0.1 s of CPU in every `turfbook` process. httplib2 uses that module only to parse a 401 answer's
WWW-Authenticate header for its own digest/HMAC credentials, which Turfbook never gives it (Google's
calls carry a bearer token). So `httplib2.auth` starts as a stand-in holding the real module's
spec; the first name looked up in it imports the real module, and the stand-in copies its names,
so old references work too. A stand-in is never put over a module already imported.

`cryptography.x509` (~45 ms of CPU: its name and extension tables) is imported by google-auth's signers
for one use, reading an X.509 certificate to verify a signature, which Turfbook's calls never do (they
sign a JWT with the service account's RSA key). google-auth imports it as `import cryptography.x509`
and reaches it as an attribute of the `cryptography` package, so a package's stand-in is also set as
its parent's attribute (the parent imported first), and carries the package's __path__, so that a
submodule (`cryptography.x509.oid`) imports as usual without loading the package.

`asyncio` (~35 ms of CPU) is imported by google-auth's regional-access-boundary module, which the service
account's credentials import; it uses asyncio only in its async refresh manager (async credentials), never
on the jobs' synchronous path. Anything that does use asyncio gets the real package on its first name.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types

DEFERRED = ("httplib2.auth", "cryptography.x509", "asyncio")
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
    """Put a stand-in for module `name` in sys.modules; the parent package is imported here only for a
    package's stand-in. Does nothing when the module is already imported or not found."""
    if name in sys.modules:
        return
    parent, _, _ = name.rpartition(".")
    parent_spec = importlib.util.find_spec(parent) if parent else None
    if parent and (parent_spec is None or parent_spec.submodule_search_locations is None):
        return
    spec = importlib.machinery.PathFinder.find_spec(name, parent_spec.submodule_search_locations if parent else None)
    if spec is None:
        return
    stand_in = _Deferred(name)
    stand_in.__spec__, stand_in.__loader__, stand_in.__file__ = spec, spec.loader, spec.origin
    stand_in.__package__ = parent
    if spec.submodule_search_locations is not None:
        stand_in.__path__ = list(spec.submodule_search_locations)
        stand_in.__package__ = name
        if parent:
            setattr(importlib.import_module(parent), name.rpartition(".")[2], stand_in)
    sys.modules[name] = stand_in


for _name in DEFERRED:
    defer(_name)
