"""What a problem says of a column not read through a changed group row (adopt_groups.change): advice that is
right for the change seen, so following it never reads a column as another's (attack a21k k7).

- "relabelled" (the cells under each position as adopted, the labels changed: fix21v d6): rename the group row
  back, or run `sheets adopt` to take the new labels.
- "mixed" (the columns under it moved AND the labels no longer sit over their own columns: the labels renamed
  "back" after a drag): put each label back over its own columns, named; never "rename it back" (that is what
  made the columns trade meanings).
- "ambiguous" (labels reordered over columns alike: dragged or retyped cannot be told from the headers): says
  both cases, each with what is right for it.
`lost_text` words every problem of a column the read did not find as adopted (AdoptedSheets.read_problems):
its header twice, not found any more, or lost through a changed group row. Each EN / ES. Pure, no I/O."""

from __future__ import annotations

from turfbook.schema.text import short


def group_text(title: str, header: str, ours: str, why: str, groups: list[str], cells: list[list[str]],
               ours_es: str | None = None) -> str:
    """The problem's text (EN / ES) for a column `header` (ours: its Turfbook name; `ours_es` its Spanish name)
    lost by `why` ("group<kind>:<was>><now>"), given the labels and the cells read through each as adopted."""
    kind, _, change = why.partition(":")
    was, _, now = change.partition(">")
    es_name = ours_es or ours
    held = (f"so the column '{short(header)}' ({ours}) is not read through it: Turfbook reads no {ours} there and "
            "writes nothing that depends on it until")
    held_es = (f"así que la columna '{short(header)}' ({es_name}) no se lee a través de ella: Turfbook no lee "
               f"{es_name} allí y no escribe nada que dependa de ella hasta que")
    if kind == "groupmixed":
        own = "; ".join(f"'{short(g)}' over {' | '.join(c)}" for g, c in zip(groups, cells, strict=False) if c)
        own_es = "; ".join(f"'{short(g)}' sobre {' | '.join(c)}" for g, c in zip(groups, cells, strict=False) if c)
        said = f"'{short(now)}', as adopted" if now == was else f"'{short(was)}' as adopted, '{short(now)}' now"
        said_es = (f"'{short(now)}', como se adoptó" if now == was
                   else f"'{short(was)}' al adoptar, '{short(now)}' ahora")
        return (f"{title} header: the columns under the group row were moved and its labels ({said}) no longer "
                f"sit over their own columns, {held} each label is back over "
                f"its own columns as adopted ({own}): rename or move them so; do not just retype the labels in "
                f"their old order / encabezado de {title}: las columnas bajo la fila de grupos se movieron y sus "
                f"etiquetas ({said_es}) ya no están sobre sus propias columnas, {held_es} cada etiqueta vuelva a "
                f"estar sobre sus propias columnas como se adoptó ({own_es}): renómbrelas o muévalas así; no vuelva "
                "a escribir las etiquetas en su orden anterior sin más")
    if kind == "groupambiguous":
        return (f"{title} header: the group row's labels changed order over columns alike ('{short(was)}' is now "
                f"'{short(now)}') and Turfbook cannot tell whether the columns were moved or the labels retyped, "
                f"{held} you say which: if you moved the columns, run `turfbook sheets adopt` to record where they "
                f"are; if you retyped the labels, put them back ('{short(was)}') / encabezado de {title}: las "
                f"etiquetas de la fila de grupos cambiaron de orden sobre columnas iguales ('{short(was)}' ahora es "
                f"'{short(now)}') y Turfbook no sabe si se movieron las columnas o se reescribieron las etiquetas, "
                f"{held_es} usted diga cuál: si movió las columnas, ejecute `turfbook sheets adopt` para guardar "
                f"dónde están; si reescribió las etiquetas, vuelva a ponerlas ('{short(was)}')")
    return (f"{title} header: the group row above it changed since the adoption ('{short(was)}' is now "
            f"'{short(now)}'), {held} you rename the group row back, or run `turfbook sheets adopt` to take the "
            f"new labels / encabezado de {title}: la fila de grupos encima cambió desde la adopción ('{short(was)}' "
            f"ahora es '{short(now)}'), {held_es} vuelva a poner los nombres de la fila de grupos, o ejecute "
            "`turfbook sheets adopt` para tomar las etiquetas nuevas")


def lost_text(title: str, header: str, names: tuple[str, str], why: str, dated: list[str],
              groups: list[str], cells: list[list[str]]) -> str:
    """A column `header` of sheet `title` (`names`: its Turfbook name in English and Spanish) lost by `why`
    ("twice:<letters>", "ambiguous:<letters>", "group…", else not found); `dated`: of ambiguous candidates, those
    holding dates (AdoptedSheets._dated). EN / ES."""
    ours, ours_es = names
    if why.startswith("twice:"):
        letters = why[6:].split(",")
        return (f"{title} header: '{short(header)}' is in columns {', '.join(letters)}; Turfbook reads {letters[0]} "
                f"as {ours} (rename the other) / encabezado de {title}: '{short(header)}' está en las columnas "
                f"{', '.join(letters)}; Turfbook lee {letters[0]} como {ours_es} (renombre la otra)")
    if why.startswith("group"):             # a changed group row: advice right for the change
        return group_text(title, header, ours, why, groups, cells, ours_es)
    where = where_es = ""
    if why.startswith("ambiguous:"):
        letters = ", ".join(why[10:].split(","))
        where, where_es = ((f" (of columns {letters} only {dated[0]} holds dates: likely it, renamed)",
                            f" (de las columnas {letters} solo {dated[0]} tiene fechas: probablemente es ella, "
                            "renombrada)") if len(dated) == 1 else
                           (f" (columns {letters} could each be it)", f" (podría ser cualquiera de las columnas "
                                                                      f"{letters})"))
    return (f"{title} header: the column '{short(header)}' ({ours}) is not found any more{where}; Turfbook reads no "
            f"{ours} there (its rows' cells are not checked meanwhile, not taken as empty): rename the header back, "
            f"or run `turfbook sheets adopt` / encabezado de {title}: la columna '{short(header)}' ({ours_es}) ya no "
            f"se encuentra{where_es}; Turfbook no lee {ours_es} allí (mientras tanto no se revisan las celdas de sus "
            "filas, ni se toman como vacías): vuelva a poner el encabezado, o ejecute `turfbook sheets adopt`")
