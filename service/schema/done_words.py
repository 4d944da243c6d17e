"""Yes/no cells as teams type them (EN/ES), and the one reading of a follow-up done cell that is not a date
(`done_answer`: the cell parser and the follow-up rule alike, so overdue and the digest agree)."""

from __future__ import annotations

from turfbook.schema.text import cell_text, fold

# booleans as teams type them, English and Spanish ("Sí" folds to "si"); anything else is a problem
TICKS = {"✓", "✔", "☑", "✅"}         # as typed; emoji variation selectors (U+FE0E/U+FE0F) are dropped first
TRUE = {"true", "yes", "y", "si", "s", "x", "1", "ok", "t", "verdadero", "cierto", "yes!"} | TICKS
FALSE = {"false", "no", "n", "0", "", "f", "falso", "✗", "✘", "☐", "-", "nope"}
# a follow-up done cell (a21j 4): the booleans, and the words staff type for done / not done yet (EN/ES, folded)
DONE_WORDS = TRUE | {"done", "hecho", "hecha", "listo", "lista", "completed", "complete", "completado", "completada",
                     "terminado", "terminada", "realizado", "realizada", "finished", "followed up", "ya", "ya esta"}
NOT_DONE_WORDS = FALSE | {"pending", "pendiente", "not yet", "todavia no", "aun no", "no hecho", "no hecha",
                          "not done", "falta", "faltante", "no listo", "no lista", "to do", "por hacer", "sin hacer",
                          "open", "abierto", "abierta", "not started", "sin empezar"}


def tick_fold(value: object) -> str:
    """fold() of a cell without emoji variation selectors: '☑️' (U+2611 U+FE0F, an emoji keyboard's) -> '☑'."""
    return fold(cell_text(value).replace("\ufe0f", "").replace("\ufe0e", ""))


def done_answer(value: object) -> bool | None:
    """The one reading of a follow-up done cell that is not a date (overdue, the digest, every read alike):
    True for a yes-word ("yes", "Sí", "x", "✔", "hecho", "listo", "done", a ticked checkbox), False for a
    no-word ("no", blank, "pending", "pendiente", "not yet", "todavía no", "falta"), None for any other text
    ("left voicemail", "n/a"): a problem, and the follow-up stays open."""
    if isinstance(value, bool):
        return value
    folded = tick_fold(value).rstrip(".!")
    if folded in DONE_WORDS:
        return True
    words, _, last = folded.rpartition(" ")
    if last in TICKS and words.rstrip(".!,") in DONE_WORDS:      # "Sí ✔", "done ✅": a yes-word and a tick
        return True
    if folded in NOT_DONE_WORDS:
        return False
    return None


def not_done_word(value: object) -> str:
    """The problem a done cell that reads neither done, not done nor as a date gets (EN / ES)."""
    text = cell_text(value)
    return (f"can't tell if '{text}' means done; type the date it was done, yes or no (until then the follow-up "
            f"stays open) / no se sabe si '{text}' quiere decir hecho; escriba la fecha en que se hizo, sí o no "
            "(mientras tanto el seguimiento sigue abierto)")
