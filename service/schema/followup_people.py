"""Which person each conversation is with: its `person` cell resolved to a People ID (by ID, or by a name
one person has), each distinct cell once; unknown and ambiguous names said (the follow-up rule's input)."""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter
from typing import Any

from turfbook.schema.cell_dates import is_blank
from turfbook.schema.model import TabSnapshot


def _normal(text: Any) -> str:
    """Runs of whitespace as one space, none at the ends (str.split's whitespace: the same as re's \\s)."""
    return " ".join(str(text).split())


def resolve_people(conversations: TabSnapshot, people: TabSnapshot | None,
                   found: list[tuple[int, int, str, str, str]] | None = None) -> list[str | None]:
    """Each row's People ID from its `person` cell, or None; unknown and ambiguous names are added to
    `found` as (row index, 0, "person", message, kind). Each distinct cell is resolved once."""
    rows = people.rows if people is not None else []
    ids = {row.id.upper(): row.id for row in rows if row.id}
    names: dict[str, set[str]] = defaultdict(set)
    if people is not None:
        for row, name in zip(rows, people.column("name"), strict=True):
            if row.id and not is_blank(name):
                names[_normal(name)].add(row.id)
    pairs = list(zip(conversations.refs_column("person"), conversations.column("person"), strict=True))
    try:
        memo = {pair: _resolve(*pair, ids, names) for pair in set(pairs)}    # each distinct cell once
    except TypeError:                           # a list value: unhashable
        pairs = [(resolved, tuple(value) if isinstance(value, list) else value) for resolved, value in pairs]
        memo = {pair: _resolve(*pair, ids, names) for pair in set(pairs)}
    hits = list(map(memo.__getitem__, pairs))
    if found is not None:
        found.extend((i, 0, "person", *hit[1]) for i, hit in enumerate(hits) if hit[1] is not None)
    return list(map(itemgetter(0), hits))


def _resolve(resolved: str | None, value: Any, ids: dict[str, str],
             names: dict[str, set[str]]) -> tuple[str | None, tuple[str, str] | None]:
    """(People ID or None, (message, kind) when the cell names no one person)."""
    if resolved and resolved.upper() in ids:          # the schema layer resolved it
        return ids[resolved.upper()], None
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if is_blank(value):
        return None, None
    text = _normal(value)
    if text.upper() in ids:
        return ids[text.upper()], None
    matches = names.get(text, set())
    if len(matches) == 1:
        return next(iter(matches)), None
    if matches:
        return None, (f"person '{text}' matches {len(matches)} people ({', '.join(sorted(matches))}); use the ID",
                      "ambiguous_reference")
    return None, (f"person '{text}' is not a People ID or name", "unknown_reference")
