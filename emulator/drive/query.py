"""Drive's `q` search language: parse once into a predicate over stored files.

    query  := or
    or     := and ("or" and)*
    and    := not ("and" not)*
    not    := "not" not | "(" query ")" | term
    term   := FIELD OP VALUE | VALUE "in" FIELD | FIELD "has" "{" key = 'k' and value = 'v' "}"

Strings are single- or double-quoted with backslash escapes. Anything else, an operator a field
does not support, or a value of the wrong type is Drive's 400 "Invalid Value" at location q.
`name contains 'x'` is a case-insensitive prefix match at the start of the name or of a word in it,
as Drive documents ("HelloWorld" contains "Hello" but not "World").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

from turfbook_emulator.errors import ApiError

Predicate = Callable[[dict, dict], bool]

_TOKEN = re.compile(r"""\s*(?:(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(?P<op>!=|<=|>=|=|<|>)|"""
                    r"""(?P<punct>[(){}])|(?P<word>[A-Za-z_][A-Za-z0-9_.]*)|(?P<num>-?\d+(?:\.\d+)?))""")

TIME_FIELDS = {"modifiedTime", "createdTime", "viewedByMeTime", "sharedWithMeTime"}
BOOL_FIELDS = {"trashed", "starred", "sharedWithMe"}
COMPUTED = {"sharedWithMe"}   # evaluated through the context (the caller's place in the permission model)
STRING_FIELDS = {"name": {"=", "!=", "contains"}, "mimeType": {"=", "!=", "contains"},
                 "fullText": {"contains"}, "visibility": {"=", "!="}, "shortcutDetails.targetId": {"=", "!="}}
IN_FIELDS = {"parents", "owners", "writers", "readers"}
HAS_FIELDS = {"properties", "appProperties"}


class QueryError(ApiError):
    def __init__(self, detail: str = ""):
        super().__init__(400, "Invalid Value", reason="invalid", location="q")
        self.detail = detail


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        found = _TOKEN.match(text, pos)
        if not found or found.end() == pos:
            raise QueryError(f"unexpected character at {pos}")
        kind = found.lastgroup
        value = found.group(kind)
        if kind == "str":
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        elif kind == "word" and value.lower() in ("and", "or", "not", "in", "has", "contains", "true", "false"):
            kind, value = "kw", value.lower()
        tokens.append((kind, value))
        pos = found.end()
    return tokens


def parse(text: str) -> Predicate:
    parser = _Parser(tokenize(text))
    if not parser.tokens:
        raise QueryError("empty query")
    predicate = parser.or_()
    if parser.pos != len(parser.tokens):
        raise QueryError(f"unexpected {parser.tokens[parser.pos][1]!r}")
    return predicate


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.pos = tokens, 0

    def peek(self, offset: int = 0):
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else (None, None)

    def take(self, kind: str | None = None, value: str | None = None):
        tok = self.peek()
        if tok[0] is None or (kind and tok[0] != kind) or (value and tok[1] != value):
            raise QueryError(f"expected {value or kind}")
        self.pos += 1
        return tok[1]

    def or_(self) -> Predicate:
        parts = [self.and_()]
        while self.peek() == ("kw", "or"):
            self.pos += 1
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else (lambda f, ctx: any(p(f, ctx) for p in parts))

    def and_(self) -> Predicate:
        parts = [self.not_()]
        while self.peek() == ("kw", "and"):
            self.pos += 1
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else (lambda f, ctx: all(p(f, ctx) for p in parts))

    def not_(self) -> Predicate:
        if self.peek() == ("kw", "not"):
            self.pos += 1
            inner = self.not_()
            return lambda f, ctx: not inner(f, ctx)
        if self.peek() == ("punct", "("):
            self.pos += 1
            inner = self.or_()
            self.take("punct", ")")
            return inner
        return self.term()

    def term(self) -> Predicate:
        kind, value = self.peek()
        if kind == "str" and self.peek(1) == ("kw", "in"):
            self.pos += 2
            field = self.take("word")
            if field not in IN_FIELDS:
                raise QueryError(f"{field} does not support in")
            return _in(field, value)
        field = self.take("word")
        if field in HAS_FIELDS:
            return self.has(field)
        op = self.take("kw", "contains") if self.peek() == ("kw", "contains") else self.take("op")
        vkind, raw = self.peek()
        self.pos += 1
        if field in BOOL_FIELDS:
            if op not in ("=", "!=") or vkind != "kw" or raw not in ("true", "false"):
                raise QueryError(f"{field} needs = true/false")
            return _compare_bool(field, op, raw == "true")
        if vkind != "str":
            raise QueryError(f"{field} needs a quoted string")
        if field in TIME_FIELDS:
            if op not in ("=", "!=", "<", "<=", ">", ">="):
                raise QueryError(f"{field} does not support {op}")
            return _compare_time(field, op, _time(raw))
        if field in STRING_FIELDS and op in STRING_FIELDS[field]:
            return _compare_string(field, op, raw)
        raise QueryError(f"unknown field or operator {field} {op}")

    def has(self, field: str) -> Predicate:
        self.take("kw", "has")
        self.take("punct", "{")
        pairs = {}
        for index in range(2):
            name = self.take("word")
            self.take("op", "=")
            pairs[name] = self.take("str")
            if index == 0:
                self.take("kw", "and")
        self.take("punct", "}")
        if set(pairs) != {"key", "value"}:
            raise QueryError("has needs key and value")
        key, wanted = pairs["key"], pairs["value"]
        if field == "appProperties":   # private per app: the caller's app sees only its own
            from turfbook_emulator.drive.model import app_property
            return lambda f, ctx: app_property(f, ctx.get("client"), key) == wanted
        return lambda f, ctx: (f.get(field) or {}).get(key) == wanted


def _time(raw: str) -> datetime:
    from turfbook_emulator.drive.model import parse_time

    try:
        return parse_time(raw)
    except ValueError:
        raise QueryError(f"bad time {raw!r}") from None


def _in(field: str, value: str) -> Predicate:
    if field == "parents":
        return lambda f, ctx: value in (f.get("parents") or []) or (
            value == "root" and ctx.get("root") in (f.get("parents") or []))
    # owners, writers, readers: the real permission model, through the context's `collection(file, field,
    # email)` (emulator.drive.roles.in_collection); 'me' is the caller. Without one (pure tests): the owner only.
    def member(f: dict, ctx: dict) -> bool:
        who = str(ctx.get("me") or "") if value.lower() == "me" else value
        test = ctx.get("collection")
        if test is not None:
            return test(f, field, who)
        return field == "owners" and not f.get("driveId") and who.lower() == str(f.get("owner") or "").lower()

    return member


def _compare_bool(field: str, op: str, wanted: bool) -> Predicate:
    if field in COMPUTED:
        def value(f: dict, ctx: dict) -> bool:
            test = ctx.get(field)
            return bool(test(f)) if test is not None else bool(f.get(field))

        return (lambda f, ctx: value(f, ctx) is wanted) if op == "=" else (lambda f, ctx: value(f, ctx) is not wanted)
    if op == "=":
        return lambda f, ctx: bool(f.get(field)) is wanted
    return lambda f, ctx: bool(f.get(field)) is not wanted


def _compare_time(field: str, op: str, wanted: datetime) -> Predicate:
    import operator

    from turfbook_emulator.drive.model import parse_time

    compare = {"=": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
               ">": operator.gt, ">=": operator.ge}[op]
    return lambda f, ctx: bool(f.get(field)) and compare(parse_time(f[field]), wanted)


def word_prefix(haystack: str, needle: str) -> bool:
    hay, need = haystack.casefold(), needle.casefold()
    start = hay.find(need)
    while start != -1:
        if start == 0 or not hay[start - 1].isalnum():
            return True
        start = hay.find(need, start + 1)
    return False


def _compare_string(field: str, op: str, wanted: str) -> Predicate:
    if op == "=":
        return lambda f, ctx: f.get(field) == wanted
    if op == "!=":
        return lambda f, ctx: f.get(field) != wanted
    if field == "name":
        return lambda f, ctx: word_prefix(f.get("name", ""), wanted)
    if field == "fullText":
        return lambda f, ctx: wanted.casefold() in (f.get("name", "") + " " + (f.get("description") or "")).casefold()
    return lambda f, ctx: wanted in (f.get(field) or "")
