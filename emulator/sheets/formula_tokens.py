"""A formula's tokens (formula.py parses them): the tokenizer, where each argument ends and each bracket closes,
and the errors of a formula's text itself."""

from __future__ import annotations

import re
from functools import lru_cache

from turfbook_emulator.sheets.arrays import FormulaError
from turfbook_emulator.sheets.model import Err

_TOKEN = re.compile(r"""\s*(?:
    (?P<num>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<err>\#REF!|\#N/A|\#NAME\?|\#DIV/0!|\#VALUE!|\#NUM!|\#NULL!|\#ERROR!)
  | (?P<ref>(?:'(?:[^']|'')+'!|[A-Za-z_][A-Za-z0-9_.]*!)?\$?[A-Za-z]{1,3}\$?\d*(?::\$?[A-Za-z]{1,3}\$?\d*)?(?![\w(]))
  | (?P<func>[A-Za-z_][A-Za-z0-9_.]*)\s*\(
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op><>|<=|>=|[-+*/^&=<>(),%:;{}])
)""", re.X)


class ParseError(FormulaError):
    """A formula that does not parse: #ERROR! for the whole formula, never an argument's value."""


class UnknownFunction(FormulaError):
    """A function the emulator does not have: #NAME? for the whole formula, never an argument's value that
    IFERROR or ISERROR would hide (Sheets may well have it: a plausible value here would be a wrong one)."""


@lru_cache(maxsize=100_000)
def _tokenize(text: str) -> tuple[tuple[str, str], ...]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ParseError(Err("#ERROR!", "Formula parse error."))
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return tuple(out)


@lru_cache(maxsize=10_000)
def spans(tokens: tuple) -> tuple[list[int], dict[int, int]]:
    """For a formula that parses: (where an expression starting at each position ends: its first `,` `;` `)` or
    `}` outside brackets, or the end; {position of a function's name, `(` or `{`: position after its closer}),
    in one pass. An argument or value skipped after its error (formula.py `captured`) ends there."""
    ends, close = [len(tokens)] * (len(tokens) + 1), {}
    pending: list[list[int]] = [[]]
    opened: list[int] = []
    for i, (kind, text) in enumerate(tokens):
        pending[-1].append(i)
        if kind == "func" or (kind == "op" and text in ("(", "{")):
            pending.append([])
            opened.append(i)
        elif kind == "op" and text in (")", "}") and opened:
            for start in pending.pop():
                ends[start] = i
            close[opened.pop()] = i + 1
        elif kind == "op" and text in (",", ";"):
            for start in pending[-1]:
                ends[start] = i
            pending[-1] = []
    return ends, close
