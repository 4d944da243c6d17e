"""How a filing plan and run read to a person: a summary and the plan as a table.

The table is the same for `--dry-run` and the real run (the real run prints what it did), so the
two can be compared line by line.
"""

from __future__ import annotations

SHOWN = 500


def summarize(the_plan, inventory, applied, counts: dict) -> str:
    head = "Filing (dry run: nothing moved or written)" if applied is None else "Filing"
    lines = [f"{head}: {counts['inbox']} file(s) in the inbox and review folder",
             f"  filed {counts['filed']}, needs review {counts['needs_review']}, duplicates {counts['duplicates']}, "
             f"moves {counts['moves']}, repaired rows {counts['repaired']}"]
    if applied is not None:
        lines.append(f"  moved {applied.moved}, folders created {applied.folders_created}, twin folders "
                     f"{applied.twins}, errors {len(applied.errors)}, API calls {counts['api_calls']}")
        lines += [f"    ! {e}" for e in applied.errors[:20]]
        if applied.rows_missing:
            missing = ", ".join(applied.rows_missing)
            lines.append(f"  Media rows not found when writing (deleted by staff?): {missing}")
    if the_plan.problems:
        lines.append(f"  problems: {len(the_plan.problems)}")
        lines += [f"    - {media_id} {message}" for media_id, message in the_plan.problems[:20]]
    return "\n".join(lines)


def rows(the_plan, inventory) -> list[tuple[str, str, str, str, str]]:
    """(media id, status, original, destination, rule or reason) per placement and repair: the plan's content."""
    out = []
    for p in the_plan.placements:
        destination = f"{p.folder_text}/{p.name}" if p.move else "(stays) " + p.folder_text
        note = "; ".join(x for x in (p.rule, p.reason) if x)
        out.append((p.media_id, p.status, p.file.name, destination, note))
    for r in inventory.repairs:
        out.append((r["id"], f"{r['status']} (repair)", str(r.get("original_name", "")),
                    f"{r.get('folder', '')}/{r.get('filed_name', '')}", str(r.get("reason", ""))))
    return out


def describe(the_plan, inventory, limit: int = SHOWN) -> str:
    table = rows(the_plan, inventory)
    if not table:
        return "Nothing to file."
    headers = ("media", "status", "original", "→ folder/name", "rule / reason")
    caps = (10, 20, 40, 110)
    widths = [min(caps[i], max(len(headers[i]), *(len(r[i]) for r in table[:limit]))) for i in range(4)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers[:4], widths, strict=True)) + "  " + headers[4]]
    for r in table[:limit]:
        lines.append("  ".join(_fit(c, w) for c, w in zip(r[:4], widths, strict=True)) + "  " + r[4])
    if len(table) > limit:
        lines.append(f"... and {len(table) - limit} more")
    return "\n".join(lines)


def _fit(text: str, width: int) -> str:
    return text.ljust(width) if len(text) <= width else "…" + text[-(width - 1):]
