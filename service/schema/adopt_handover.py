"""A sheet per organizer handed to another (a21j 7): staff rename "Convos - Rosa" to "Convos - Mia". When the title
now names exactly one OTHER organizer of the adopted Organizers tab (`organizer_named`, the one rule), the
sheet's rows with no Organizer cell are hers from that read on, and one problem says so (EN/ES) until the next
`sheets adopt` records it. A title that names no one now, or two, or someone not listed, keeps the organizer
it was adopted for, with a problem. Only a title CHANGED since the adoption (its organizer words differ from
the adopted title's) is read so: an unchanged title that another organizer's name now begins ("Rosa" once
"Rosa Mena" joins) never takes the sheet (commit 47bec4b)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from turfbook.schema.adopt_kinds import HANDED
from turfbook.schema.model import Problem
from turfbook.schema.text import fold, short

_NOT_WORD = re.compile(r"[\W_]+")

WORDS = {
    "en": {"handed": "'{sheet}': its title now names {name} (it was adopted as {before}'s sheet): its rows with no "
                     "organizer of their own count for {name} from this read on; run `turfbook sheets adopt` to "
                     "record it",
           "kept": "'{sheet}': its title now names {said}{why}: its rows still count for {before}, the organizer it "
                   "was adopted for; name the tab with the organizer's name as it is in '{staff}' (and run "
                   "`turfbook sheets adopt`)",
           "mentions": "'{sheet}': its title names {names} among other words, not as one organizer's tab ('Convos "
                       "- Name'): its rows with no organizer of their own still count for {before}, the organizer it "
                       "was adopted for; if they are someone else's, name the tab with that organizer's name as it "
                       "is in '{staff}' (and run `turfbook sheets adopt`)",
           "none": "no organizer", "not_listed": ", who is not in '{staff}'", "ambiguous": ", who could be {names}"},
    "es": {"handed": "'{sheet}': su título ahora nombra a {name} (se adoptó como hoja de {before}): sus filas sin "
                     "organizador/a propio/a cuentan para {name} desde esta lectura; ejecute `turfbook sheets "
                     "adopt` para guardarlo",
           "kept": "'{sheet}': su título {now} {said}{why}: sus filas siguen contando para {before}, el/la "
                   "organizador/a con que se adoptó; nombre la pestaña con el nombre del/de la organizador/a como "
                   "está en '{staff}' (y ejecute `turfbook sheets adopt`)",
           "mentions": "'{sheet}': su título nombra a {names} entre otras palabras, no como pestaña de un/a "
                       "organizador/a ('Convos - Nombre'): sus filas sin organizador/a propio/a siguen contando para "
                       "{before}, el/la organizador/a con que se adoptó; si son de otra persona, nombre la pestaña "
                       "con su nombre como está en '{staff}' (y ejecute `turfbook sheets adopt`)",
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
    mentions: list[str] = field(default_factory=list)   # listed organizers a title naming no one names (`mentioned`)


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
    return Handover("", sheet.title, title_now, name, before, note, None,
                    [] if title_now else mentioned(sheet.title, names))


def mentioned(title: str, names: list[str]) -> list[str]:
    """The listed organizers a title that names no one organizer (header_match.title_organizer) still names
    among its words, left to right: a whole listed name, or a first name only one listed name has ("Convos - Mia
    (from Rosa)": Mia Chen, Rosa Díaz; "Convos - Rosa (old)": Rosa Díaz; a21m m6). Said, never followed."""
    words = _words(title)
    firsts = [_words(n)[0] for n in names if _words(n)]
    found: dict[str, int] = {}
    for n in names:
        part = _words(n)
        at = [i for i in range(len(words)) if part and words[i:i + len(part)] == part]
        at = at or [i for i, w in enumerate(words) if part and w == part[0] and firsts.count(part[0]) == 1]
        if at:
            found[n] = at[0]
    return sorted(found, key=lambda n: found[n])


def _words(text: str) -> list[str]:
    return _NOT_WORD.sub(" ", fold(text)).split()


def _both(names: list[str], lang: str) -> str:
    """"Mia Chen and Rosa Díaz" / "Mia Chen y Rosa Díaz"."""
    word = " and " if lang == "en" else " y "
    return ", ".join(names[:-1]) + word + names[-1] if len(names) > 1 else "".join(names)


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
            if h.mentions:
                texts.append(w["mentions"].format(sheet=h.sheet, names=_both(h.mentions, lang), before=h.before,
                                                  staff=staff))
                continue
            why = (w["ambiguous"].format(names=either(h.note, lang)) if h.note.startswith("ambiguous:")
                   else "" if not h.said else w["not_listed"].format(staff=staff))
            said = f"'{short(h.said)}'" if h.said else w["none"]
            now = w.get("now" if h.said else "now_none", "")       # es: "ya no nombra a ningún/a organizador/a"
            texts.append(w["kept"].format(sheet=h.sheet, said=said, why=why, before=h.before, staff=staff, now=now))
        out.append(Problem("schema", h.tab, None, h.header, " / ".join(texts), HANDED))
    return out
