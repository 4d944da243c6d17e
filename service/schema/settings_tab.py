"""Where a Settings tab keeps its settings, and what each row names and sets: the one rule `read_settings`
(every job) and the adoption report use. Pure.

Turfbook's own Settings has 'Setting | Value' on row 1. A team's own settings tab adopted as Settings ('Ajustes':
'Ajuste | Valor', a21n 7) may have its header lower down, its columns elsewhere, or no header at all: the header
is the first of the top rows naming both columns (by their header or an alias); with none, the settings are
the rows of the leftmost column that names a setting Turfbook knows, each value at its right. A tab where no
column names one is not read (`columns_of` is None): its settings are not guessed.

A setting is named by its key (grace_days), that key with spaces (Grace days) or its Spanish name (NAMES_ES:
'Días de gracia'); a row naming none of them, with a value, is a problem naming the row (a21o 7), never
silently skipped. A value Turfbook cannot read is a problem too (EN/ES, a21o 6), and so is a number of days
below 0 ('-5'). Two rows setting one setting to different values ('Días de gracia' 5 and 'grace_days' 0, or
'Días de gracia' twice) are a problem naming both rows: Turfbook cannot tell which the team means, so it uses
neither (the configured value or its default) until one row is left, never the last one silently (a21p 6).
`tab_settings` is that one reading, for every job (reader.read_settings), `sheets check` and the adopt report.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any
from zoneinfo import TZPATH, ZoneInfo, ZoneInfoNotFoundError, available_timezones

from turfbook.schema.cells import cell_text
from turfbook.schema.columns import match_columns
from turfbook.schema.loader import Tab
from turfbook.schema.model import Problem
from turfbook.schema.text import fold, short

HEADER_ROWS = 10          # as far down as an adopted header is looked for (adopt_header_find.HEADER_ROWS)

MOST_DAYS = 3650          # a number of days a setting may be (ten years): more is a paste (a phone number)
MOST = {"structure_test_goal_pct": 100}     # a percent

NAMES_ES: dict[str, tuple[str, ...]] = {          # each setting's Spanish names: read as the setting itself
    "grace_days": ("Días de gracia",),
    "timezone": ("Zona horaria",),
    "locale": ("Configuración regional", "Idioma"),
    "due_soon_days": ("Días para 'pronto'", "Días para pronto"),
    "digest_recipients": ("Destinatarios del resumen",),
    "structure_test_goal_pct": ("Meta de la prueba de estructura (%)", "Meta de la prueba de estructura"),
}


def known_names(tab: Tab) -> dict[str, str]:
    """Every name a setting is read by (folded) -> its key."""
    out: dict[str, str] = {}
    for key in tab.defaults:
        for name in (key, key.replace("_", " "), *NAMES_ES.get(key, ())):
            out.setdefault(fold(name), key)
    return out


def columns_of(tab: Tab, rows: list[list[Any]]) -> tuple[int, int, int] | None:
    """(0-based row its settings start on, the setting column, the value column), or None when unreadable."""
    for n, row in enumerate(rows[:HEADER_ROWS]):
        found = match_columns(tab, row).columns
        if "setting" in found and "value" in found:
            return n + 1, found["setting"], found["value"]
    known = known_names(tab)
    for column in range(max((len(r) for r in rows), default=0)):
        if any(column < len(r) and isinstance(r[column], str) and fold(r[column]) in known for r in rows):
            return 0, column, column + 1
    return None


def named_rows(tab: Tab, rows: list[list[Any]]) -> list[tuple[int, str, str | None, Any]]:
    """(1-based sheet row, its name as typed, the setting's key or None when no setting is named so, its value)
    of each row naming something and giving it a value, top to bottom."""
    place = columns_of(tab, rows)
    if place is None:
        return []
    start, at_name, at_value = place
    known = known_names(tab)
    out = []
    for offset, cells in enumerate(rows[start:]):
        typed = cells[at_name] if at_name < len(cells) else ""
        value = cells[at_value] if at_value < len(cells) else ""
        if typed not in ("", None) and value not in ("", None):
            out.append((start + offset + 1, cell_text(typed), known.get(fold(typed)), value))
    return out


def setting_rows(tab: Tab, rows: list[list[Any]]) -> list[tuple[int, str, Any]]:
    """(1-based sheet row, the setting's name as the schema has it, its value) of each row naming a setting
    Turfbook knows and giving it a value, top to bottom."""
    return [(number, key, value) for number, _, key, value in named_rows(tab, rows) if key is not None]


def setting_value(name: str, value: Any, default: Any) -> Any:
    """The value of setting `name` as typed; ValueError((English, Spanish)) when it cannot be read."""
    if name == "timezone":
        try:
            zone = zone_named(str(value).strip())
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError, RecursionError):    # (a24: zoneinfo recurses on 'America/'*5000)
            raise ValueError(("is not a timezone (use a name like America/New_York or Europe/Madrid)",
                              "no es una zona horaria (use un nombre como America/New_York o Europe/Madrid)")) \
                from None
        return zone
    if isinstance(default, int) and not isinstance(default, bool):
        return whole_number(name, value)
    return cell_text(value)


@cache
def zones() -> dict[str, str]:
    """Every timezone's name, by its name folded: 'europe/madrid' names Europe/Madrid."""
    return {name.casefold(): name for name in available_timezones()}


def zone_named(text: str) -> str:
    """The timezone `text` names, as the zone spells it ('europe/madrid' -> 'Europe/Madrid'); else as typed.
    A name spelled as the zone's file is taken as it is, without listing every zone (available_timezones opens
    each of ~600 files: ~45 ms of every job run, issue 22)."""
    return text if _spelled_as_a_file(text) else zones().get(text.casefold(), text)


def _spelled_as_a_file(text: str) -> bool:
    """`text` is the path of a file under a TZPATH folder, each part spelled as that folder lists it (exactly:
    on a filesystem blind to case too)."""
    parts = text.split("/")
    for root in TZPATH:
        here = root
        for part in parts:
            try:
                if part in ("", ".", "..") or part not in os.listdir(here):
                    break
            except OSError:
                break
            here = os.path.join(here, part)
        else:
            return os.path.isfile(here)
    return False


def whole_number(name: str, value: Any) -> int:
    """A number setting (days, a percent) as typed: its digits only (a sheet's number 5 or 5.0 too), from 0 to its
    bound (MOST); '1e3', '2.5', '-5', a phone number pasted in: ValueError((English, Spanish)), never read."""
    most = MOST.get(name, MOST_DAYS)
    text = cell_text(value).strip() if not isinstance(value, (int, float)) or isinstance(value, bool) else ""
    if isinstance(value, float) and value.is_integer() or isinstance(value, int) and not isinstance(value, bool):
        number = int(value)
    elif text.isdecimal():
        number = int(text)
    elif text[:1] == "-" and text[1:].isdecimal():
        number = -1
    else:
        raise ValueError(("is not a whole number (type only its digits, like 5)",
                          "no es un número entero (escriba solo sus cifras, como 5)"))
    if number < 0:
        raise ValueError(("is below 0 (type 0 or more, like 5)", "es menor que 0 (escriba 0 o más, como 5)"))
    if number > most:
        raise ValueError((f"is more than {most} (type a whole number from 0 to {most}, like 5)",
                          f"es mayor que {most} (escriba un número entero de 0 a {most}, como 5)"))
    return number


def value_text(title: str, number: int, typed: str, name: str, value: Any, why: tuple[str, str],
               default: Any) -> str:
    """A value not read (EN/ES): the row, the setting as typed, what Turfbook uses in its place."""
    said = typed if fold(typed) == fold(name) else f"{typed} ({name})"
    en, es = (default, default) if default not in ("", None) else ("the configured one", "el configurado")
    return (f"{title} row {number}: {said} '{short(value)}' {why[0]}; Turfbook uses {en} until it is fixed / "
            f"{title} fila {number}: {said} '{short(value)}' {why[1]}; Turfbook usa {es} hasta que se corrija")


def unknown_text(title: str, number: int, typed: str, tab: Tab) -> str:
    """A row naming no setting Turfbook knows (EN/ES): its value is not read, and the names to use."""
    names = ", ".join(f"{k}" + (f" / {NAMES_ES[k][0]}" if k in NAMES_ES else "") for k in tab.defaults)
    return (f"{title} row {number}: '{short(typed)}' is not a setting Turfbook knows, so its value is not read; "
            f"name it as one of: {names} / {title} fila {number}: '{short(typed)}' no es un ajuste que Turfbook "
            f"conozca, así que su valor no se lee; nómbrelo como uno de: {names}")


def tab_settings(tab: Tab, rows: list[list[Any]], title: str, base: dict[str, Any],
                 job: str) -> tuple[dict[str, Any], list[Problem]]:
    """What the tab sets (key -> value; `base`: what each setting is without it) and its problems (EN/ES): a
    row naming no setting, a value not read, two rows setting one setting to different values (neither used)."""
    read: dict[str, list[tuple[int, str, Any, Any]]] = {}
    problems: list[Problem] = []
    for number, typed, name, value in named_rows(tab, rows):
        if name is None:
            problems.append(Problem(job, "Settings", None, "Setting", unknown_text(title, number, typed, tab),
                                    "invalid", number))
            continue
        try:
            read.setdefault(name, []).append((number, typed, value, setting_value(name, value, tab.defaults.get(name))))
        except ValueError as exc:
            read.setdefault(name, []).append((number, typed, value, exc))
    out: dict[str, Any] = {}
    for name, found in read.items():
        if len({repr(v) for *_, v in found}) > 1:          # set twice, differently (or one of them unreadable)
            problems.append(Problem(job, "Settings", None, "Value", twice_text(title, name, found, base.get(name)),
                                    "invalid", found[0][0]))
        for number, typed, value, got in found:
            if isinstance(got, ValueError):
                problems.append(Problem(job, "Settings", None, "Value", value_text(
                    title, number, typed, name, value, got.args[0], base.get(name)), "invalid", number))
        if len({repr(v) for *_, v in found}) == 1 and not isinstance(found[0][3], ValueError):
            out[name] = found[0][3]
    return out, problems


def twice_text(title: str, name: str, found: list[tuple[int, str, Any, Any]], used: Any) -> str:
    """One setting set by two rows or more, to different values (EN/ES): both rows, and what Turfbook uses."""
    numbers = [str(n) for n, *_ in found]
    rows_en = ", ".join(numbers[:-1]) + f" and {numbers[-1]}"
    rows_es = ", ".join(numbers[:-1]) + f" y {numbers[-1]}"
    said = ", ".join(f"{typed} '{short(value)}'" for _, typed, value, _ in found)
    en, es = (used, used) if used not in ("", None) else ("the configured one", "el configurado")
    others = ("other", "la otra") if len(found) == 2 else ("others", "las otras")
    return (f"{title} rows {rows_en} set {name} to different values ({said}): Turfbook cannot tell which one the "
            f"team means, so it uses neither: it uses {en} until only one row sets {name} (delete the {others[0]}) / "
            f"{title} filas {rows_es} fijan {name} con valores distintos ({said}): Turfbook no puede saber cuál "
            f"quiere el equipo, así que no usa ninguno: usa {es} hasta que solo una fila fije {name} "
            f"(borre {others[1]})")
