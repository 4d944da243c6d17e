"""The config's strict sections: a small hand-written model for the few value kinds config.yaml has.

pydantic did this until issue 22 (perf22v): importing it and building the config's models cost ~0.15-0.2 s
of CPU in every `turfbook` process, a tenth of a job run through the CLI. What pydantic did is kept:

- every key is a declared setting; any other key is an error naming its path (`google.drive.inboxx`);
- a value is taken as pydantic's lax mode took it, with its words: text is a str (bytes decoded); a whole
  number is an int, a float with no fraction or a string of digits (`'10'`, `' 10.0 '`); a number is an
  int, a float or a numeric string (`'60'`, `'1e1'`); a path a str or a path; a choice one of its strings;
  a list a list/tuple/set; a section a mapping or that section itself; None only where a setting allows it;
- limits (gt, ge, le), then a setting's own check (a ValueError's text is the message);
- every problem of the file is collected, in the settings' order, then the unknown keys.
tests/unit/test_config_model.py holds this to pydantic's answers on the same inputs.

Sections are frozen values: `model_copy(update=...)` (no check, as pydantic's) and `model_dump(mode=...)`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from os import PathLike
from pathlib import Path, PurePath
from typing import Any, ClassVar

_MISSING = object()
_WHOLE = re.compile(r"[+-]?\d+(?:_\d+)*(?:\.0+)?", re.ASCII)
_I64 = 2 ** 63


class Invalid(ValueError):
    """The problems found: (path of keys, message) each, in the order found."""

    def __init__(self, problems: list[tuple[tuple, str]]):
        super().__init__("; ".join(f"{'.'.join(map(str, loc))}: {message}" for loc, message in problems))
        self.problems = problems


class _Bad(Exception):
    """One value's problem (its message); the setting adds where."""


def text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        try:
            return bytes(value).decode("utf-8")
        except UnicodeDecodeError:
            raise _Bad("Input should be a valid string, unable to parse raw data as a unicode string") from None
    raise _Bad("Input should be a valid string")


def whole(value: Any) -> int:
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad("Input should be a finite number")
        if not value.is_integer():
            raise _Bad("Input should be a valid integer, got a number with a fractional part")
        if abs(value) >= _I64:
            raise _Bad("Unable to parse input string as an integer, exceeded maximum size")
        return int(value)
    if isinstance(value, str | bytes):
        digits = (value.decode("utf-8", "replace") if isinstance(value, bytes) else value).strip()
        if _WHOLE.fullmatch(digits):
            try:
                return int(digits.partition(".")[0])
            except ValueError:          # more digits than Python converts (4300)
                raise _Bad("Unable to parse input string as an integer, exceeded maximum size") from None
        raise _Bad("Input should be a valid integer, unable to parse string as an integer")
    raise _Bad("Input should be a valid integer")


def number(value: Any) -> float:
    if isinstance(value, int | float):
        try:
            return float(value)
        except OverflowError:           # a whole number past float's range
            raise _Bad("Input should be a valid number") from None
    if isinstance(value, str | bytes):
        digits = (value.decode("utf-8", "replace") if isinstance(value, bytes) else value).strip()
        try:
            if digits.isascii():
                return float(digits)
        except ValueError:
            pass
        raise _Bad("Input should be a valid number, unable to parse string as a number")
    raise _Bad("Input should be a valid number")


def schedule_text(value: Any) -> str:
    """A schedule entry: YAML 1.1 reads an unquoted `off` as false: `off` (README: a cron expression or off)."""
    return "off" if value is False else text(value)


def path(value: Any) -> Path:
    if isinstance(value, str | PurePath) or (isinstance(value, PathLike) and isinstance(value.__fspath__(), str)):
        return Path(value)
    raise _Bad("Input is not a valid path for <class 'pathlib.Path'>")


def one_of(*choices: str) -> Callable[[Any], str]:
    said = ", ".join(repr(c) for c in choices[:-1]) + f" or {choices[-1]!r}" if len(choices) > 1 else repr(choices[0])

    def check(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return value
        raise _Bad(f"Input should be {said}")
    return check


class Setting:
    """One key of a section: its kind (a function above, ListOf(...) or a Section class), its default
    (or `factory`, called when the key is absent), whether None is allowed, limits and its own check."""

    def __init__(self, kind, default: Any = _MISSING, *, factory: Callable[[], Any] | None = None,
                 optional: bool = False, gt: float | None = None, ge: float | None = None,
                 le: float | None = None, check: Callable[[Any], Any] | None = None, dump: bool = True):
        self.kind, self.default, self.factory, self.optional = kind, default, factory, optional
        self.gt, self.ge, self.le, self.check, self.dump = gt, ge, le, check, dump

    def initial(self) -> Any:
        if self.factory is not None:
            return self.factory()
        return list(self.default) if isinstance(self.default, list) else self.default

    def take(self, value: Any, loc: tuple, problems: list) -> Any:
        if value is None and self.optional:
            return None
        try:
            if isinstance(self.kind, type) and issubclass(self.kind, Section):
                return self.kind.checked(value, loc, problems)
            if isinstance(self.kind, ListOf):
                return self.kind.take(value, loc, problems)
            value = self.kind(value)
            if self.le is not None and not value <= self.le:          # pydantic's order; NaN fails here
                raise _Bad(f"Input should be less than or equal to {self.le}")
            if self.ge is not None and not value >= self.ge:
                raise _Bad(f"Input should be greater than or equal to {self.ge}")
            if self.gt is not None and not value > self.gt:
                raise _Bad(f"Input should be greater than {self.gt}")
            if self.check is not None:
                try:
                    value = self.check(value)
                except ValueError as exc:
                    raise _Bad(str(exc)) from None
            return value
        except _Bad as bad:
            problems.append((loc, str(bad)))
            return _MISSING


class ListOf:
    """A list of one kind (pydantic's lax list: a list, tuple or set), each item checked with its index."""

    def __init__(self, kind: Callable[[Any], Any]):
        self.kind = kind

    def take(self, value: Any, loc: tuple, problems: list) -> Any:
        if not isinstance(value, list | tuple | set | frozenset):
            raise _Bad("Input should be a valid list")
        items, bad = [], False
        for index, item in enumerate(value):
            try:
                items.append(self.kind(item))
            except _Bad as exc:
                problems.append(((*loc, index), str(exc)))
                bad = True
        return _MISSING if bad else items


class Section:
    """A frozen group of settings. `Section(**values)` checks them (Invalid lists every problem)."""

    SETTINGS: ClassVar[dict[str, Setting]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        cls.SETTINGS = {name: s for base in reversed(cls.__mro__) for name, s in vars(base).items()
                        if isinstance(s, Setting)}

    def __init__(self, **values: Any):
        problems: list = []
        self._fill(values, (), problems)
        if problems:
            raise Invalid(problems)

    @classmethod
    def checked(cls, value: Any, loc: tuple, problems: list) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            raise _Bad(f"Input should be a valid dictionary or instance of {cls.__name__}")
        made = cls.__new__(cls)
        before = len(problems)
        made._fill(value, loc, problems)
        return made if len(problems) == before else _MISSING

    def _fill(self, values: dict, loc: tuple, problems: list) -> None:
        for name, setting in self.SETTINGS.items():
            given = values.get(name, _MISSING)
            value = setting.initial() if given is _MISSING else setting.take(given, (*loc, name), problems)
            object.__setattr__(self, name, value)
        problems.extend(((*loc, key), "unknown key" if isinstance(key, str) else "Keys should be strings")
                        for key in values if key not in self.SETTINGS)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Any:
        """A copy with some values replaced, unchecked (as pydantic's model_copy)."""
        made = self.__class__.__new__(self.__class__)
        made.__dict__.update(self.__dict__)
        made.__dict__.update(update or {})
        return made

    def model_dump(self, mode: str = "python", exclude: set[str] | None = None,
                   exclude_none: bool = False) -> dict[str, Any]:
        """The settings as a dict (sections as dicts; mode "json": paths as text; exclude: top-level keys;
        exclude_none: no None at any level)."""
        dumped = {}
        for name, setting in self.SETTINGS.items():
            value = getattr(self, name)
            if setting.dump and name not in (exclude or ()) and not (exclude_none and value is None):
                dumped[name] = _dumped(value, mode, exclude_none)
        return dumped

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen: use model_copy(update={{{name!r}: ...}})")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.SETTINGS)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in self.SETTINGS)})"


def _dumped(value: Any, mode: str, exclude_none: bool) -> Any:
    if isinstance(value, Section):
        return value.model_dump(mode, exclude_none=exclude_none)
    if isinstance(value, list | tuple):
        return [_dumped(v, mode, exclude_none) for v in value]
    if mode == "json" and isinstance(value, PurePath):
        return str(value)
    return value
