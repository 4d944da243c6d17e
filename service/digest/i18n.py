"""Every string the digest templates show, in Spanish; dates and numbers formatted per locale by Babel.

Templates call `_("English text", name=value)`; the English text is the message id. A missing
Spanish entry falls back to English, which tests/unit/test_digest_render.py forbids.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.numbers import format_decimal, format_percent, parse_pattern

from turfbook.schema.problem_kinds import LABELS as PROBLEM_KINDS

LOCALES = {"en": "en_US", "es": "es_US"}
_PARSED: dict[str, Locale] = {}          # each locale parsed once a process (Babel parses a name at every call)
PERCENT = parse_pattern("#,##0%")

# Sheet vocabulary the digest shows as labels (kinds, answers, problem kinds): translated too.
VOCABULARY = ("one-on-one", "house visit", "canvass/door knock", "phone bank", "text", "event", "other",
              "petition", "sticker day", "action", "survey", "missing_tab",
              "ok", "failed", "error", "interrupted", "running", "never",
              "joined", "declined", "thinking", "invalid", "missing", "unknown_reference", "duplicate_id",
              "possible_duplicate") + tuple(en for en, _ in PROBLEM_KINDS.values())

ES = {
    # vocabulary
    "one-on-one": "uno a uno", "house visit": "visita a domicilio", "canvass/door knock": "puerta a puerta",
    "phone bank": "banco telefónico", "text": "mensaje de texto", "event": "evento", "other": "otro",
    "petition": "petición", "sticker day": "día de calcomanías", "action": "acción", "survey": "encuesta",
    "missing_tab": "falta una pestaña",
    "joined": "se unieron", "declined": "dijeron que no", "thinking": "lo están pensando",
    "invalid": "valor no válido", "missing": "falta un dato", "unknown_reference": "referencia desconocida",
    "duplicate_id": "ID duplicado", "possible_duplicate": "posible duplicado",
    **{en: es for en, es in PROBLEM_KINDS.values()},     # problem kinds' plain labels (one table)
    # frame
    "Weekly digest": "Resumen semanal", "Daily digest": "Resumen diario",
    "{org}: weekly digest, {span}": "{org}: resumen semanal, {span}",
    "{org}: daily digest, {span}": "{org}: resumen diario, {span}",
    "Your follow-ups, {span}": "Tus seguimientos, {span}",
    "This week": "Esta semana", "Last week": "Semana anterior",
    "Yesterday": "Ayer", "Day before": "Día anterior",
    "vs last week": "vs. semana anterior", "vs the day before": "vs. día anterior",
    "Open the workbook": "Abrir la hoja de cálculo",
    "Sent by Turfbook for {org}. Figures as of {day} ({tz}); weeks run Monday to Sunday.":
        "Enviado por Turfbook para {org}. Cifras al {day} ({tz}); las semanas van de lunes a domingo.",
    "Names link to their row in the sheet.": "Los nombres enlazan a su fila en la hoja.",
    # summary tiles
    "Conversations": "Conversaciones", "Overdue follow-ups": "Seguimientos vencidos",
    "New leaders": "Nuevos líderes", "Media filed": "Fotos y videos archivados",
    # follow-ups
    "Follow-ups": "Seguimientos", "Overdue now": "Vencidos ahora", "Done": "Hechos",
    "Completion rate": "Tasa de cumplimiento",
    "{done} of {due} due were done": "se hicieron {done} de {due} que vencían",
    "No follow-ups are overdue.": "No hay seguimientos vencidos.",
    ("Unknown: the column {columns} the follow-up rule reads is not found in your sheet (renamed, removed "
     "or never found), so Turfbook cannot count overdue follow-ups; the sheet's flags are kept as they "
     "were. Rename the header back (or name it as Turfbook knows it), or run `turfbook sheets adopt` (see "
     "Data problems)."):
        ("Desconocido: la columna {columns} que lee la regla de seguimiento no se encuentra en su hoja "
         "(renombrada, eliminada o nunca encontrada), así que Turfbook no puede contar los seguimientos "
         "vencidos; las marcas de la hoja se quedan como estaban. Devuelva el nombre al encabezado (o "
         "póngale un nombre que Turfbook conozca) o ejecute `turfbook sheets adopt` (vea Problemas en los "
         "datos)."),
    "unknown": "desconocido",
    "Organizer": "Organizador/a", "Overdue": "Vencidos", "Change": "Cambio", "Oldest": "Más antiguo",
    "{days} days": "{days} días", "none due": "ninguno vencía",
    # conversations
    "By kind": "Por tipo", "By organizer": "Por organizador/a", "Kind": "Tipo",
    "New people contacted": "Personas nuevas contactadas", "No conversations logged.":
        "No se registraron conversaciones.",
    # leaders
    "Leaders": "Líderes", "Newly identified leaders": "Líderes identificados por primera vez",
    "No new leaders identified.": "No se identificaron nuevos líderes.",
    "Person": "Persona", "Worksite": "Lugar de trabajo", "Date": "Fecha",
    "Assessment moves": "Cambios de evaluación", "Moved up": "Subieron", "Moved down": "Bajaron",
    "No assessment changes.": "No hubo cambios de evaluación.", "From": "De", "To": "A",
    "Asked to join": "Invitados a unirse", "Answers": "Respuestas",
    "1 = leader … 5 = opposed": "1 = líder … 5 = en contra",
    # structure tests
    "Structure test": "Prueba de estructura", "No structure test yet.": "Todavía no hay pruebas de estructura.",
    "{name} ({kind}), {day}: goal {goal}": "{name} ({kind}), {day}: meta {goal}",
    "Participation": "Participación", "Took part": "Participaron",
    "no headcount": "sin plantilla", "Lowest first.": "Los más bajos primero.",
    "below goal": "por debajo de la meta", "at or above goal": "en la meta o por encima",
    # issues
    "Issues": "Temas", "Issue": "Tema", "People": "Personas", "Worksites": "Lugares de trabajo",
    "Deeply felt": "Muy sentido", "No issues raised yet.": "Todavía no se han planteado temas.",
    "Widely felt: people and worksites raising it, of all contacted. Deeply felt: conversations rating it 3.":
        "Amplitud: personas y lugares que lo plantean, del total contactado. Profundidad: "
        "conversaciones que lo califican con 3.",
    # media
    "Media": "Fotos y videos", "Filed": "Archivados", "Nothing filed.": "No se archivó nada.",
    "By issue": "Por tema", "By worksite": "Por lugar de trabajo",
    "Needs review": "Por revisar", "Nothing needs review.": "Nada por revisar.",
    "File": "Archivo", "Reason": "Motivo", "Open in Drive": "Abrir en Drive", "Row": "Fila",
    "…and {count} more in the Media tab.": "…y {count} más en la pestaña Media.",
    "…and {count} more.": "…y {count} más.",
    "…and {count} more worksites in the Wall chart tab.": "…y {count} lugares más en la pestaña Wall chart.",
    # problems
    "Field entries held, by organizer": "Entradas de campo en espera, por organizador/a",
    "Data problems": "Problemas en los datos", "No data problems.": "No hay problemas en los datos.",
    "Open the Problems tab": "Abrir la pestaña Problems", "Total": "Total", "New": "Nuevos",
    # nightly jobs
    "Nightly jobs": "Tareas nocturnas", "Follow-up flags": "Marcas de seguimiento",
    "Media filing": "Archivo de fotos y videos", "Last run": "Última ejecución", "Status": "Estado",
    "ok": "bien", "failed": "falló", "error": "error", "interrupted": "interrumpida", "running": "en curso",
    "never": "nunca",
    "No successful run in two days: the figures above may be out of date.":
        "Sin una ejecución correcta en dos días: las cifras de arriba pueden estar desactualizadas.",
    # organizer digest
    "Hi {name},": "Hola, {name}:",
    "Here are your follow-ups as of {day}.": "Estos son tus seguimientos al {day}.",
    "Overdue follow-ups ({count})": "Seguimientos vencidos ({count})",
    "Due in the next 7 days ({count})": "Vencen en los próximos 7 días ({count})",
    "Nothing overdue. Nice work.": "Nada vencido. ¡Buen trabajo!",
    "Nothing due in the next 7 days.": "Nada vence en los próximos 7 días.",
    "Due": "Vence", "Last conversation": "Última conversación",
    "{days} days overdue": "{days} días de atraso", "Open the Conversations tab": "Abrir la pestaña Conversations",
}

CATALOGS = {"en": {}, "es": ES}


def language_of(value: str | None) -> str:
    return "es" if str(value or "").strip().lower().startswith("es") else "en"


def gettext(language: str) -> Callable[..., str]:
    catalog = CATALOGS.get(language, {})

    def _(message: str, **fields) -> str:
        text = catalog.get(message, message)
        return text.format(**fields) if fields else text

    return _


class Formats:
    """Dates, numbers and percentages in one locale."""

    def __init__(self, language: str):
        name = LOCALES.get(language, "en_US")
        self.locale = _PARSED.get(name) or _PARSED.setdefault(name, Locale.parse(name))
        self._said: dict[tuple, str] = {}        # (how, type, value) -> its text: a digest repeats days and counts

    def day(self, value: date | None, pattern: str = "medium") -> str:
        return format_date(value, pattern, locale=self.locale) if value else ""

    def short_day(self, value: date | None) -> str:
        if not value:
            return ""
        found = self._said.get(("day", value.__class__, value))
        if found is None:
            found = self._said[("day", value.__class__, value)] = format_skeleton("MMMEd", value, locale=self.locale)
        return found

    def moment(self, value: datetime | None) -> str:
        if not value:
            return ""
        day = format_skeleton("MMMEd", value, locale=self.locale)
        return f"{day} {format_time(value, 'short', tzinfo=value.tzinfo, locale=self.locale)}"

    def span(self, start: date, end: date) -> str:
        if start == end:
            return format_date(start, "EEEE d MMMM y", locale=self.locale)
        return format_interval(start, end, "yMMMd", locale=self.locale).replace("\u2009", " ")

    def num(self, value: int | float | None) -> str:
        if value is None:
            return "—"
        found = self._said.get(("num", value.__class__, value))
        if found is None:
            found = self._said[("num", value.__class__, value)] = format_decimal(value, locale=self.locale)
        return found

    def pct(self, value: float | None, of_hundred: bool = False) -> str:
        if value is None:
            return "—"
        return format_percent(value / 100 if of_hundred else value, PERCENT, locale=self.locale)

    def signed(self, value: int) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "±") + format_decimal(abs(value), locale=self.locale)
