"""JSON on the wire, fast: orjson where it gives the same answer as the standard library, the
standard library where it does not (so what the emulator accepts and answers is unchanged).

`loads` accepts exactly what json.loads accepts (orjson is stricter about NaN and lone surrogates;
those fall back), `dumps` gives compact UTF-8 JSON (orjson refuses non-str keys and huge ints;
those fall back).
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from turfbook_emulator import heap

no_collector = heap.paused      # the name this module had it under


def loads(data: bytes | str) -> Any:
    with no_collector():
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            return json.loads(data)      # raises ValueError just as before when it is not JSON


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
