"""Match a team's own tab names and column headers to the schema's: shown with how sure, never silent.

Four steps, best first: `exact` (the schema's header, ignoring case, spaces and accents), `alias` (an
English or Spanish alias from workbook.yaml), `normalised` (punctuation and parenthesised hints dropped,
"F/U" read as "follow up", "#" as "number": "Rating (1-5)" is "rating", "F/U date" is "follow up date"),
then `fuzzy` (closest name by similarity, with its score). Every match carries `how` and `score` so the
adoption report can say it; a fuzzy match below FUZZY_MIN is no match, and a name of FUZZY_SHORT letters or
fewer is never matched by spelling ("Dues" is not "Due", "Task" is not "Ask": one letter changes the word).
Which of two headers naming one column wins, by their values, is adopt_columns.settle. Plain functions.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from turfbook.schema.loader import Schema, Tab
from turfbook.schema.text import fold, header_key

FUZZY_MIN = 0.87            # stricter than difflib's usual 0.8: "Dues"/"Due" is 0.86 (attack a21c b7)
FUZZY_SHORT = 4
FUZZY_MAX = 0.94            # a guess never reads as surer than a normalised match
SCORES = {"exact": 1.0, "alias": 1.0, "normalised": 0.95}
_PARENS = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_ABBREVIATIONS = ((re.compile(r"\bf\s*/\s*u\b|\bfu\b|\bfup\b"), "follow up"),
                  (re.compile(r"#"), " number "), (re.compile(r"\bno\.(?=\s|$)"), "number"),
                  (re.compile(r"\bseg\b"), "seguimiento"), (re.compile(r"&"), " and "))
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Match:
    text: str            # their header or tab name, as typed
    key: str | None      # our column key or tab name; None: nothing matched
    how: str             # exact | alias | normalised | fuzzy | none
    score: float         # 1.0 exact/alias, 0.95 normalised, the similarity for fuzzy, 0 for none

    @property
    def sure(self) -> bool:
        return self.how in ("exact", "alias")


def normalise(text: object) -> str:
    """'F/U date' -> 'follow up date'; 'Rating (1-5)' -> 'rating'; 'Teléfono #' -> 'telefono number'."""
    folded = str(text).casefold()
    for pattern, replacement in _ABBREVIATIONS:
        folded = pattern.sub(replacement, folded)
    without = _PARENS.sub(" ", folded)
    words = _NOT_WORD.sub(" ", fold(without if without.strip() else folded)).split()
    return " ".join(words)


def match_name(text: str, names: dict[str, list[str]]) -> Match:
    """The best of `names` ({our key: [our header, aliases...]}) for `text`. Remembered: adoption asks
    about the same cell for every tab and every candidate header row."""
    frozen = tuple((k, tuple(ns)) for k, ns in names.items())
    if isinstance(text, str | int | float) and len(str(text)) <= 100:     # a header-sized cell: remembered
        return _match_name(text, frozen)
    return _match_name.__wrapped__(text, frozen)       # a long or odd cell: worked out afresh


@lru_cache(maxsize=256, typed=True)
def _forms(names: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((normalise(n), k) for k, ns in names for n in ns)


@lru_cache(maxsize=4096)
def _letters(form: str) -> Counter:
    return Counter(form)


@lru_cache(maxsize=1 << 15)
def _similarity(wanted: str, form: str) -> float:
    """difflib's ratio of the two (remembered: a cell is compared with each tab's names, many alike)."""
    return SequenceMatcher(None, wanted, form).ratio()


def _bound(matches: int, length: int) -> float:
    """difflib's ratio of `matches` in `length` characters (its real_quick_ratio and quick_ratio bounds)."""
    return 2.0 * matches / length if length else 1.0


@lru_cache(maxsize=1 << 14, typed=True)
def _match_name(text: str, names: tuple[tuple[str, tuple[str, ...]], ...]) -> Match:
    exact = {header_key(n[0]): k for k, n in names}
    aliases = {header_key(a): k for k, n in names for a in n[1:]}
    key = header_key(text)
    if key in exact:
        return Match(text, exact[key], "exact", SCORES["exact"])
    if key in aliases:
        return Match(text, aliases[key], "alias", SCORES["alias"])
    wanted = normalise(text)
    if not wanted:
        return Match(text, None, "none", 0.0)
    forms = _forms(names)
    for form, k in forms:
        if form == wanted:
            return Match(text, k, "normalised", SCORES["normalised"])
    best, best_key = 0.0, None
    if len(wanted.replace(" ", "")) <= FUZZY_SHORT:
        return Match(text, None, "none", 0.0)
    letters = Counter(wanted)
    for form, k in forms:
        length = len(wanted) + len(form)                # difflib's real_quick_ratio, then its quick_ratio (the
        if _bound(min(len(wanted), len(form)), length) <= best or \
                _bound(sum((letters & _letters(form)).values()), length) <= best:   # letters in common):
            continue                                    # upper bounds of ratio(): it cannot beat `best`
        score = _similarity(wanted, form)
        if score > best:
            best, best_key = score, k
    if best >= FUZZY_MIN:
        return Match(text, best_key, "fuzzy", min(round(best, 2), FUZZY_MAX))
    return Match(text, None, "none", round(best, 2))


def column_names(tab: Tab) -> dict[str, list[str]]:
    return {c.key: [c.header, *c.aliases] for c in tab.columns}


def match_cells(tab: Tab, header: list[str]) -> list[Match]:
    """One Match per header cell, before any column is given to one cell only."""
    names = column_names(tab)
    return [match_name(h, names) if str(h).strip() else Match(str(h), None, "none", 0.0) for h in header]


def alias_rank(tab: Tab, m: Match) -> int:
    """How strong the name that matched is: our header 0, then the aliases in workbook.yaml's order (the
    first alias is the likeliest), then anything else."""
    if m.key is None:
        return 999
    col = tab.column(m.key)
    key = header_key(m.text)
    for n, name in enumerate([col.header, *col.aliases]):
        if header_key(name) == key:
            return n
    return 998


def match_header(tab: Tab, header: list[str]) -> list[Match]:
    """One Match per header cell; each schema column is given to at most one cell (the surest, then leftmost).
    A cell that lost its column to a surer one is `none` (a staff column, kept as it is)."""
    found = match_cells(tab, header)
    order = sorted(range(len(found)), key=lambda i: (-found[i].score, i))
    taken: set[str] = set()
    result = list(found)
    for i in order:
        m = found[i]
        if m.key is None:
            continue
        if m.key in taken:
            result[i] = Match(m.text, None, "none", 0.0)
        else:
            taken.add(m.key)
    return result


# A tab per organizer: "<tab> - <name>" with a real separator (or "<name>'s <tab>", "<tab> de <name>",
# "<tab> (<name>)"), the name written as a name (each word capitalised). How sure each form is: a
# separator or "'s" says it plainly; "de" less so; parentheses often hold a note ("Convos (archive)").
TITLE_FORMS = (
    (re.compile(r"^(?P<tab>.+?)\s*[-–—:]\s*(?P<name>[^-–—:]+)$"), 0.9),
    (re.compile(r"^(?P<name>[^-–—:]+?)\s*[-–—]\s*(?P<tab>.+)$"), 0.9),
    (re.compile(r"^(?P<name>.+?)['’]s\s+(?P<tab>.+)$"), 0.9),
    (re.compile(r"^(?P<tab>.+?)\s+(?:de|del|of|for|por)\s+(?P<name>.+)$"), 0.8),
    (re.compile(r"^(?P<tab>.+?)\s*[(\[](?P<name>[^)\]]+)[)\]]$"), 0.7),
)
TITLE_SURE = 0.9             # an organizer from a title below this is shown as unsure
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$")


def match_tab(title: str, schema: Schema) -> tuple[Match, str]:
    """Which schema tab a sheet title names, and the organizer it implies (a tab per organizer:
    "Contacts - Maria", "Convos: Ana", "Convos (Luis)", "María's contacts", "Contactos de Rosa").
    `title_organizer` says how sure the organizer is."""
    found, organizer, _ = title_organizer(title, schema)
    return found, organizer


def title_organizer(title: str, schema: Schema, known: Callable[[str], bool] | None = None
                    ) -> tuple[Match, str, float]:
    """(tab match, organizer, how sure of the organizer). Only a title of a known form (TITLE_FORMS)
    whose other part is written as a name names an organizer: "Old contacts", "Calls to make",
    "Convos (archive)", "Lista de espera" name none. `known` (a read with the Organizers tab): a part in
    lower case ("Convos - rosa") is a name too when it names a listed organizer (`known(part)`), and so is a
    whole title naming no tab that names one ("Rosa", "Mia Chen": a tab per organizer recognised by its header;
    the match then has no tab)."""
    names = {t.name: [t.name, *t.aliases] for t in schema.tabs}
    whole = match_name(title, names)
    if whole.sure:
        return whole, "", 0.0
    text = " ".join(title.split())
    for pattern, sure in TITLE_FORMS:
        m = pattern.match(text)
        if not m:
            continue
        tab = _tab_named(m.group("tab"), names)
        name = m.group("name").strip()
        if tab is not None and (_is_name(name) or known is not None and _is_name(name.title()) and known(name)):
            return Match(title, tab, "alias", SCORES["normalised"]), name, sure
    words = _NOT_WORD.sub(" ", fold(title)).split()
    plain = [w for w in words if not w.isdigit()]             # "Contacts 2", "Convos 2025": the tab
    for tab, forms in names.items():
        if plain and any(_NOT_WORD.sub(" ", fold(f)).split() == plain for f in forms):
            return Match(title, tab, "alias", SCORES["normalised"]), "", 0.0
    if whole.key is None and known is not None and _is_name(text.title()) and known(text):
        return whole, text, TITLE_SURE    # a title that IS a listed organizer's name ("Rosa"): no tab, hers (a21m m12)
    if whole.key is None:                 # the tab's name inside other words ("Old contacts"): no organizer
        for tab, forms in names.items():
            for form in forms:
                part = _NOT_WORD.sub(" ", fold(form)).split()
                if part and any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1)):
                    return Match(title, tab, "words", 0.6), "", 0.0
    return whole, "", 0.0


def _tab_named(text: str, names: dict[str, list[str]]) -> str | None:
    found = match_name(text, names)
    if found.how in ("exact", "alias", "normalised"):
        return found.key
    plain = [w for w in _NOT_WORD.sub(" ", fold(text)).split() if not w.isdigit()]
    return next((tab for tab, forms in names.items() if plain and any(
        _NOT_WORD.sub(" ", fold(f)).split() == plain for f in forms)), None)


def _is_name(text: str) -> bool:
    """'Maria', 'Ana Rivera', 'José-Luis', "O'Neil": one to three words, each capitalised; not a number,
    not an ordinary lowercase word ("archive", "espera", "to make")."""
    words = text.split()
    return 0 < len(words) <= 3 and all(_NAME_WORD.match(w) and w[0].isupper() for w in words) \
        and fold(words[0]) not in _FILLER


_FILLER = {"s", "de", "del", "of", "for", "por", "la", "el", "los", "las", "the", "tab", "hoja", "sheet", "old",
           "new", "archive", "archivo", "viejo", "viejos", "nuevo", "nuevos", "copy", "copia", "backup", "draft"}
