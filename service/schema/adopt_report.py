"""The adoption report a director reads, in English or Spanish: tabs and columns matched (and how sure),
columns Turfbook would add, rows adopted, problems to fix. Plain text (Markdown-friendly). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from turfbook.schema.adopt_layout import Layout
from turfbook.schema.adopt_service_columns import row_written
from turfbook.schema.adopt_settings import report_lines
from turfbook.schema.adopt_words import WORDS
from turfbook.schema.header_match import TITLE_SURE
from turfbook.schema.loader import Schema
from turfbook.schema.model import Problem
from turfbook.schema.problem_kinds import label
from turfbook.schema.spanish_names import label as label_of
from turfbook.schema.text import one_line
from turfbook.workspace import a1

LIMIT = 200
HISTORY = "adoption-history.{lang}.md"      # in DATA_DIR, next to the report: every run that added something


@dataclass
class AdoptionReport:
    layout: Layout
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.layout.sheets)

    def render(self, schema: Schema, language: str = "en", dry_run: bool = False, applied=None) -> str:
        """`applied` (adopt_apply.Applied): what this run added, listed first."""
        lang = "es" if language == "es" else "en"
        w = WORDS[lang]
        lines = [f"# {w['title']}", ""]
        if dry_run:
            lines += [w["dry"], ""]
        if applied is not None:
            lines += [f"## {w['applied']}", *_applied(applied, w, {s.title: s.header_row for s in self.layout.sheets})]
            if not changed(applied):
                lines.append(f"- {w['earlier'].format(file=HISTORY.format(lang='es' if language == 'es' else 'en'))}")
            lines.append("")
        tabs = {s.tab for s in self.layout.sheets}
        lines += [w["total"].format(sheets=len(self.layout.sheets), tabs=len(tabs), rows=self.rows,
                                    problems=len(self.problems)), "", f"## {w['tabs']}"]
        for s in self.layout.sheets:
            kept = [w[k] for k, on in (("merged", s.merged_title), ("frozen", s.frozen_rows), ("filter", s.has_filter))
                    if on]
            who = f"; {w['organizer']}: {s.organizer} ({_organizer_how(s, w)})" if s.organizer else ""
            ours = label_of(schema, s.tab, "", lang)
            lines.append(f"- '{one_line(s.title)}' → {ours} ({_how(s.how.how, s.how.score, w)}); {w['header_row']} "
                         f"{s.header_row}; {s.rows} {w['rows']}{who}" + (f"; {', '.join(kept)}" if kept else ""))
            for i, m in enumerate(s.columns):
                text = one_line(m.text)
                if m.key:
                    header = label_of(schema, s.tab, m.key, lang)
                    lines.append(f"    - {a1.column_letter(i)} '{text}' → {header} ({_how(m.how, m.score, w)})"
                                 + _notes(s, i, schema, w))
                elif m.how == "theirs":
                    key = next(k for k, at in s.theirs.items() if at == i)
                    said = "theirs_written" if key in row_written(schema.tab(s.tab)) else "theirs"
                    lines.append(f"    - {a1.column_letter(i)} '{text}': " + w[said].format(
                        ours=_added(schema, s, key, lang)))
                elif i in s.notes:
                    lines.append(f"    - {a1.column_letter(i)} '{text}': {_note(s, i, schema, w)}")
                elif m.text.strip():
                    lines.append(f"    - {a1.column_letter(i)} '{text}': {w['staff']}")
            added = s.to_add(schema.tab(s.tab))
            names = ", ".join(f"{letter} {_added(schema, s, k, lang)}" for k, letter in added)
            lines.append(f"    {w['add']}: {names or w['none_add']}")
        lines += report_lines(self.layout.settings, lang)       # their 'Ajustes' read as Settings (adopt_settings)
        notes = [_organizer_note(s, w) for s in self.layout.sheets
                 if s.organizer_note.startswith(("not", "amb", "kept"))]
        lines += [f"- {n}" for n in notes]
        unsure = [t for t, _, _ in self.layout.unsure]
        if self.layout.unsure:
            lines += ["", f"## {w['unsure_tabs']}",
                      *(f"- {w['looks_like'].format(sheet=t, tab=tab, pct=round(pct * 100))}"
                        for t, tab, pct in self.layout.unsure)]
        ignored = [t for t in self.layout.ignored if t not in unsure]
        if ignored:
            lines += ["", f"## {w['ignored']}", *(f"- '{t}'" for t in ignored)]
        own = self.layout.own
        if own.theirs or own.refused:
            lines += ["", f"## {w['own_tabs']}", *(f"- {w['theirs_named'].format(sheet=t)}" for t in own.theirs)]
            lines += [f"- {w['own_title'].format(tab=tab, title=title)}" for tab, title in own.renamed.items()]
            lines += [f"- {w['own_refused'].format(tab=tab)}" for tab in own.refused]
        lines += ["", f"## {w['problems']}"]
        lines += [f"- {_problem(p, language, schema)}" for p in self.problems[:LIMIT]] or [f"- {w['no_problems']}"]
        if len(self.problems) > LIMIT:
            lines.append(w["more"].format(n=len(self.problems) - LIMIT))
        return "\n".join(lines) + "\n"


def changed(applied) -> bool:
    """Whether this run added, repaired or left out anything (what the history keeps)."""
    return any(getattr(applied, name, None) for name in ("tabs", "columns", "ids", "repaired", "ids_left", "refused",
                                                          "filters", "gone", "restored", "new_ids", "put_back",
                                                          "sorted_left", "accepted"))


def history_entry(applied, language: str, day: str, rows: dict[str, int], existing: str) -> str:
    """The text to append to the history file (`existing`: what it holds, "" when new): a dated section
    of what this run added (the report's "Added to your workbook" lines); "" when it added nothing, so a
    nightly re-run that finds everything there never hides what the first adoption did."""
    if not changed(applied):
        return ""
    w = WORDS["es" if language == "es" else "en"]
    head = "" if existing else f"# {w['history']}\n\n{w['history_intro']}\n"
    return head + f"\n## {day}: {w['applied']}\n" + "\n".join(_applied(applied, w, rows)) + "\n"


def _applied(applied, w: dict, rows: dict[str, int]) -> list[str]:
    lines = [f"- {w['gone'].format(sheet=t)}" for t in getattr(applied, "gone", [])]
    restored = getattr(applied, "restored", [])
    lines += [f"- {w['restored' if t in restored else 'tab_added'].format(tab=t)}" for t in applied.tabs]
    lines += [f"- {w['cols_added'].format(sheet=t, row=rows.get(t, 1), columns=', '.join(f'{c} {h}' for c, h in cols))}"
              for t, cols in applied.columns.items()]
    for sheet, why in applied.refused.items():
        kind, _, rest = why.partition(":")
        row, _, column = rest.partition(":")
        lines.append(f"- {w['refused'].format(sheet=sheet, why=w[kind].format(row=row, column=column))}")
    lines += [f"- {w['filter_widened'].format(sheet=t)}" for t in getattr(applied, "filters", [])]
    lines += [f"- {w['new_ids'].format(sheet=t)}" for t in getattr(applied, "new_ids", [])]
    if applied.ids:
        lines.append(f"- {w['ids'].format(n=applied.ids)}")
    if applied.repaired:
        lines.append(f"- {w['repaired'].format(n=applied.repaired)}")
    if applied.ids_left:
        lines.append(f"- {w['ids_left'].format(n=applied.ids_left)}")
    es = w is WORDS["es"]
    name = (lambda t: getattr(applied, "tabs_es", {}).get(t, t)) if es else (lambda t: t)  # noqa: E731
    lines += [f"- {w['accepted'].format(tab=name(t))}" for t in getattr(applied, "accepted", [])]
    lines += [f"- {w['put_back'].format(tab=name(t), n=n)}" for t, n in getattr(applied, "put_back", {}).items()]
    notes = getattr(applied, "put_back_notes", {})
    lines += [f"- {w['put_back_notes'].format(tab=name(t), notes=_half(n, es))}" for t, n in notes.items() if n]
    lines += [f"- {w['sorted_left'].format(tab=name(t))}" for t in getattr(applied, "sorted_left", [])]
    lines += [f"- {w['nothing_to_accept' if t else 'nothing_held'].format(tab=name(t))}"
              for t in getattr(applied, "nothing_to_accept", [])]
    lines += [f"- {_half(n, es)}" for n in getattr(applied, "id_notes", [])]
    return lines or [f"- {w['applied_none']}"]


def _half(text: str, es: bool) -> str:
    en, _, spanish = text.partition(" / ")
    return spanish if es and spanish else en


def _organizer_how(s, w: dict) -> str:
    if s.organizer_note == "listed":
        return w["org_listed"]
    if s.organizer_note.startswith("kept:"):
        return w["org_kept_how"]
    if s.organizer_note == "first_name":
        return w["org_first"].format(said=s.from_title)
    sure = w["sure"] if s.organizer_sure >= TITLE_SURE else w["unsure_word"]
    return w["org_title"].format(sure=sure, pct=round(s.organizer_sure * 100))


def _organizer_note(s, w: dict) -> str:
    from turfbook.schema.adopt_translate import either

    note = s.organizer_note.partition(":")[2] if s.organizer_note.startswith("kept:") else s.organizer_note
    names = either(note, w["lang"])
    if s.organizer_note.startswith("kept:nameless"):    # "Convos", "Convos - Rosa y Mia": no one organizer now
        said = s.organizer_note.split(":", 2)[2:]          # the listed names it mentions (adopt_handover.mentioned)
        if said:
            names = said[0].split(", ")
            both = ", ".join(names[:-1]) + w["and"] + names[-1] if len(names) > 1 else names[0]
            return w["org_kept_mentions"].format(sheet=s.title, name=s.organizer, names=both)
        return w["org_kept_nameless"].format(sheet=s.title, name=s.organizer)
    if s.organizer_note.startswith("kept:"):
        why = w["org_kept_two"] if note.startswith("ambiguous:") else w["org_kept_none"]
        return w["org_kept"].format(sheet=s.title, said=s.from_title, why=why.format(names=names),
                                    name=s.organizer, before=s.adopted_as)
    if note.startswith("ambiguous:"):
        return w["org_ambiguous"].format(sheet=s.title, said=s.from_title, names=names)
    return w["org_not_listed"].format(sheet=s.title, said=s.from_title)


def _problem(p: Problem, language: str, schema: Schema | None = None) -> str:
    """English: the message as is; Spanish: kind, sheet, row and column in Spanish (the tab's and column's
    Spanish names where the schema has them), then the detail."""
    if language != "es":
        return p.message
    spanish = schema.spanish if schema is not None else {}
    tab = next((t for t in (schema.tabs if schema is not None else ()) if t.name == p.tab), None)
    key = next((c.key for c in tab.columns if c.header == p.column), "") if tab is not None and p.column else ""
    column = spanish.get((p.tab, key), p.column) if key else p.column
    row = f", fila {p.row_number}" if p.row_number is not None else ""     # a column's problem names no row
    place = f"{spanish.get((p.tab, ''), p.tab)}{row}" + (f", columna {column}" if column else "")
    en, _, es = p.message.partition(" / ")
    if es and p.tab == "Settings" and " fila" in es.partition(": ")[0]:   # it names its row ('Ajustes fila 2: …')
        return f"{label(p.kind, 'es')}: {es}"
    if es:                                      # a message said in both languages: its Spanish half
        return f"{label(p.kind, 'es')}: {place}: {es}"
    return f"{label(p.kind, 'es')}: {place} (en inglés: {en})"


def _added(schema: Schema, s, key: str, lang: str) -> str:
    """A column Turfbook adds, by the header it has in the sheet (and its Spanish name in Spanish)."""
    header = s.header_of(schema.tab(s.tab), key)
    name = label_of(schema, s.tab, key, lang)
    return header if lang != "es" or name == header or key in s.theirs else f"{header} ({name})"


def _note(s, i: int, schema: Schema, w: dict) -> str:
    """A settle note (adopt_columns): why a column was left alone, or why a pick is unsure."""
    note = s.notes[i]
    kind, _, letter = note.partition(":")
    at = _index(letter) if letter else i
    other = one_line(s.columns[at].text) if at < len(s.columns) else ""
    key = s.columns[at].key if at < len(s.columns) and s.columns[at].key else None
    ours = label_of(schema, s.tab, key, w["lang"]) if key else ""
    if kind == "not_dates":
        from turfbook.schema.header_match import column_names, match_name

        ours = label_of(schema, s.tab, match_name(s.columns[i].text, column_names(schema.tab(s.tab))).key, w["lang"])
        return w["not_dates_note"].format(ours=ours)
    if kind == "unsure":
        return w["unsure_note"].format(other=letter, text=other)
    if not ours:          # the other column is no longer read as Turfbook's either (kept as theirs: a21o o3b)
        return w["staff"]
    return w["lost_note"].format(ours=ours, letter=letter, text=other)


def _notes(s, i: int, schema: Schema, w: dict) -> str:
    """What follows a matched column: an unsure pick's note, a date column's day/month order."""
    out = [_note(s, i, schema, w)] if i in s.notes else []
    order, why, example = s.orders.get(i, ("", "", ""))
    if why in ("day_first", "month_first"):
        out.append(w[why].format(example=example))
    elif why in ("mostly", "tie"):
        out.append(w[why].format(example=example, order=w.get(order, "")))
    elif why == "locale":
        out.append(w["locale"].format(order=w[order], locale=s.locale, source=w[f"from_{s.locale_from}"]))
    return "".join(f"; {n}" for n in out)


def _index(letter: str) -> int:
    number = 0
    for ch in letter:
        number = number * 26 + ord(ch.upper()) - 64
    return number - 1


def _how(how: str, score: float, w: dict) -> str:
    if how == "unsure":
        return f"{w['unsure']}, {round(score * 100)}%"
    return f"{w.get(how, how)}, {w['sure']} {round(score * 100)}%"


def saved_line(folder, mapping_file: str, language: str) -> str:
    """The CLI's last line: where the mapping, the reports and the history are (in the report's language)."""
    lang = "es" if language == "es" else "en"
    return WORDS[lang]["saved"].format(mapping=folder / mapping_file, report=folder / f"adoption-report.{lang}.md",
                                       other="en" if lang == "es" else "es",
                                       history=folder / HISTORY.format(lang=lang))
