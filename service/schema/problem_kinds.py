"""Plain words for each problem kind, in English and Spanish: the one table the Problems tab and the
digest's Data problems section both use.

The Problems tab's Kind column shows "English label / Spanish label", and its Spanish column says each
problem in plain Spanish words (`where`: the kind and the tab, row and column); `kind_of` reads a cell
back to its kind, whether it holds a raw kind (an older tab), a bilingual cell or either label alone.
"""

from __future__ import annotations

from turfbook.schema.text import fold

# kind: (English, Spanish)
LABELS: dict[str, tuple[str, str]] = {
    "invalid": ("Value not valid", "Valor no válido"),
    "missing": ("Required value missing", "Falta un dato obligatorio"),
    "unknown_reference": ("Name not found", "Nombre no encontrado"),
    "duplicate_id": ("Same ID on two rows", "El mismo ID en dos filas"),
    "id_returned": ("ID given back to its row", "ID devuelto a su fila"),
    "id_split": ("ID cell cleared: taken as the new record", "celda ID vaciada: tomada como el registro nuevo"),
    "id_not_returned": ("Namesake of a deleted record: new ID", "Homónimo de un registro borrado: ID nuevo"),
    "id_typed_over": ("Another record's ID typed: its own ID given back",
                      "ID de otro registro escrito: se le devuelve el suyo"),
    "id_typed_doubt": ("A deleted record's ID typed on another record?",
                       "¿ID de un registro borrado escrito en otro registro?"),
    "id_typed_unknown": ("A deleted record's ID typed on a row not its record?",
                         "¿ID de un registro borrado escrito en una fila que no es la suya?"),
    "id_typed_live": ("Another record's ID typed over an ID: new ID",
                      "ID de otro registro escrito sobre un ID: ID nuevo"),
    "id_cleared_all": ("ID cells of rows alike cleared: new IDs", "Celdas ID de filas iguales vaciadas: ID nuevos"),
    "id_maybe_lost": ("New ID: a deleted record looks like this row",
                      "ID nuevo: un registro borrado se parece a esta fila"),
    "id_retyped": ("ID typed another way: written as Turfbook writes it",
                   "ID escrito de otra forma: reescrito como lo escribe Turfbook"),
    "possible_duplicate": ("Possible duplicate person", "Posible persona duplicada"),
    "missing_tab": ("Tab missing", "Falta una pestaña"),
    "not_adopted": ("Tab not adopted", "Pestaña no adoptada"),
    "held_entry": ("Field entry held: no sheet for its organizer",
                   "Entrada de campo en espera: sin hoja de su organizador/a"),
    "renamed_column": ("Column looks renamed", "La columna parece renombrada"),
    "missing_column": ("Column not found", "Columna no encontrada"),
    "duplicate_header": ("Same header twice", "El mismo encabezado dos veces"),
    "no_rule": ("No filing rule matches", "Ninguna regla de archivo coincide"),
    "blocked_formula": ("Typed over a Turfbook column", "Escrito sobre una columna de Turfbook"),
    "service_column_missing": ("Turfbook column missing", "Falta una columna de Turfbook"),
    "organizer_unresolved": ("Organizer not found", "Organizador/a no encontrado/a"),
    "sheet_handed_over": ("Sheet title names another organizer", "El título nombra a otro/a organizador/a"),
    "sheet_names_no_organizer": ("Sheet names no organizer", "La hoja no nombra a ningún/a organizador/a"),
    "rows_not_read": ("Rows Turfbook does not read", "Filas que Turfbook no lee"),
    "rows_moved": ("Rows sorted away from their IDs", "Filas ordenadas lejos de sus ID"),
    "rows_merged": ("Two rows merged into one", "Dos filas unidas en una"),
    "row_keys": ("Sort guard started again", "Protección de orden reiniciada"),
    "needed_column": ("Column Turfbook needs not found", "No se encuentra una columna que Turfbook necesita"),
    "settings_unread": ("Settings tab not read", "Pestaña de ajustes no leída"),
    "settings_gone": ("Settings tab deleted", "Pestaña de ajustes borrada"),
}
LANGUAGES = ("en", "es")
SEPARATOR = " / "


def label(kind: str, language: str = "en") -> str:
    """The plain label of `kind` in `language` ("en" or "es"); an unknown kind reads as itself, with
    underscores as spaces."""
    words = LABELS.get(kind)
    if words is None:
        return kind.replace("_", " ")
    return words[1] if language == "es" else words[0]


def cell(kind: str) -> str:
    """What the Problems tab's Kind column shows: both languages."""
    if kind not in LABELS:
        return label(kind)
    return SEPARATOR.join(label(kind, lang) for lang in LANGUAGES)


def _index() -> dict[str, str]:
    found = {}
    for kind, words in LABELS.items():
        found[fold(kind)] = kind
        found[fold(cell(kind))] = kind
        for word in words:
            found[fold(word)] = kind
    return found


_BY_TEXT = _index()


def kind_of(text: object) -> str:
    """The kind a Kind cell names (raw or labelled); text no label matches is returned as typed."""
    value = "" if text is None else str(text)
    return _BY_TEXT.get(fold(value), value)


# the words around a place, per language: (tab, row, column)
_PLACE = {"en": ("tab {}", "row {}", "column {}"), "es": ("pestaña {}", "fila {}", "columna {}")}


def where(kind: str, language: str, *, tab: str = "", row_id: str = "", column: str = "") -> str:
    """The problem in plain words of `language`: its kind, then where it is.
    where("missing", "es", tab="People", row_id="P-000012", column="Phone")
    -> "Falta un dato obligatorio: pestaña People, fila P-000012, columna Phone"."""
    words = _PLACE.get(language, _PLACE["en"])
    row = str(row_id)
    if language == "es" and row.startswith("row "):          # "row 7" (a row without an ID yet)
        row = row[len("row "):]
    parts = [word.format(value) for word, value in zip(words, (tab, row, column), strict=True) if value]
    text = label(kind, language)
    return f"{text}: {', '.join(parts)}" if parts else text
