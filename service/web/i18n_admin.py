"""Words for the admin pages (/runs, /login) in English and Spanish, beyond service/web/i18n.py's catalog:
job names, who started a run, the counts a run reports, and the login form.

`labeller(lang)` gives `label(kind, key)`: the words for a job (`job`), a trigger (`trigger`) or a count
(`count`); a key with no words (a new count) falls back to the key with spaces, so nothing is ever blank.
The login form's strings (LOGIN) are read with i18n.words(LOGIN, lang), like the main catalog.
"""

from __future__ import annotations

from typing import Any

JOBS = {"en": {"check": "Checking the workbook (IDs, problems)", "filing": "Filing photos and videos",
               "overdue": "Overdue follow-ups", "digest": "Digest email",
               "chart": "Wall chart", "field": "Conversations from phones"},
        "es": {"check": "Revisión del libro (IDs, problemas)", "filing": "Archivo de fotos y videos",
               "overdue": "Seguimientos atrasados", "digest": "Resumen por correo", "chart": "Tabla de pared",
               "field": "Conversaciones desde teléfonos"}}
TRIGGERS = {"en": {"schedule": "the schedule", "scheduler": "the schedule", "cli": "command line",
                   "demo": "demo", "manual": "an admin", "web": "an admin", "webhook": "a Drive upload",
                   "drive": "a Drive upload"},
            "es": {"schedule": "el horario", "scheduler": "el horario", "cli": "línea de comandos",
                   "demo": "demo", "manual": "un administrador", "web": "un administrador",
                   "webhook": "una subida a Drive", "drive": "una subida a Drive"}}
COUNTS = {
    "en": {"inbox": "in the inbox", "moves": "to move", "filed": "filed", "needs_review": "need review",
           "duplicates": "duplicates", "repaired": "rows repaired", "moved": "moved", "errors": "errors",
           "folders_created": "folders created", "twin_folders": "twin folders", "open": "open",
           "overdue": "overdue", "due_today": "due today", "due_soon": "due soon", "done": "done",
           "newly_overdue": "newly overdue", "cleared": "cleared", "overdue_by_organizer": "overdue by organizer",
           "status_changes": "statuses changed", "cells_written": "cells written", "skipped": "skipped",
           "without_id": "rows without ID", "ids_assigned": "IDs assigned", "problems": "data problems",
           "period": "period",
           "recipients": "recipients", "sent": "sent", "failed": "failed", "unconfirmed": "unconfirmed",
           "conversations": "conversations", "worksites": "worksites", "rows": "rows",
           "mismatches": "mismatches", "api_calls": "API calls", "ranges": "ranges"},
    "es": {"inbox": "en la bandeja", "moves": "por mover", "filed": "archivados", "needs_review": "por revisar",
           "duplicates": "duplicados", "repaired": "filas reparadas", "moved": "movidos", "errors": "errores",
           "folders_created": "carpetas creadas", "twin_folders": "carpetas gemelas", "open": "abiertos",
           "overdue": "atrasados", "due_today": "vencen hoy", "due_soon": "vencen pronto", "done": "hechos",
           "newly_overdue": "nuevos atrasados", "cleared": "resueltos",
           "overdue_by_organizer": "atrasados por organizador/a", "status_changes": "estados cambiados",
           "cells_written": "celdas escritas", "skipped": "omitidas", "without_id": "filas sin ID",
           "ids_assigned": "IDs asignados",
           "problems": "problemas de datos", "period": "periodo", "recipients": "destinatarios",
           "sent": "enviados", "failed": "fallidos", "unconfirmed": "sin confirmar",
           "conversations": "conversaciones", "worksites": "lugares de trabajo", "rows": "filas",
           "mismatches": "diferencias", "api_calls": "llamadas a la API", "ranges": "rangos"},
}
WORDS = {"job": JOBS, "trigger": TRIGGERS, "count": COUNTS}

LOGIN = {
    "en": {"title": "Admin login", "token": "Admin token", "button": "Log in",
           "disabled": "Admin login is disabled: set TURFBOOK_ADMIN_TOKEN.",
           "expired": "The form expired; please try again.",
           "throttled": "Too many wrong tokens; wait {seconds} seconds.", "wrong": "That token is not right.",
           "late": "No successful run in the last two scheduled periods."},
    "es": {"title": "Acceso de administración", "token": "Clave de administración", "button": "Entrar",
           "disabled": "El acceso de administración está desactivado: configure TURFBOOK_ADMIN_TOKEN.",
           "expired": "El formulario caducó; intente de nuevo.",
           "throttled": "Demasiadas claves incorrectas; espere {seconds} segundos.",
           "wrong": "Esa clave no es correcta.",
           "late": "Ninguna corrida exitosa en los dos últimos periodos del horario."},
}


def labeller(lang: str):
    def label(kind: str, key: Any) -> str:
        words = WORDS[kind]
        return words.get(lang, words["en"]).get(str(key)) or words["en"].get(str(key)) or str(key).replace("_", " ")
    return label
