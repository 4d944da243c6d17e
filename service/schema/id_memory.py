"""The workbook's memory of the IDs Turfbook gave (fix23a): an ID once given is never given again, also on the
tabs that keep no hidden service tab (Worksites, Issues, Structure tests, Participation, Media, Organizers).

Counting on from the rows, the service tabs, the stored row keys and the field queue (id_next) forgot a
deleted row there: delete the row holding W-0012 (referenced nowhere) and the next new worksite got W-0012
again, with the deleted one's Drive folders, Media log and history. So the spreadsheet itself keeps the highest
number given per prefix: developer metadata on the spreadsheet (key KEY, visibility DOCUMENT, one entry per
prefix, e.g. `{"W":12}`), nothing a person sees or edits in the sheet, no tab, no cell. It is
- written in the same atomic spreadsheets.batchUpdate as the IDs it counts (ids.apply_ids; row_appends for
  the field job's and filing's new rows): a run killed between them cannot have given an ID it did not remember;
- read by the spreadsheets.get ids.apply_ids makes anyway (its sheets are that read's), so the schema job
  reads it with no call added; the count (Kept, for id_next.NextIds) reads it when a first new number is
  wanted, the field job likewise, filing when it has files (one spreadsheets.get on such a tick or run);
- only ever raising the count: a new number is above the highest of it AND every other source, so a value
  someone lowered or deleted (through the API or Apps Script) lowers nothing, and it is written back as the
  higher of the two. A value it cannot read is said (EN/ES, `problems`), the rest of it still counts, and it
  is written afresh with the next new ID.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from turfbook.schema.model import Problem
from turfbook.workspace import sheet_requests as sr

KEY = "turfbook_ids_given"
KIND = "id_memory"
FIELDS = "developerMetadata,sheets.properties(sheetId,title,gridProperties.rowCount)"
_PREFIX = re.compile(r"[A-Z]+")
_DIGITS = re.compile(r"[0-9]{1,15}")
LIMIT = 10**15                  # beyond any sheet's rows (10 million cells): a larger number is not read, but said

Numbers = dict[str, int]


def merged(*numbers: Numbers) -> Numbers:
    """The highest number per prefix of all of them."""
    out: Numbers = {}
    for each in numbers:
        for prefix, number in (each or {}).items():
            out[prefix] = max(out.get(prefix, 0), number)
    return out


def text(numbers: Numbers) -> str:
    return json.dumps(dict(sorted(numbers.items())), separators=(",", ":"))


@dataclass
class Memory:
    numbers: Numbers = field(default_factory=dict)   # the highest number given per prefix, as read
    entries: dict[int, Numbers] = field(default_factory=dict)   # metadataId -> the prefixes it holds (read)
    bad: list[int] = field(default_factory=list)    # entries with a part not read (rewritten clean)
    unreadable: list[str] = field(default_factory=list)   # what of it could not be read
    meta: dict = field(default_factory=dict)        # the spreadsheets.get answer it came in (FIELDS)
    source: Any = None                              # the Sheets it was read through
    rewritten: bool = False                         # written afresh since it was read (unreadable: still said)

    @property
    def ids(self) -> list[int]:
        return list(self.entries)

    def raise_to(self, given: Numbers) -> tuple[list[dict], Callable[[], None]]:
        """The requests that raise the memory to `given` where it is lower (never lowering a number), for the
        batch that writes those IDs, and what to call once that batch landed ([] when it already holds them).
        Each entry is rewritten only when a prefix it holds is raised, and a prefix no entry holds gets one of
        its own (or the first entry not read): a job giving M- IDs never rewrites the entry of W- IDs another
        job raised meanwhile (the `ids` lock is a local file: another machine's run is not under it)."""
        numbers = merged(self.numbers, given)
        entries, requests = dict(self.entries), []
        bad = [] if self.rewritten else list(self.bad)
        for metadata_id, held in self.entries.items():
            want = {p: numbers[p] for p in held}
            if want != held or metadata_id in bad:
                requests.append(sr.update_metadata_value(metadata_id, text(want)))
                entries[metadata_id] = want
        held = {p for h in entries.values() for p in h}
        spare = [b for b in bad if b not in self.entries]      # entries not read at all: rewritten clean
        for prefix in sorted(p for p in given if p not in held):
            if spare:                                        # the first of them takes the new prefixes
                entries[spare[0]] = {**entries.get(spare[0], {}), prefix: numbers[prefix]}
                continue
            metadata_id = secrets.randbelow(2**31 - 2) + 1
            requests.append(sr.create_spreadsheet_metadata(metadata_id, KEY, text({prefix: numbers[prefix]})))
            entries[metadata_id] = {prefix: numbers[prefix]}
        for metadata_id in spare:
            entries.setdefault(metadata_id, {})
            requests.append(sr.update_metadata_value(metadata_id, text(entries[metadata_id])))

        def landed() -> None:
            self.numbers, self.entries, self.rewritten = numbers, entries, True
        return requests, landed


def of(meta: dict, source: Any = None) -> Memory:
    """The memory in a spreadsheets.get answer (its top-level developerMetadata: the spreadsheet's own)."""
    memory = Memory(meta=meta, source=source)
    for entry in meta.get("developerMetadata") or []:
        where = (entry.get("location") or {}).get("locationType", "SPREADSHEET")
        if entry.get("metadataKey") != KEY or where != "SPREADSHEET":
            continue
        metadata_id, value = entry.get("metadataId"), entry.get("metadataValue") or ""
        try:
            found = json.loads(value)
        except (ValueError, RecursionError):        # not JSON, or nested past reading (a23f 3)
            found = None
        if not isinstance(found, dict):
            memory.unreadable.append(value[:80])
            memory.bad.append(metadata_id)
            continue
        held = memory.entries.setdefault(metadata_id, {})
        for prefix, given in found.items():
            number, prefix = _number(given), prefix.upper() if prefix.isascii() else prefix
            if _PREFIX.fullmatch(prefix) and number is not None:
                held[prefix] = max(held.get(prefix, 0), number)
            else:
                shown = ("too large" if given.__class__ is int and given >= LIMIT else given
                         if given.__class__ in (str, int, float, bool) or given is None else type(given).__name__)
                memory.unreadable.append(f"{prefix[:20]}: {shown}"[:80])
                if metadata_id not in memory.bad:
                    memory.bad.append(metadata_id)
    memory.numbers = merged(*memory.entries.values())
    return memory


def _number(value) -> int | None:
    """A number of the memory: an int, a whole float (2.0) or ASCII digits, below LIMIT; else None (said, a23f 3:
    '²' passed str.isdigit and failed int(); a 4,300-digit number failed int() too)."""
    if value.__class__ is float and value.is_integer():
        value = int(value)
    elif value.__class__ is str and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    return value if value.__class__ is int and 0 <= value < LIMIT else None


def read(sheets) -> Memory:
    """The memory and the sheets' IDs and titles (one spreadsheets.get)."""
    return of(sheets.metadata(FIELDS), sheets)


def for_write(sheets, memory: Memory | None) -> Memory:
    """The memory an ID write raises: the one the count read through these `sheets` (its answer also says
    where the sheets are: no call), else read now (the spreadsheets.get the write makes anyway)."""
    return memory if memory is not None and memory.source is sheets else read(sheets)


def problems(memory: Memory | None, job: str) -> list[Problem]:
    """A memory with a part not read, said once (EN / ES)."""
    if memory is None or not memory.unreadable:
        return []
    what = "; ".join(memory.unreadable)
    return [Problem(job, "", None, None, (
        f"Turfbook's record of the highest ID it has given per tab (the spreadsheet's developer metadata "
        f"'{KEY}') has a part it cannot read ({what}): new IDs still count on from above every ID in the "
        "rows, the hidden tabs and the rest of the record, and the record is written afresh with the next new "
        f"ID. Nothing to do, unless someone changed it on purpose / El registro de Turfbook del ID más alto que "
        f"ya dio en cada pestaña (los metadatos de desarrollador '{KEY}' de la hoja de cálculo) tiene una parte "
        f"que no puede leer ({what}): los ID nuevos siguen contando por encima de todo ID de las filas, de las "
        "pestañas ocultas y del resto del registro, y el registro se vuelve a escribir con el próximo ID nuevo. "
        "No hace falta hacer nada, salvo que alguien lo haya cambiado a propósito"), KIND)]


class Kept:
    """The numbers the workbook keeps beyond its rows, for id_next.NextIds (called when a first new number is
    wanted, once): the hidden service tabs' IDs (adopt_fixes.service_numbers, through `sheets`) and the memory
    (through `via`, default `sheets`), kept as `memory` for the write (for_write) and its problems."""

    def __init__(self, sheets, via=None):
        self._sheets, self._via = sheets, via if via is not None else sheets
        self.memory: Memory | None = None

    def __call__(self) -> Numbers:
        from turfbook.schema.adopt_fixes import service_numbers

        self.memory = read(self._via)
        return merged(service_numbers(self._sheets), self.memory.numbers)
