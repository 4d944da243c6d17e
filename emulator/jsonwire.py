"""JSON on the wire, fast: orjson where it gives the same answer as the standard library, the
standard library where it does not (so what the emulator accepts and answers is unchanged).

`loads` accepts exactly what json.loads accepts (orjson is stricter about NaN and lone surrogates;
those fall back), `dumps` gives compact UTF-8 JSON (orjson refuses non-str keys and huge ints;
those fall back).
"""

from __future__ import annotations

import gc
import json
from typing import Any

import orjson


def loads(data: bytes | str) -> Any:
    # A 4 MB values.update body is 20k row lists: without the collector, which would walk the whole
    # heap (every stored row) on the way, and finds nothing here (parsing makes no cycles).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)          # raises ValueError just as before when it is not JSON
    finally:
        if collecting:
            gc.enable()


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
