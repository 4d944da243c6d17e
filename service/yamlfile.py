"""Strict YAML loading shared by config, schema and rules: duplicate keys are errors.

A text parsed before comes back from the per-user cache (usercache.py, named by the text's SHA-256) in
marshal's format: PyYAML builds its objects in Python even over libyaml (~22 ms of CPU for the shipped
workbook schema in every `turfbook` process, and ~25 ms to import it), marshal reads them back in well
under 1 ms. marshal gives back exactly what it was given (`yes` stays True, `1` an int, the keys' order);
data it cannot hold (a date) is parsed every time; a text that does not parse is never cached, so every
error is found and worded as before.
"""

from __future__ import annotations

import marshal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from turfbook import usercache

if TYPE_CHECKING:
    import yaml

# a change to what a parse returns (the loader below) must change it (2: sealed entries)
CACHE_KIND = f"yaml2m{marshal.version}"


class YamlError(ValueError):
    """A YAML file that cannot be used; the message names the file and the place."""


@cache
def _strict_loader() -> type:
    """The strict loader class (PyYAML imported on the first parse the cache cannot answer)."""
    import yaml

    class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when PyYAML has it
        pass                                                            # (~8x faster: a job loads the schema)

    _StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)
    return _StrictLoader


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            mark = key_node.start_mark
            raise YamlError(f"duplicate key '{key}' at line {mark.line + 1}, column {mark.column + 1}")
        seen[key] = key_node
    return loader.construct_mapping(node, deep=deep)


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
    name = usercache.key(CACHE_KIND, text.encode("utf-8", "surrogatepass"))
    blob = usercache.read(name)
    if blob is not None:
        try:
            return marshal.loads(blob)     # noqa: S302 - the user's own 0700 folder, a sealed entry (usercache.py)
        except Exception:                  # noqa: S110 - any doubt (even MemoryError): parsed and written afresh
            pass
    data = _parse(text, source)
    try:
        blob = marshal.dumps(data)
    except ValueError:                     # something marshal cannot hold (a date): not cached
        return data
    usercache.write(name, blob)
    return data


def _parse(text: str, source: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_strict_loader())  # noqa: S506 - a SafeLoader subclass
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
