"""The web pages' strings in English and Spanish (upload page, landing page, run history; every key in both).

Language choice: the page's toggle (?lang=) wins; then the organizer's language from the
Organizers tab; then the phone's Accept-Language; then English.
"""

from __future__ import annotations

LANGUAGES = ("en", "es")

CATALOG: dict[str, dict[str, str]] = {
    "en": {
        "title": "Upload photos and videos",
        "hello": "Hi {name}. Photos and videos sent here go to the team's Drive inbox and are filed tonight.",
        "worksite": "Worksite",
        "choose_worksite": "Choose a worksite…",
        "person": "Person (optional)",
        "person_hint": "Who is in it or who told you about it",
        "issue": "Issue (optional)",
        "no_issue": "—",
        "note": "Note (optional)",
        "files": "Photos or videos",
        "take_photo": "Take a photo or video",
        "choose_files": "Or choose files",
        "limit": ("Up to {files} files and {mb} MB in all in one sending. "
                  "Photos (JPEG, PNG, HEIC) and videos (MP4, MOV, WebM)."),
        "too_many_files": ("You chose {count} files. Send at most {files} at a time: choose fewer and send "
                           "the rest next."),
        "too_big": ("These files add up to {total} MB. Send at most {mb} MB at a time: choose fewer and send "
                    "the rest next."),
        "chosen": "{count} files chosen, {total} MB.",
        "already": "already stored (sent before)",
        "resend": "Send the files not received again",
        "resend_hint": "Only the files under “Not received” need to be sent again.",
        "send": "Send",
        "sending": "Sending {name}…",
        "received": "Received",
        "refused": "Not received",
        "nothing": "No files were sent.",
        "again": "Send more",
        "switch": "Español",
        "done_title": "Thank you",
        "bad_link": "This link does not work",
        "bad_link_expired": "This upload link has expired. Ask your director for a new one.",
        "bad_link_invalid": "This upload link is not valid. Check that you copied all of it.",
        "bad_link_revoked": "This upload link was replaced. Ask your director for the new one.",
        "bad_link_unavailable": "The page cannot reach the team's workbook right now. Try again in a few minutes.",
        "err_type": "not a photo or video we accept{found}",
        "err_empty": "the file is empty",
        "err_decode_short": "the file is cut off: it ends before the photo or video does ({kind})",
        "err_decode_corrupt": "the file is damaged: it does not open as a photo or video ({kind})",
        "err_decode_trailing": "the file has something else hidden after the photo; send the photo alone ({kind})",
        "err_size": "larger than {mb} MB",
        "err_store": "could not be stored; please try again",
        "err_form_size": "This sending is larger than {mb} MB in all. Send fewer files at a time.",
        "err_form_files": ("This sending had more than {files} files. The files after the first {files} "
                           "were not received: send them again separately."),
        "err_over_limit": "over the limit of {files} files in one sending; send it again separately",
        "err_cut": "The sending was cut off. The files listed were handled; send the rest again.",
        "err_form": "the form expired or was changed; reload the page and try again",
        "err_worksite": "choose a worksite from the list",
        "err_turf": "{value} is not in your turf; you can only tag your own people, worksites and conversations",
        "err_issue": "choose an issue from the list",
        "err_no_files": "choose at least one photo or video",
        "err_busy": "Too many tries from here. Wait {seconds} seconds and try again.",
        "retry": "Could not send {name}. Check your connection and try again.",
        "home_intro": "Where {organization} keeps its organizing work. Log conversations in the workbook as always; "
                      "Turfbook flags overdue follow-ups on the rows and files the photos and videos sent from phones.",
        "home_workbook": "The workbook",
        "home_workbook_hint": "People, conversations, worksites and follow-ups. Google asks you to sign in.",
        "home_workbook_missing": "No workbook is set up yet (google.spreadsheet_id in the config).",
        "home_media": "Photos and videos in Drive",
        "home_media_hint": "Filed by worksite and month in the “{folder}” folder.",
        "home_media_missing": "The “{folder}” folder could not be found in Drive right now.",
        "home_runs": "Run history",
        "home_runs_hint": "For admins: when each job last ran, what it changed, and any errors.",
        "home_runs_login": "Admins sign in with the admin token.",
        "home_upload": "Uploading from a phone? Use the link your director sent you.",
        "home_mine": "Your pages, {name}",
        "home_mine_upload": "Send photos and videos",
        "home_mine_upload_hint": "Your own upload page: what you send is filed by worksite and month.",
        "home_mine_followups": "Your follow-ups are the rows with {name} as Organizer in the workbook; "
                               "overdue ones say OVERDUE in their Status.",
        "home_link": "Team home page",
        "runs_jobs": "Jobs",
        "runs_schedule": "Schedule",
        "runs_last": "Last run",
        "runs_next": "Next run",
        "runs_next_off": "not scheduled",
        "runs_last_success": "Last success",
        "runs_never": "never",
        "runs_changed": "What changed",
        "runs_nothing_changed": "nothing to change",
        "runs_error": "What went wrong",
        "runs_error_detail": "Details (as recorded, often Google's own words in English)",
        "runs_recent": "Recent runs",
        "runs_none": "No runs yet.",
        "runs_trigger": "Started by",
        "runs_duration": "Took {seconds} s",
        "runs_logout": "Log out",
        "runs_all": "All jobs",
        "state_running": "Running now",
        "state_failing": "Last run failed",
        "state_late": "Late",
        "state_never": "Not run yet",
        "state_ok": "Working",
        "status_ok": "done",
        "status_failed": "failed",
        "status_error": "stopped with an error",
        "status_interrupted": "interrupted",
        "status_running": "running",
    },
    "es": {
        "title": "Subir fotos y videos",
        "hello": ("Hola {name}. Las fotos y videos que envíe aquí van a la carpeta del equipo en Drive "
                  "y se archivan esta noche."),
        "worksite": "Lugar de trabajo",
        "choose_worksite": "Elija un lugar…",
        "person": "Persona (opcional)",
        "person_hint": "Quién aparece o quién le contó",
        "issue": "Problema (opcional)",
        "no_issue": "—",
        "note": "Nota (opcional)",
        "files": "Fotos o videos",
        "take_photo": "Tomar una foto o video",
        "choose_files": "O elegir archivos",
        "limit": ("Hasta {files} archivos y {mb} MB en total por envío. "
                  "Fotos (JPEG, PNG, HEIC) y videos (MP4, MOV, WebM)."),
        "too_many_files": ("Eligió {count} archivos. Envíe como máximo {files} a la vez: elija menos y envíe "
                           "el resto después."),
        "too_big": ("Estos archivos suman {total} MB. Envíe como máximo {mb} MB a la vez: elija menos y envíe "
                    "el resto después."),
        "chosen": "{count} archivos elegidos, {total} MB.",
        "already": "ya estaba guardado (enviado antes)",
        "resend": "Enviar de nuevo los archivos no recibidos",
        "resend_hint": "Solo hay que volver a enviar los archivos de “No recibidos”.",
        "send": "Enviar",
        "sending": "Enviando {name}…",
        "received": "Recibidos",
        "refused": "No recibidos",
        "nothing": "No se envió ningún archivo.",
        "again": "Enviar más",
        "switch": "English",
        "done_title": "Gracias",
        "bad_link": "Este enlace no funciona",
        "bad_link_expired": "Este enlace para subir archivos venció. Pida uno nuevo a su director/a.",
        "bad_link_invalid": "Este enlace no es válido. Revise que lo copió completo.",
        "bad_link_revoked": "Este enlace fue reemplazado. Pida el nuevo a su director/a.",
        "bad_link_unavailable": "La página no puede leer la hoja del equipo ahora. Intente de nuevo en unos minutos.",
        "err_type": "no es una foto o video que aceptamos{found}",
        "err_empty": "el archivo está vacío",
        "err_decode_short": "el archivo está cortado: termina antes que la foto o el video ({kind})",
        "err_decode_corrupt": "el archivo está dañado: no se abre como foto ni como video ({kind})",
        "err_decode_trailing": "el archivo esconde otra cosa después de la foto; envíe solo la foto ({kind})",
        "err_size": "pesa más de {mb} MB",
        "err_store": "no se pudo guardar; intente de nuevo",
        "err_form_size": "Este envío pesa más de {mb} MB en total. Envíe menos archivos a la vez.",
        "err_form_files": ("Este envío tenía más de {files} archivos. Los archivos después de los primeros "
                           "{files} no se recibieron: envíelos de nuevo aparte."),
        "err_over_limit": "pasa el límite de {files} archivos por envío; envíelo de nuevo aparte",
        "err_cut": "El envío se cortó. Los archivos de la lista se procesaron; envíe el resto de nuevo.",
        "err_form": "el formulario venció o fue alterado; recargue la página e intente de nuevo",
        "err_worksite": "elija un lugar de trabajo de la lista",
        "err_turf": ("{value} no es de su territorio; solo puede etiquetar sus propias personas, lugares de trabajo "
                     "y conversaciones"),
        "err_issue": "elija un problema de la lista",
        "err_no_files": "elija al menos una foto o video",
        "err_busy": "Demasiados intentos desde aquí. Espere {seconds} segundos e intente de nuevo.",
        "retry": "No se pudo enviar {name}. Revise su conexión e intente de nuevo.",
        "home_intro": "Donde {organization} guarda su trabajo de organización. Anote las conversaciones en la hoja "
                      "como siempre; Turfbook marca en cada fila los seguimientos atrasados y archiva las fotos y "
                      "videos enviados desde el teléfono.",
        "home_workbook": "La hoja del equipo",
        "home_workbook_hint": ("Personas, conversaciones, lugares de trabajo y seguimientos. "
                               "Google le pide iniciar sesión."),
        "home_workbook_missing": "Todavía no hay una hoja configurada (google.spreadsheet_id en la configuración).",
        "home_media": "Fotos y videos en Drive",
        "home_media_hint": "Archivados por lugar de trabajo y mes en la carpeta “{folder}”.",
        "home_media_missing": "No se pudo encontrar la carpeta “{folder}” en Drive en este momento.",
        "home_runs": "Historial de tareas",
        "home_runs_hint": "Para administradores: cuándo corrió cada tarea, qué cambió y los errores.",
        "home_runs_login": "Los administradores entran con la clave de administración.",
        "home_upload": "¿Sube archivos desde el teléfono? Use el enlace que le envió su director/a.",
        "home_mine": "Sus páginas, {name}",
        "home_mine_upload": "Enviar fotos y videos",
        "home_mine_upload_hint": "Su propia página de subida: lo que envía se archiva por lugar de trabajo y mes.",
        "home_mine_followups": "Sus seguimientos son las filas con {name} como Organizer en la hoja; "
                               "los atrasados dicen OVERDUE en su Status.",
        "home_link": "Página principal del equipo",
        "runs_jobs": "Tareas",
        "runs_schedule": "Horario",
        "runs_last": "Última corrida",
        "runs_next": "Próxima corrida",
        "runs_next_off": "sin horario",
        "runs_last_success": "Último éxito",
        "runs_never": "nunca",
        "runs_changed": "Qué cambió",
        "runs_nothing_changed": "nada que cambiar",
        "runs_error": "Qué salió mal",
        "runs_error_detail": "Detalle (tal como se registró, a menudo las palabras de Google en inglés)",
        "runs_recent": "Corridas recientes",
        "runs_none": "Todavía no hay corridas.",
        "runs_trigger": "Iniciada por",
        "runs_duration": "Tardó {seconds} s",
        "runs_logout": "Cerrar sesión",
        "runs_all": "Todas las tareas",
        "state_running": "Corriendo ahora",
        "state_failing": "La última corrida falló",
        "state_late": "Atrasada",
        "state_never": "Todavía no ha corrido",
        "state_ok": "Funciona",
        "status_ok": "terminada",
        "status_failed": "falló",
        "status_error": "se detuvo con un error",
        "status_interrupted": "interrumpida",
        "status_running": "en curso",
    },
}

from turfbook.web.i18n_field import FIELD  # noqa: E402 - the field page's strings (#20), same catalogs

for _lang in LANGUAGES:
    CATALOG[_lang].update(FIELD[_lang])


def words(catalog: dict[str, dict[str, str]], lang: str):
    """`say(key, **values)` over one catalog ({lang: {key: text}}): the language's text, else English's,
    with `values` filled in. The one lookup behind every page's strings (this catalog, i18n_admin.LOGIN)."""
    strings = catalog.get(lang, catalog["en"])

    def say(key: str, **values) -> str:
        text = strings.get(key) or catalog["en"][key]
        return text.format(**values) if values else text
    return say


def translator(lang: str):
    return words(CATALOG, lang)


def choose_language(explicit: str | None, organizer_language: str | None, accept_language) -> str:
    """`accept_language` is werkzeug's request.accept_languages."""
    for candidate in (explicit, organizer_language):
        if candidate and candidate.lower()[:2] in LANGUAGES:
            return candidate.lower()[:2]
    best = accept_language.best_match(["en", "es", "es-*", "en-*"]) if accept_language else None
    if best:
        return best[:2].lower()
    return "en"
