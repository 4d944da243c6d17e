"""Load sheets_schema/workbook.yaml into a Schema, strictly.

Unknown keys, duplicate keys, unknown types and dangling vocabulary references are errors
whose message names the file, the tab and the column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from turfbook import defaults
from turfbook.schema.column_labels import column_labels
from turfbook.schema.spanish_names import spanish_names
from turfbook.schema.text import fold, header_key
from turfbook.yamlfile import YamlError, loads_yaml, read_text

TYPES = {"text", "int", "date", "datetime", "bool", "email", "phone", "enum", "list", "ref", "id", "url"}
OWNERS = {"staff", "service"}
LAYOUTS = {"table", "settings", "free"}

_COLUMN_KEYS = {"key", "header", "owner", "type", "required", "vocabulary", "note", "width", "min", "max",
                "max_length", "past", "aliases", "dropdown", "labels", "yes_no"}
_TAB_KEYS = {"name", "id_prefix", "id_digits", "columns", "owner", "layout", "defaults", "aliases"}
_TOP_KEYS = {"version", "tabs", "spanish"}


class SchemaError(ValueError):
    """workbook.yaml cannot be used; the message says where."""


@dataclass(frozen=True)
class VocabRef:
    tab: str
    column: str


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    owner: str = "staff"
    type: str = "text"
    required: bool = False
    vocabulary: tuple[str, ...] | VocabRef | None = None
    note_en: str = ""
    note_es: str = ""
    width: int | None = None
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    past: bool = False
    aliases: tuple[str, ...] = ()
    dropdown: bool = True               # false: no dropdown validation (e.g. refs usually typed as IDs)
    labels: tuple[tuple[str, Any], ...] = ()   # folded word -> number ("L" -> 1) or choice ("visita" -> house visit)
    yes_no: bool = False                # date columns: a yes/no answer (cells.yes_no) is read too, not a problem

    @property
    def service(self) -> bool:
        return self.owner == "service"

    @property
    def note(self) -> str:
        return f"{self.note_en}\n\nES: {self.note_es}" if self.note_es else self.note_en

    def names(self) -> set[str]:
        """Folded header forms that identify this column."""
        return {header_key(self.header), header_key(self.key), *(header_key(a) for a in self.aliases)}


@dataclass(frozen=True)
class Tab:
    name: str
    columns: tuple[Column, ...]
    id_prefix: str | None = None
    id_digits: int = 6
    owner: str = "staff"
    layout: str = "table"
    defaults: dict[str, Any] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()       # other names a team's own tab may have (Contacts, Contactos ...)

    def names(self) -> set[str]:
        """Folded tab names that identify this tab."""
        return {header_key(self.name), *(header_key(a) for a in self.aliases)}

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.name} has no column '{key}'")

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)

    def format_id(self, number: int) -> str:
        return f"{self.id_prefix}-{number:0{self.id_digits}d}"


@dataclass(frozen=True)
class Schema:
    tabs: tuple[Tab, ...]
    source: str = ""
    spanish: dict[tuple[str, str], str] = field(default_factory=dict)   # (tab, "" or column key): spanish_names

    def tab(self, name: str) -> Tab:
        for tab in self.tabs:
            if tab.name == name:
                return tab
        raise KeyError(f"the schema has no tab '{name}'")

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.tabs]


def load_schema(path: str | Path | None = None) -> Schema:
    """The schema from `path` (default: the shipped sheets_schema/workbook.yaml)."""
    path = Path(path) if path else defaults.schema_dir() / defaults.SCHEMA_FILE
    if path.is_dir():
        path = path / "workbook.yaml"
    try:
        text = read_text(path)
    except YamlError as exc:
        raise SchemaError(str(exc)) from None
    return _parsed(text, str(path))


@lru_cache(maxsize=8)
def _parsed(text: str, source: str) -> Schema:
    """One parse per distinct file text: the YAML parser is pure Python (~0.5 s for the shipped schema)
    and every job run loads the schema; a Schema is a frozen value, so runs can share it (#14).
    Keyed by the text, not the file's mtime, so an edit is always seen."""
    return loads_schema(text, source)


def loads_schema(text: str, source: str = "<text>") -> Schema:
    try:
        data = loads_yaml(text, source)
    except YamlError as exc:
        raise SchemaError(str(exc)) from None
    return build_schema(data, source)


def build_schema(data: Any, source: str) -> Schema:
    if not isinstance(data, dict):
        raise SchemaError(f"{source}: the top level must be a mapping with 'tabs'")
    _unknown(data, _TOP_KEYS, source)
    tabs_data = data.get("tabs")
    if not isinstance(tabs_data, list) or not tabs_data:
        raise SchemaError(f"{source}: 'tabs' must be a non-empty list")
    tabs = [_tab(t, source, i) for i, t in enumerate(tabs_data)]
    seen: set[str] = set()
    names: dict[str, str] = {}
    for tab in tabs:
        if fold(tab.name) in seen:
            raise SchemaError(f"{source}: tab '{tab.name}': defined twice")
        seen.add(fold(tab.name))
        for name in tab.names():
            if names.setdefault(name, tab.name) != tab.name:
                raise SchemaError(f"{source}: tab '{tab.name}': alias '{name}' also names tab '{names[name]}'")
    schema = Schema(tuple(tabs), source, spanish_names(data.get("spanish"), tabs, source))
    _check_references(schema)
    return schema


def _unknown(mapping: dict, allowed: set[str], where: str) -> None:
    extra = sorted(set(map(str, mapping)) - allowed)
    if extra:
        raise SchemaError(f"{where}: unknown key(s) {', '.join(extra)} (allowed: {', '.join(sorted(allowed))})")


def _tab(data: Any, source: str, index: int) -> Tab:
    if not isinstance(data, dict) or not isinstance(data.get("name"), str) or not data["name"].strip():
        raise SchemaError(f"{source}: tab #{index + 1}: needs a 'name'")
    where = f"{source}: tab '{data['name']}'"
    _unknown(data, _TAB_KEYS, where)
    layout = data.get("layout", "table")
    if layout not in LAYOUTS:
        raise SchemaError(f"{where}: layout '{layout}' is not one of {', '.join(sorted(LAYOUTS))}")
    owner = data.get("owner", "staff")
    if owner not in OWNERS:
        raise SchemaError(f"{where}: owner '{owner}' must be staff or service")
    columns_data = data.get("columns")
    if not isinstance(columns_data, list):
        raise SchemaError(f"{where}: 'columns' must be a list")
    columns = [_column(c, where, i) for i, c in enumerate(columns_data)]
    keys: set[str] = set()
    names: dict[str, str] = {}
    for col in columns:
        if col.key in keys:
            raise SchemaError(f"{where}, column '{col.key}': key used twice")
        keys.add(col.key)
        for name in col.names():
            if name in names and names[name] != col.key:
                raise SchemaError(f"{where}, column '{col.key}': header '{name}' also names column '{names[name]}'")
            names[name] = col.key
    prefix = data.get("id_prefix")
    if prefix is not None and (not isinstance(prefix, str) or not prefix.isalpha()):
        raise SchemaError(f"{where}: id_prefix must be letters, like P")
    if prefix and "id" not in keys:
        raise SchemaError(f"{where}: id_prefix set but there is no 'id' column")
    digits = data.get("id_digits", 6)
    if not isinstance(digits, int) or not 1 <= digits <= 12:
        raise SchemaError(f"{where}: id_digits must be a whole number from 1 to 12")
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SchemaError(f"{where}: defaults must be a mapping")
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise SchemaError(f"{where}: aliases must be a list of tab names")
    return Tab(data["name"], tuple(columns), prefix, digits, owner, layout, defaults, tuple(aliases))


def _column(data: Any, where: str, index: int) -> Column:
    if not isinstance(data, dict) or not isinstance(data.get("key"), str):
        raise SchemaError(f"{where}, column #{index + 1}: needs a 'key'")
    key = data["key"]
    here = f"{where}, column '{key}'"
    _unknown(data, _COLUMN_KEYS, here)
    if not key.isidentifier() or key != key.lower():
        raise SchemaError(f"{here}: key must be snake_case")
    header = data.get("header")
    if not isinstance(header, str) or not header.strip():
        raise SchemaError(f"{here}: needs a 'header'")
    owner = data.get("owner", "staff")
    if owner not in OWNERS:
        raise SchemaError(f"{here}: owner '{owner}' must be staff or service")
    kind = data.get("type", "text")
    if kind not in TYPES:
        raise SchemaError(f"{here}: unknown type '{kind}' (use one of {', '.join(sorted(TYPES))})")
    vocab = _vocabulary(data.get("vocabulary"), here)
    if kind in {"enum", "ref"} and vocab is None:
        raise SchemaError(f"{here}: type {kind} needs a vocabulary")
    if kind == "ref" and not isinstance(vocab, VocabRef):
        raise SchemaError(f"{here}: type ref needs vocabulary {{tab: ..., column: ...}}")
    note = data.get("note", {})
    if isinstance(note, str):
        note = {"en": note}
    if not isinstance(note, dict) or set(note) - {"en", "es"}:
        raise SchemaError(f"{here}: note must be text or {{en: ..., es: ...}}")
    for name in ("width", "min", "max", "max_length"):
        if data.get(name) is not None and (not isinstance(data[name], int) or isinstance(data[name], bool)):
            raise SchemaError(f"{here}: {name} must be a whole number")
    for name in ("required", "past", "dropdown", "yes_no"):
        if not isinstance(data.get(name, name == "dropdown"), bool):
            raise SchemaError(f"{here}: {name} must be true or false")
    aliases = data.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise SchemaError(f"{here}: aliases must be a list of headers")
    return Column(key, header.strip(), owner, kind, data.get("required", False), vocab,
                  str(note.get("en", "")), str(note.get("es", "")), data.get("width"), data.get("min"),
                  data.get("max"), data.get("max_length"), data.get("past", False), tuple(aliases),
                  data.get("dropdown", True), column_labels(data.get("labels"), kind, vocab, here),
                  data.get("yes_no", False))


def _vocabulary(value: Any, here: str) -> tuple[str, ...] | VocabRef | None:
    if value is None:
        return None
    if isinstance(value, list):
        if not value or not all(isinstance(v, str | int) and not isinstance(v, bool) for v in value):
            raise SchemaError(f"{here}: vocabulary must be a non-empty list of values")
        return tuple(str(v) for v in value)
    if isinstance(value, dict):
        _unknown(value, {"tab", "column"}, f"{here} vocabulary")
        if not isinstance(value.get("tab"), str) or not isinstance(value.get("column"), str):
            raise SchemaError(f"{here}: vocabulary reference needs 'tab' and 'column'")
        return VocabRef(value["tab"], value["column"])
    raise SchemaError(f"{here}: vocabulary must be a list or {{tab, column}}")


def _check_references(schema: Schema) -> None:
    tabs = {t.name: t for t in schema.tabs}
    for tab in schema.tabs:
        for col in tab.columns:
            if isinstance(col.vocabulary, VocabRef):
                ref = col.vocabulary
                where = f"{schema.source}: tab '{tab.name}', column '{col.key}'"
                if ref.tab not in tabs:
                    raise SchemaError(f"{where}: vocabulary refers to tab '{ref.tab}', which is not in the schema")
                if not tabs[ref.tab].has(ref.column):
                    raise SchemaError(f"{where}: vocabulary refers to column '{ref.column}' of tab '{ref.tab}', "
                                      "which does not exist")
