"""What a problem says of a column not read through a changed group row (adopt_groups.change): advice that is
right for the change seen, so following it never reads a column as another's (attack a21k k7).

- "relabelled" (the cells under each position as adopted, the labels changed: fix21v d6): rename the group row
  back, or run `sheets adopt` to take the new labels.
- "mixed" (the columns under it moved AND the labels no longer sit over their own columns: the labels renamed
  "back" after a drag): put each label back over its own columns, named; never "rename it back" (that is what
  made the columns trade meanings).
- "ambiguous" (labels reordered over columns alike: dragged or retyped cannot be told from the headers): says
  both cases, each with what is right for it.
Pure, no I/O."""

from __future__ import annotations

from turfbook.schema.text import short


def group_text(title: str, header: str, ours: str, why: str, groups: list[str], cells: list[list[str]]) -> str:
    """The problem's text for a column `header` (ours: its Turfbook name) lost by `why`
    ("group<kind>:<was>><now>"), given the labels and the cells read through each as adopted."""
    kind, _, change = why.partition(":")
    was, _, now = change.partition(">")
    held = (f"so the column '{short(header)}' ({ours}) is not read through it: Turfbook reads no {ours} there and "
            "writes nothing that depends on it until")
    if kind == "groupmixed":
        own = "; ".join(f"'{short(g)}' over {' | '.join(c)}" for g, c in zip(groups, cells, strict=False) if c)
        said = f"'{short(now)}', as adopted" if now == was else f"'{short(was)}' as adopted, '{short(now)}' now"
        return (f"{title} header: the columns under the group row were moved and its labels ({said}) no longer "
                f"sit over their own columns, {held} each label is back over "
                f"its own columns as adopted ({own}): rename or move them so; do not just retype the labels in "
                "their old order")
    if kind == "groupambiguous":
        return (f"{title} header: the group row's labels changed order over columns alike ('{short(was)}' is now "
                f"'{short(now)}') and Turfbook cannot tell whether the columns were moved or the labels retyped, "
                f"{held} you say which: if you moved the columns, run `turfbook sheets adopt` to record where they "
                f"are; if you retyped the labels, put them back ('{short(was)}')")
    return (f"{title} header: the group row above it changed since the adoption ('{short(was)}' is now "
            f"'{short(now)}'), {held} you rename the group row back, or run `turfbook sheets adopt` to take the "
            "new labels")
