"""Partial responses: the `fields` mask, in both spellings (`a.b,c` and `a(b,c)`)."""

from __future__ import annotations

from typing import Any

from turfbook_emulator.errors import bad_request

Tree = dict[str, "Tree | None"]


def parse(mask: str) -> Tree:
    tree: Tree = {}
    pos = _parse_list(mask.replace(" ", ""), 0, tree)
    if pos != len(mask.replace(" ", "")):
        raise bad_request(f"Invalid field selection {mask}", reason="invalidParameter", location="fields")
    return tree


def _parse_list(text: str, pos: int, tree: Tree) -> int:
    while pos < len(text):
        start = pos
        while pos < len(text) and text[pos] not in ",()":
            pos += 1
        path = [p for p in text[start:pos].replace("/", ".").split(".") if p]
        if not path:
            raise bad_request(f"Invalid field selection {text}", reason="invalidParameter", location="fields")
        node = tree
        for name in path[:-1]:
            child = node.get(name, {}) if name in node else {}
            if child is None:
                break
            node[name] = child
            node = child
        else:
            last = path[-1]
            if pos < len(text) and text[pos] == "(":
                existing = node.get(last)
                sub: Tree = existing if isinstance(existing, dict) else {}
                if last in node and node[last] is None:
                    sub = {}
                pos = _parse_list(text, pos + 1, sub)
                if pos >= len(text) or text[pos] != ")":
                    raise bad_request(f"Invalid field selection {text}", reason="invalidParameter",
                                      location="fields")
                pos += 1
                if not (last in node and node[last] is None):
                    node[last] = sub
            else:
                node[last] = None
        if pos < len(text) and text[pos] == ",":
            pos += 1
            continue
        return pos
    return pos


def apply(value: Any, tree: Tree | None) -> Any:
    if tree is None or "*" in tree:
        return value
    if isinstance(value, list):
        return [apply(item, tree) for item in value]
    if isinstance(value, dict):
        return {k: apply(v, tree[k]) for k, v in value.items() if k in tree}
    return value


def wants(tree: Tree | None, *path: str) -> bool:
    """Whether the mask selects (part of) the given path."""
    node = tree
    for name in path:
        if node is None or "*" in node:
            return True
        if name not in node:
            return False
        node = node[name]
    return True
