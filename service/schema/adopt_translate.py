"""An adopted workbook's sheets read as the schema's tabs (`translate`: their header row wherever it is now,
their columns found again by header text, a tab per organizer as one), and the organizer a sheet's title
implies found in the adopted Organizers tab (`resolve_organizers`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from turfbook.schema.adopt_layout import ORGANIZERS, Layout
from turfbook.schema.loader import Schema
from turfbook.schema.text import fold


@dataclass
class Translated:
    values: dict[str, list[list[Any]]]                        # schema tab -> our header + rows
    origins: dict[str, list[tuple[str, int]]]                 # schema tab -> (sheet title, 1-based row) per row
    lost: list[tuple[str, str, str, str]] = field(default_factory=list)   # (sheet, key, stored header, why)


def translate(schema: Schema, layout: Layout, raw: dict[str, list[list[Any]]]) -> Translated:
    out = Translated({}, {})
    for tab in schema.tabs:
        sheets = layout.of(tab.name)
        if not sheets:
            continue
        keys = [c.key for c in tab.columns if any(c.key in s.mapping for s in sheets)
                or (c.key == "organizer" and any(s.organizer for s in sheets))]
        table: list[list[Any]] = [[tab.column(k).header for k in keys]]
        origins: list[tuple[str, int]] = []
        for sheet in sheets:
            rows = raw.get(sheet.title, [])
            top = sheet.locate_header(rows)
            at, lost = sheet.found_again(sheet.header_at(rows, top), tab)
            out.lost += [(sheet.title, k, sheet.columns[sheet.mapping[k]].text, why) for k, why in lost.items()
                         if k in keys]
            for offset, cells in enumerate(rows[top:]):
                row = [cells[at[k]] if k in at and at[k] < len(cells) else "" for k in keys]
                if not any(c not in ("", None) for c in row):
                    continue
                if sheet.organizer and "organizer" in keys:
                    i = keys.index("organizer")
                    row[i] = row[i] if row[i] not in ("", None) else sheet.organizer
                table.append(row)
                origins.append((sheet.title, top + 1 + offset))
        out.values[tab.name] = table
        out.origins[tab.name] = origins
    return out


def resolve_organizers(schema: Schema, layout: Layout, values: dict[str, list[list[Any]]]) -> None:
    """The organizer a title implies ("Convos - Ana"), found in the adopted Organizers tab ("Ana Rivera", when
    no other organizer's first name is Ana). Not there, or two of that first name: not filled in
    (`organizer_note` says why in the report); no Organizers tab adopted: kept as the title says it."""
    people = [s for s in layout.sheets if s.tab == ORGANIZERS]
    if not people:
        return
    read = translate(schema, Layout(sheets=people), values).values.get(ORGANIZERS, [])
    at = read[0].index(schema.tab(ORGANIZERS).column("name").header) if read and read[0] else None
    known = sorted({str(r[at]).strip() for r in read[1:] if at is not None and at < len(r) and str(r[at]).strip()})
    for sheet in layout.sheets:
        said = sheet.from_title
        if not said:
            continue
        same = [n for n in known if fold(n) == fold(said)]
        first = [n for n in known if fold(n.split()[0]) == fold(said)] if len(said.split()) == 1 else []
        if same:
            sheet.organizer, sheet.organizer_note, sheet.organizer_sure = same[0], "listed", 1.0
        elif len(first) == 1:
            sheet.organizer, sheet.organizer_note, sheet.organizer_sure = first[0], "first_name", 0.95
        else:
            sheet.organizer = ""
            sheet.organizer_note = "ambiguous:" + ", ".join(first) if first else "not_listed"
