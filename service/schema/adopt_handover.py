"""A sheet per organizer handed to another (a21j 7): staff rename "Convos - Rosa" to "Convos - Mia". When the title
now names exactly one OTHER organizer of the adopted Organizers tab (`organizer_named`, the one rule), the
sheet's rows with no Organizer cell are hers from that read on, and one problem says so (EN/ES) until the next
`sheets adopt` records it. A title that names no one now, or two, or someone not listed, keeps the organizer
it was adopted for, with a problem. Only a title CHANGED since the adoption (its organizer words differ from
the adopted title's) is read so: an unchanged title that another organizer's name now begins ("Rosa" once
"Rosa Mena" joins) never takes the sheet (commit 47bec4b)."""

from __future__ import annotations

from dataclasses import dataclass

from turfbook.schema.model import Problem
from turfbook.schema.text import fold, short

HANDED = "sheet_handed_over"

WORDS = {
    "en": {"handed": "'{sheet}': its title now names {name} (it was adopted as {before}'s sheet): its rows with no "
                     "organizer of their own count for {name} from this read on; run `turfbook sheets adopt` to "
                     "record it",
           "kept": "'{sheet}': its title now names {said}{why}: its rows still count for {before}, the organizer it "
                   "was adopted for; name the tab with the organizer's name as it is in '{staff}' (and run "
                   "`turfbook sheets adopt`)",
           "none": "no organizer", "not_listed": ", who is not in '{staff}'", "ambiguous": ", who could be {names}"},
    "es": {"handed": "'{sheet}': su título ahora nombra a {name} (se adoptó como hoja de {before}): sus filas sin "
                     "organizador/a propio/a cuentan para {name} desde esta lectura; ejecute `turfbook sheets "
                     "adopt` para guardarlo",
           "kept": "'{sheet}': su título {now} {said}{why}: sus filas siguen contando para {before}, el/la "
                   "organizador/a con que se adoptó; nombre la pestaña con el nombre del/de la organizador/a como "
                   "está en '{staff}' (y ejecute `turfbook sheets adopt`)",
           "none": "a ningún/a organizador/a", "now": "ahora nombra a", "now_none": "ya no nombra",
           "not_listed": ", que no está en '{staff}'",
           "ambiguous": ", que puede ser {names}"},
}


@dataclass
class Handover:
    """A renamed title's organizer, as the read found it."""

    tab: str              # the schema tab
    sheet: str            # the sheet's title now
    said: str             # the organizer its title names now ("" for none)
    name: str             # the organizer found for it ("" when none or two)
    before: str           # the organizer it was adopted for
    note: str             # organizer_named's note
    header: str | None    # the tab's Organizer header


def handed_over(title_now: str, sheet, names: list[str], named) -> Handover | None:
    """`title_now`: the organizer the sheet's title names now (header_match.title_organizer), `sheet` its
    SheetLayout (`from_title`: the adopted title's; `handed_from`: the organizer before an earlier read took the
    new title), `named`: adopt_translate.organizer_named. None when the title's organizer words are unchanged."""
    if not sheet.from_title or fold(title_now) == fold(sheet.from_title):
        return None
    adopted = sheet.handed_from or sheet.organizer or sheet.from_title
    before = named(adopted, names)[0]
    name, note, _ = named(title_now, names) if title_now else ("", "none", 0.0)
    if not before or name == before:        # the adopted one not found: the usual problem says so
        return None
    sheet.handed_from = adopted
    return Handover("", sheet.title, title_now, name, before, note, None)


def handover_problems(found: list[Handover], staff: str, either) -> list[Problem]:
    """One problem per renamed sheet (EN / ES): taken by the organizer its title names now, or kept."""
    out = []
    for h in found:
        texts = []
        for lang in ("en", "es"):
            w = WORDS[lang]
            if h.name:
                texts.append(w["handed"].format(sheet=h.sheet, name=h.name, before=h.before))
                continue
            why = (w["ambiguous"].format(names=either(h.note, lang)) if h.note.startswith("ambiguous:")
                   else "" if not h.said else w["not_listed"].format(staff=staff))
            said = f"'{short(h.said)}'" if h.said else w["none"]
            now = w.get("now" if h.said else "now_none", "")       # es: "ya no nombra a ningún/a organizador/a"
            texts.append(w["kept"].format(sheet=h.sheet, said=said, why=why, before=h.before, staff=staff, now=now))
        out.append(Problem("schema", h.tab, None, h.header, " / ".join(texts), HANDED))
    return out
