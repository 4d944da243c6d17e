"""A column's `labels` in workbook.yaml: the words a team writes for a value, English and Spanish.

On an int column they name numbers (`labels: {1: [leader, líder, L]}`: "L" is 1); on an enum column they name
its choices (`labels: {house visit: [visita, visita a casa]}`: "visita" is house visit; attack a21e 3), so a
Spanish team's own words are read as the schema's vocabulary by the one cell parser (cells.make_parser),
never a problem. A word naming two values, or a choice not in the vocabulary, is an error of the schema.
"""

from __future__ import annotations

from typing import Any

from turfbook.schema.text import fold


def column_labels(value: Any, kind: str, vocabulary: Any, here: str) -> tuple[tuple[str, Any], ...]:
    """`labels:` -> ((folded word, number or choice), ...)."""
    from turfbook.schema.loader import SchemaError

    if value is None:
        return ()
    choices = vocabulary if kind == "enum" and isinstance(vocabulary, tuple) else None
    if (kind != "int" and choices is None) or not isinstance(value, dict):
        raise SchemaError(f"{here}: labels must be a mapping of number -> words (an int column) or of choice -> "
                          "words (an enum column with a list vocabulary)")
    found: dict[str, Any] = {}
    for name, words in value.items():
        if choices is None and (not isinstance(name, int) or isinstance(name, bool)):
            raise SchemaError(f"{here}: labels must map a whole number to a list of words")
        if choices is not None and name not in choices:
            raise SchemaError(f"{here}: labels: '{name}' is not one of the vocabulary ({', '.join(choices)})")
        if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
            raise SchemaError(f"{here}: labels must map {'a choice' if choices else 'a whole number'} to a list "
                              "of words")
        for word in words:
            if found.setdefault(fold(word), name) != name:
                raise SchemaError(f"{here}: label '{word}' names both {found[fold(word)]} and {name}")
    return tuple(found.items())


# words that turn a kind into its opposite or into no contact at all: never read past them (a21g c7)
_NOT = frozenset({"no", "not", "sin", "cancelled", "canceled", "cancelado", "cancelada", "missed", "fallido",
                  "fallida", "pendiente", "pending", "planned", "planeado", "planeada"})


def choice_of(choices: dict[str, Any], folded: str) -> Any:
    """The choice a folded cell names, else None: a label or choice as typed; else in the singular ("visitas",
    "llamadas telefónicas"); else a label followed by a qualifier or two ("evento comunitario", "visita
    familiar"), when the labels it starts with name one choice and no word negates it ("no hubo llamada").
    A word before the label ("zoom call") is not read past: it may name another kind of contact."""
    found = choices.get(folded)
    if found is not None or not folded:
        return found
    words = folded.split()
    single = [_singular(w) for w in words]
    if (found := choices.get(" ".join(single))) is not None:
        return found
    if len(words) < 2 or _NOT.intersection(words):
        return None
    named = set()
    for k in range(max(1, len(words) - 2), len(words)):      # the qualifier after the word, Spanish style
        for part in (words[:k], single[:k]):
            if (choice := choices.get(" ".join(part))) is not None:
                named.add(choice)
    return named.pop() if len(named) == 1 else None


def _singular(word: str) -> str:
    """'visitas' -> 'visita', 'calls' -> 'call', 'reuniones' -> 'reunion' (accents are folded already)."""
    if len(word) > 4 and word.endswith("ones"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
