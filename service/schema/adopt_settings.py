"""A team's own settings tab in an adopted workbook ('Ajustes', 'Configuración', 'Config', or their 'Settings'):
adopted as Turfbook's Settings (a21n 7). Pure.

Recognised by its title (the Settings tab's name or one of its aliases), or, adopted before, by its sheetId
whatever its title now (`sheets adopt` again after staff renamed it 'Parámetros': still Settings, a21p 7). The
adoption stores its title and sheetId (adoption.yaml `settings`); every job reads it as Settings (AdoptedSheets
names it so, found again by its sheetId when staff rename it), where its own header says (settings_tab), and
`sheets init` adds no second Settings beside it. The report says what it sets. One where no column names a setting
Turfbook knows is not read: a problem (EN/ES) says so and how to make it readable; no second Settings tab is added
either. Two such tabs: the one titled 'Settings' (else the first by the schema's alias order) is read, and each
other is a problem naming the one read (never a guess at which holds the team's values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem
from turfbook.schema.settings_tab import columns_of, tab_settings
from turfbook.schema.text import header_key

NAME = "Settings"
KIND = "settings_unread"


@dataclass
class SettingsSheet:
    title: str
    sheet_id: int | None = None
    readable: bool = True
    others: list[str] = field(default_factory=list)           # other tabs titled as Settings: not read
    values: dict[str, Any] = field(default_factory=dict)      # what it sets, as read at adoption (not stored)
    problems: list[Problem] = field(default_factory=list)     # its values Turfbook cannot read (not stored)
    gone: bool = False                                        # deleted since adoption (a job's read: not stored)
    remade: bool = False                                      # gone, and another tab has its title now
    kept: bool = False            # adopted before, found by its sheetId under a title of its own (not stored)


def find_settings(schema: Schema, values: dict[str, list[list[Any]]], properties: dict[str, dict] | None,
                  skip: set[str]) -> SettingsSheet | None:
    """The sheet (of `values`: every sheet's cells by title; `skip`: Turfbook's own titles) read as Settings:
    the one adopted as Settings before (`properties`' "settings", by its sheetId: renamed 'Parámetros' since, it
    stays Settings, a21p 7), else the one titled so."""
    from turfbook.schema.reader import JOB

    try:
        tab = schema.tab(NAME)
    except KeyError:
        return None
    props = properties or {}
    names = [header_key(tab.name), *(header_key(a) for a in tab.aliases)]
    found = sorted((names.index(header_key(t)), n, t) for n, t in enumerate(values)
                   if header_key(t) in names and t not in skip)
    kept = next((t for t, p in props.items() if p.get("settings") and t in values and t not in skip), None)
    if not found and kept is None:
        return None
    title = kept if kept is not None else found[0][2]
    rows = values[title] or []
    sheet = SettingsSheet(title, props.get(title, {}).get("sheet_id"), columns_of(tab, rows) is not None,
                          [t for _, _, t in found if t != title],
                          kept=kept is not None and header_key(title) not in names)
    sheet.values, sheet.problems = tab_settings(tab, rows, title, {**tab.defaults, "timezone": "", "locale": ""}, JOB)
    return sheet


def defaults_of(schema: Schema) -> dict[str, Any]:
    """What Settings sets when nothing sets it (the schema's defaults)."""
    try:
        return dict(schema.tab(NAME).defaults)
    except KeyError:
        return {}


def settings_data(sheet: SettingsSheet | None) -> dict:
    if sheet is None:
        return {}
    return {"settings": {"title": sheet.title, **({"sheet_id": sheet.sheet_id} if sheet.sheet_id is not None else {}),
                         **({} if sheet.readable else {"readable": False}),
                         **({"others": list(sheet.others)} if sheet.others else {})}}


def stored_settings(data: dict) -> SettingsSheet | None:
    stored = data.get("settings") or {}
    if not stored.get("title"):
        return None
    sheet_id = stored.get("sheet_id")
    return SettingsSheet(str(stored["title"]), int(sheet_id) if sheet_id is not None else None,
                         stored.get("readable", True) is not False, [str(t) for t in stored.get("others") or []])


def follow_settings(sheet: SettingsSheet | None, now: dict[int, str]) -> SettingsSheet | None:
    """The settings sheet under its title now (`now`: sheetId -> title); `gone` once staff deleted it (a
    problem says so: never a silent switch to the defaults, a21o 2), `remade` when a new tab has its title."""
    if sheet is None or sheet.sheet_id is None:
        return sheet
    if sheet.sheet_id not in now:
        sheet.gone, sheet.remade = True, sheet.title in now.values()
        return sheet
    sheet.title, sheet.gone = now[sheet.sheet_id], False
    return sheet


def settings_renamed(sheet: SettingsSheet | None) -> dict[str, str]:
    """{'Settings': its title} when the team's settings tab has another title: how every job reads it."""
    return {NAME: sheet.title} if sheet is not None and not sheet.gone and sheet.title != NAME else {}


def settings_problems(sheet: SettingsSheet | None, job: str = "schema", values: bool = False,
                      defaults: dict[str, Any] | None = None) -> list[Problem]:
    """The settings tab not read (no column names a setting), and each other tab titled as Settings (EN/ES);
    `values`: its values the adoption could not read too (a job's read says those itself: read_settings)."""
    if sheet is None:
        return []
    out = list(sheet.problems) if values else []
    if sheet.gone:
        return [gone_problem(sheet, job, defaults or {})]
    if not sheet.readable:
        t = sheet.title
        out.append(Problem(job, NAME, None, None, (
            f"'{t}' is adopted as Settings (its title), but no column of it names a setting Turfbook knows "
            f"(timezone, grace_days, due_soon_days, …), so none of it is read: Turfbook uses the configured "
            f"timezone and its defaults. Put 'Setting' and 'Value' (or 'Ajuste' and 'Valor') on its header row, one "
            f"setting a row (grace_days | 5), then run `turfbook sheets adopt` (not a settings tab: give it another "
            f"title, then run `turfbook sheets adopt`); no second Settings tab is added / "
            f"'{t}' se adopta como los Ajustes (por su título), pero ninguna columna nombra un ajuste que Turfbook "
            f"conozca (timezone, grace_days, due_soon_days, …), así que no se lee nada: Turfbook usa la zona horaria "
            f"configurada y sus valores por defecto. Ponga 'Ajuste' y 'Valor' en su fila de encabezado, un ajuste por "
            f"fila (grace_days | 5), y ejecute `turfbook sheets adopt` (si no es una pestaña de ajustes: cámbiele el "
            f"título y ejecute `turfbook sheets adopt`); no se añade una segunda pestaña de ajustes"),
            KIND))
    for other in sheet.others:
        out.append(Problem(job, NAME, None, None, (
            f"'{other}' is not read: Turfbook reads its settings from one tab, '{sheet.title}'. Copy what '{other}' "
            f"sets into '{sheet.title}' and delete '{other}' (or delete '{sheet.title}' and run `turfbook sheets "
            f"adopt` to read '{other}') / '{other}' no se lee: Turfbook lee sus ajustes de una sola pestaña, "
            f"'{sheet.title}'. Copie lo que '{other}' fija en '{sheet.title}' y borre '{other}' (o borre "
            f"'{sheet.title}' y ejecute `turfbook sheets adopt` para leer '{other}')"), KIND))
    return out


def report_lines(sheet: SettingsSheet | None, language: str = "en") -> list[str]:
    """The adoption report's line for the settings tab: what Turfbook takes from it (EN/ES)."""
    if sheet is None:
        return []
    es = language == "es"
    said = "; ".join(f"{k} {', '.join(v) if isinstance(v, list) else v}" for k, v in sheet.values.items())
    if not sheet.readable:
        rest = "no se lee (ver Problemas)" if es else "not read (see Problems to fix)"
    elif said:
        rest = (f"Turfbook usa: {said}; cualquier otro ajuste, lo configurado o por defecto" if es
                else f"Turfbook uses: {said}; any other setting as configured or by default")
    else:
        rest = ("no fija nada aún: Turfbook usa lo configurado y sus valores por defecto" if es
                else "it sets nothing yet: Turfbook uses the configuration and its defaults")
    how = ("adoptada antes como Ajustes, renombrada después" if es else "adopted as Settings before, renamed since") \
        if sheet.kept else ("por su título" if es else "its title")
    return [f"- '{sheet.title}' → {'Ajustes (Settings)' if es else NAME} ({how}); {rest}"]


def gone_problem(sheet: SettingsSheet, job: str, defaults: dict[str, Any]) -> Problem:
    """The adopted settings tab deleted (EN/ES): what Turfbook uses now, and how to get the team's back."""
    t = sheet.title
    used = ", ".join(f"{k} {v}" for k, v in defaults.items() if k not in ("timezone", "locale") and v != "")
    remade = (f" The tab titled '{t}' now is a new one, not the one adopted, so it is not read either.", f" La "
              f"pestaña titulada '{t}' ahora es una nueva, no la adoptada, así que tampoco se lee.") if sheet.remade \
        else ("", "")
    return Problem(job, NAME, None, None, (
        f"'{t}', the team's settings tab adopted as Settings, was deleted: until it is back Turfbook uses the "
        f"configured timezone and its default settings ({used}) in place of what "
        f"'{t}' set, so follow-ups may show overdue sooner.{remade[0]} Undo the delete (Edit > Undo, or File > "
        f"Version history), or put the settings in a tab titled '{t}' and run `turfbook sheets adopt` / "
        f"'{t}', la pestaña de ajustes del equipo adoptada como Ajustes, se borró: hasta que vuelva Turfbook usa "
        f"la zona horaria configurada y sus ajustes por defecto ({used}) en lugar de lo "
        f"que fijaba '{t}', así que los seguimientos pueden verse vencidos antes.{remade[1]} Deshaga el borrado "
        f"(Editar > Deshacer, o Archivo > Historial de versiones), o ponga los ajustes en una pestaña titulada "
        f"'{t}' y ejecute `turfbook sheets adopt`"), "settings_gone")
