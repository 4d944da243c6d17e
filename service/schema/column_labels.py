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
