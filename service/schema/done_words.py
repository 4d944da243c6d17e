"""Yes/no cells as teams type them (EN/ES), and the words of a follow-up done cell (`done_parts`, `done_answer`):
the cell parser (done_cells.read_done, which reads a date beside the words by the one date reader) and the
follow-up rule alike, so overdue and the digest agree."""

from __future__ import annotations

import re

from turfbook.schema.text import cell_text, fold

# booleans as teams type them, English and Spanish ("Sí" folds to "si"); anything else is a problem
TICKS = {"✓", "✔", "☑", "✅", "👍"}    # as typed; emoji variation selectors and skin tones are dropped first
CROSSES = {"✗", "✘", "✖", "✕", "❌", "👎"}
TRUE = {"true", "yes", "y", "si", "s", "x", "1", "ok", "t", "verdadero", "cierto", "yes!", "yep", "yeah", "yup",
        "sip", "claro", "okay", "okey"} | TICKS
FALSE = {"false", "no", "n", "0", "", "f", "falso", "☐", "-", "nope", "nop", "nah"} | CROSSES
# a follow-up done cell (a21j 4): the booleans, and the words staff type for done / not done yet (EN/ES, folded)
DONE_WORDS = TRUE | {"done", "hecho", "hecha", "listo", "lista", "completed", "complete", "completado", "completada",
                     "terminado", "terminada", "realizado", "realizada", "finished", "followed up", "ya", "ya esta"}
NOT_DONE_WORDS = FALSE | {"pending", "pendiente", "not yet", "todavia no", "aun no", "no hecho", "no hecha",
                          "not done", "falta", "faltante", "no listo", "no lista", "to do", "por hacer", "sin hacer",
                          "open", "abierto", "abierta", "not started", "sin empezar"}


_EMOJI_MARKS = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")    # variation selectors, skin tones
_MARK = re.compile("([" + "".join(sorted(TICKS | CROSSES)) + "])")
_DATE_LIKE = r"\d{1,4}[/.\-]\d{1,2}(?:[/.\-]\d{2,4})?"
_ONLY_DATE = re.compile(_DATE_LIKE)
_WITH_DATE = re.compile(rf"^(?:(?P<a>.*\S)\s+(?P<d1>{_DATE_LIKE})|(?P<d2>{_DATE_LIKE})\s+(?P<b>\S.*))$")
_REMARK = re.compile(r"\([^()]*\)")
# a remark in brackets that says no ("✔ (no)", "sí (no contestó)", "done (no answer)", a21n 9): the cell is not a
# plain done; "yes (left msg)" is
_NEGATIONS = {"no", "not", "nope", "never", "nunca", "sin", "ni", "didnt", "didn't", "wasnt", "wasn't", "cant",
              "can't", "cannot", "couldnt", "couldn't", "wont", "won't", "pending", "pendiente", "todavia", "aun",
              "falta", "nadie", "nobody", "nada", "nothing", "ninguna", "ninguno", "none", "na",
              "cancelled", "canceled", "cancelada", "cancelado", "cancelo", "cancel", "cancelar", "failed", "fallo",
              "missed", "perdida", "perdido"}


def _plain(value: object) -> str:
    return _EMOJI_MARKS.sub("", cell_text(value))


def tick_fold(value: object) -> str:
    """fold() of a cell without emoji variation selectors or skin tones: '☑️' (U+2611 U+FE0F) -> '☑'."""
    return fold(_plain(value))


def done_answer(value: object) -> bool | None:
    """The answer of a follow-up done cell's words alone (overdue, the digest, every read alike): True for a
    yes-word ("yes", "Sí", "x", "✔", "hecho", "listo", "done", a ticked checkbox), False for a no-word ("no",
    blank, "pending", "pendiente", "not yet", "todavía no", "falta"), None for any other text ("left voicemail",
    "n/a"): a problem, and the follow-up stays open. None too for a done word beside a date ("Done 11/25"): the
    date decides (done_cells.read_done reads it as the bare date is read), never the words alone (a21o 5b)."""
    answer, dated = done_parts(value)
    return None if dated else answer


def done_parts(value: object) -> tuple[bool | None, list[str]]:
    """(the words' answer as done_answer gives it for a cell with no date, the dates typed beside them):
    "Done 11/25" -> (True, ["11/25"]), "pendiente 11/20" -> (None, ["11/20"]), "Sí" -> (True, [])."""
    if isinstance(value, bool):
        return value, []
    folded = tick_fold(value).rstrip(".!")
    if folded in DONE_WORDS:
        return True, []
    if folded in NOT_DONE_WORDS:
        return False, []
    return _parts_answer(_plain(value))


def _parts_answer(text: str) -> tuple[bool | None, list[str]]:
    """A cell of several answers that all say the same (a21l 6): "Sí✔", "✅✅", "sí, hecho", "Done 11/20",
    "✔ 11/20" (a done word and the day), "yes (left msg)" (a remark in brackets). Words that disagree ("no ✔")
    or a date beside a not-done word ("pendiente 11/20": pending until then?) are read as nothing."""
    answers, dated = set(), []
    if any(_says_no(remark) for remark in _REMARK.findall(text)):
        return None, []
    for part in re.split(r"[,;+&]|\s(?:and|y)\s", _MARK.sub(r",\1,", _REMARK.sub(",", text))):
        part = part.strip().rstrip(".!")
        if not part:
            continue
        if _ONLY_DATE.fullmatch(part):
            dated.append(part)
            continue
        if got := _WITH_DATE.match(part):
            dated.append(got["d1"] or got["d2"])
            part = (got["a"] or got["b"]).strip()
        folded = fold(part)
        answers.add(True if folded in DONE_WORDS else False if folded in NOT_DONE_WORDS else None)
    if answers == {True} or (answers == {False} and not dated):
        return answers.pop(), dated
    return None, dated


def _says_no(remark: str) -> bool:
    words = re.findall(r"[\w']+", fold(remark.replace("\u2019", "'")))
    return any(word in _NEGATIONS or word.endswith("n't") for word in words) or " ".join(words) == "n a"


def not_done_word(value: object) -> str:
    """The problem a done cell that reads neither done, not done nor as a date gets (EN / ES)."""
    text = cell_text(value)
    return (f"can't tell if '{text}' means done; type the date it was done, yes or no (until then the follow-up "
            f"stays open) / no se sabe si '{text}' quiere decir hecho; escriba la fecha en que se hizo, sí o no "
            "(mientras tanto el seguimiento sigue abierto)")
