"""Which person each conversation is with: its `person` cell resolved to a People ID (by ID, or by a name
one person has), each distinct cell once; unknown and ambiguous names said (the follow-up rule's input)."""

from __future__ import annotations

from collections import defaultdict
from operator import itemgetter
from typing import Any

from turfbook.schema.cell_dates import is_blank
from turfbook.schema.model import TabSnapshot

SAME = "?"        # a person key of a name two People rows have: "?" + the text as typed (no People ID begins so)


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
    values = conversations.column("person")
    if None in values:              # a cell the schema layer could not read (a name two People rows have): its
        values = [_Said(raw) if value is None and not is_blank(raw) else value     # text, said there already
                  for value, raw in zip(values, conversations.raw_column("person"), strict=True)]
    pairs = list(zip(conversations.refs_column("person"), values, strict=True))
    try:
        memo = {pair: _resolve(*pair, ids, names) for pair in set(pairs)}    # each distinct cell once
    except TypeError:                           # a list value: unhashable
        pairs = [(resolved, tuple(value) if isinstance(value, list) else value) for resolved, value in pairs]
        memo = {pair: _resolve(*pair, ids, names) for pair in set(pairs)}
    hits = list(map(memo.__getitem__, pairs))
    if found is not None:
        found.extend((i, 0, "person", *hit[1]) for i, hit in enumerate(hits) if hit[1] is not None)
    return list(map(itemgetter(0), hits))


class _Said(str):
    """A person cell's text the schema layer already said a problem about (a21j 5): read as typed, not said again."""


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
    said = value.__class__ is _Said
    if matches:          # the very same text answers itself (a21j 5: a namesake added must not reopen history)
        return SAME + text, None if said else (
            f"person '{text}' matches {len(matches)} people ({', '.join(sorted(matches))}); use the ID",
            "ambiguous_reference")
    return None, None if said else (f"person '{text}' is not a People ID or name", "unknown_reference")
