"""Strict YAML loading shared by config, schema and rules: duplicate keys are errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class YamlError(ValueError):
    """A YAML file that cannot be used; the message names the file and the place."""


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):   # libyaml's parser when PyYAML has it
    pass                                                                # (~8x faster: a job loads the schema)


def _mapping_without_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise YamlError(f"duplicate key '{key}' at line {mark.line + 1}, column {mark.column + 1}")
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def load_yaml(path: str | Path) -> Any:
    return loads_yaml(read_text(path), str(path))


def read_text(path: str | Path) -> str:
    """A YAML file's text (UTF-8), or a YamlError naming the file and what is wrong."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise YamlError(f"{path}: cannot read ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[:exc.start].count(b"\n") + 1
        raise YamlError(f"{path}:{line}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x}); "
                        "save it as UTF-8") from None


def loads_yaml(text: str, source: str = "<text>") -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except YamlError as exc:
        raise YamlError(f"{source}: {exc}") from None
    except yaml.YAMLError as exc:
        raise YamlError(_one_line(source, exc)) from None


def _one_line(source: str, exc: yaml.YAMLError) -> str:
    """`file:line: not valid YAML: what` — one line, naming where the parser stopped."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    where = f"{source}:{mark.line + 1}" if mark is not None else source
    what = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
    return f"{where}: not valid YAML: {what or ' '.join(str(exc).split())}"
