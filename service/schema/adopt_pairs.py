"""The parts of a stored row key past its whole-key hash (adopt_sorted._hash: "whole.word.word~every"), and
the two rules that use them when a sort is found (adopt_displaced; issue 21, outside test round fix21u).

- i5, two records of ONE key (two "María García" in People): `every` — a hash of all the row's staff cells —
  tells them apart when their other cells (the phone) differ: each gets its own ID back; only rows whose
  other cells match no (or more than one) stored record of that key are given that key's free IDs in order.
- i4, a record edited before the sort: an ID whose record is on no row any more goes to the ONE row Turfbook
  has no key for whose words include EVERY word of that record (at least two: never a shared word alone,
  4ba21cb / a21i: "María López" is not "María García"; a new visit to Bea on another day lacks the old date),
  and only when no other such row, and no other such ID, fits. Every other ID left on a row whose content
  changed stays there, said "check that row"."""

from __future__ import annotations

MIN_WORDS = 2


def whole(key: str) -> str:
    """The key without its words and its every-cell hash (a key stored before either is whole already)."""
    return key.partition("~")[0].partition(".")[0]


def richer(old: str | None, new: str) -> str:
    """`new`, with the every-cell hash of `old` kept when both are one record's key and `old`'s was made of
    more columns (a job that reads fewer columns does not wear down what adopt stored: i5)."""
    was, now = old.partition("~")[2] if old else "", new.partition("~")[2]
    if not was or not now or whole(old) != whole(new):
        return new
    had, has = int(was[:4], 16), int(now[:4], 16)
    return f"{new.partition('~')[0]}~{was}" if has != had and has & had == has else new


def words(key: str) -> frozenset[str]:
    return frozenset(key.partition("~")[0].split(".")[1:])


def every(key: str) -> str:
    return key.partition("~")[2]


def own_of(full: str, ids: list[str], stored: dict[str, str]) -> str | None:
    """The one ID among `ids` (one key's) whose stored every-cell hash is `full`; None for none or several."""
    hits = [x for x in ids if full and every(stored.get(x, "")) == full]
    return hits[0] if len(hits) == 1 else None


def tell_alike(same: list, free: list[str], fulls: dict[int, str], stored: dict[str, str]):
    """Rows of one key (`same`, each id(row) -> its every-cell hash in `fulls`) and that key's free IDs: [(row,
    ID, told)]: first each row whose other cells are one free ID's record's alone (told), then the rest in
    order (not told: "check which is which")."""
    owns = {id(r): own_of(fulls.get(id(r), ""), free, stored) for r in same}
    counts: dict[str, int] = {}
    for x in owns.values():
        if x:
            counts[x] = counts.get(x, 0) + 1
    told = {id(r): x for r in same if (x := owns[id(r)]) and counts[x] == 1}
    rest = iter([x for x in free if x not in told.values()])
    out = []
    for row in same:
        if id(row) in told:
            out.append((row, told[id(row)], True))
        elif (x := next(rest, None)) is not None:
            out.append((row, x, False))
    return out


def pair_edited(open_ids: list[str], rows: list, row_words: dict[int, frozenset], stored: dict[str, str]):
    """{ID: row}: each ID whose record is on no row (`open_ids`) with the ONE row among `rows` (rows Turfbook
    has no key for) holding every one of its record's words (at least MIN_WORDS), that row fitting no other
    such ID."""
    fits: dict[str, list] = {}
    for x in open_ids:
        need = words(stored.get(x, ""))
        if len(need) >= MIN_WORDS:
            fits[x] = [r for r in rows if need <= row_words.get(id(r), frozenset())]
    taken: dict[int, int] = {}
    for found in fits.values():
        for r in found:
            taken[id(r)] = taken.get(id(r), 0) + 1
    return {x: found[0] for x, found in fits.items() if len(found) == 1 and taken[id(found[0])] == 1}
