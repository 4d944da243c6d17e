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


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is out of range")
    return number


def loads_request(data: bytes | str) -> Any:
    """loads for a request body as Google reads it: NaN, Infinity, a number beyond a double (1e400) and a lone
    surrogate are not JSON (ValueError: 400 "Invalid JSON payload received"). orjson refuses them all; the
    standard library, for what orjson alone refuses (an int beyond 64 bits), with those refused too."""
    with no_collector():
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            value = json.loads(data, parse_constant=_no_constant, parse_float=_finite)
            json.dumps(value, ensure_ascii=False).encode("utf-8")    # a lone surrogate: UnicodeEncodeError
            return value


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
