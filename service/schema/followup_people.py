"""Which person each conversation is with: its `person` cell resolved to a People ID (by ID, or by a name
one person has), each distinct cell once; unknown and ambiguous names said (the follow-up rule's input)."""

from __future__ import annotations

from collections import defaultdict
from itertools import compress, repeat
from operator import is_
from typing import Any

from turfbook.schema.cell_dates import is_blank
from turfbook.schema.held_refs import unsure_of
from turfbook.schema.model import TabSnapshot

SAME = "?"        # a person key of a name two People rows have, or of a held ID (held_refs): "?" + the text as typed
#                   (no People ID begins so)


def _normal(text: Any) -> str:
    """Runs of whitespace as one space, none at the ends (str.split's whitespace: the same as re's \\s)."""
    return " ".join(str(text).split())


def resolve_people(conversations: TabSnapshot, people: TabSnapshot | None,
                   found: list[tuple[int, int, str, str, str]] | None = None) -> list[str | None]:
    """Each row's People ID from its `person` cell, or None; unknown and ambiguous names are added to
    `found` as (row index, 0, "person", message, kind). Each distinct reference, and each distinct cell the
    schema layer did not resolve, is looked up once; People's names are gathered only for such cells. While People
    is held (held_refs), its unsure IDs, and names of rows showing one, resolve to no one: "?" + the text."""
    held = {i.upper() for i in unsure_of(people)}
    row_ids = list(filter(None, people.row_ids())) if people is not None else []
    if not held and set(map(type, row_ids)) <= {str}:    # the usual: C loops (map over str.upper)
        ids = dict(zip(map(str.upper, row_ids), row_ids, strict=True))
    else:
        ids = {row_id.upper(): row_id for row_id in row_ids if row_id.upper() not in held}
    refs = conversations.refs_column("person")
    distinct = set(refs)
    named = list(filter(None, distinct))
    if set(map(type, named)) <= {str}:
        by_ref = dict(zip(named, map(ids.get, map(str.upper, named)), strict=True))   # the schema layer resolved it
        by_ref.update(dict.fromkeys(distinct.difference(named)))           # blank: None
    else:
        by_ref = {ref: ids.get(ref.upper()) if ref else None for ref in distinct}
    out = list(map(by_ref.__getitem__, refs))
    rest = list(compress(range(len(out)), map(is_, out, repeat(None))))
    if not rest:
        return out
    values = conversations.column("person")
    raws = conversations.raw_column("person")
    names = _names(people)
    memo: dict[Any, tuple[str | None, tuple[str, str] | None]] = {}
    for i in rest:
        value = values[i]
        if value is None and not is_blank(raws[i]):    # a cell the schema layer could not read (a name two
            value = _Said(raws[i])                     # People rows have): its text, said there already
        key = (value.__class__ is _Said, tuple(value) if isinstance(value, list) else value)   # a list: unhashable
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _resolve(None, value, ids, names, held)
        out[i] = hit[0]
        if found is not None and hit[1] is not None:
            found.append((i, 0, "person", *hit[1]))
    return out


def _names(people: TabSnapshot | None) -> dict[str, set[str]]:
    """{name (spaces folded): the IDs of the People rows with that name}."""
    names: dict[str, set[str]] = defaultdict(set)
    if people is not None:
        for row_id, name in zip(people.row_ids(), people.column("name"), strict=True):
            if row_id and not is_blank(name):
                names[_normal(name)].add(row_id)
    return names


class _Said(str):
    """A person cell's text the schema layer already said a problem about (a21j 5): read as typed, not said again."""


def _resolve(resolved: str | None, value: Any, ids: dict[str, str], names: dict[str, set[str]],
             held: set[str] = frozenset()) -> tuple[str | None, tuple[str, str] | None]:
    """(People ID or None, (message, kind) when the cell names no one person); `held`: IDs (upper case) that
    resolve to no one (held_refs): a cell typed as one, or naming a row that shows one, is "?" + its text."""
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
    if held and (text.upper() in held or any(m.upper() in held for m in matches)):
        return SAME + (text.upper() if text.upper() in held else text), None   # answers itself (a21l l6)
    if len(matches) == 1:
        return next(iter(matches)), None
    said = value.__class__ is _Said
    if matches:          # the very same text answers itself (a21j 5: a namesake added must not reopen history)
        return SAME + text, None if said else (
            f"person '{text}' matches {len(matches)} people ({', '.join(sorted(matches))}); use the ID",
            "ambiguous_reference")
    return None, None if said else (f"person '{text}' is not a People ID or name", "unknown_reference")
