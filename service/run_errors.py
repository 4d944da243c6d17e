"""What kind of error a run's recorded error is, so pages can say it in plain words in English or Spanish
while the recorded text (often Google's own English) stays available as the detail.

The kinds follow what `turfbook.jobs.registry.describe` and `History.interrupt_stale` write; text no
pattern matches is `other`. Plain data in, plain data out: the words live in `LABELS`.
"""

from __future__ import annotations

import re

# kind: (English, Spanish) — what went wrong and what to do, for someone who is not an engineer
LABELS: dict[str, tuple[str, str]] = {
    "spreadsheet": ("The spreadsheet could not be opened: check its ID in the config and that it is shared "
                    "with the address Turfbook uses (the delegated user, the signed-in user, or the service account).",
                    "No se pudo abrir la hoja de cálculo: revise su ID en la configuración y que esté compartida "
                    "con la dirección que usa Turfbook (el usuario delegado, el usuario conectado o la cuenta "
                    "de servicio)."),
    "api_off": ("A Google API this job needs is turned off for the project: turn it on in the Google Cloud "
                "console (the detail has the link).",
                "Una API de Google que esta tarea necesita está desactivada en el proyecto: actívela en la consola "
                "de Google Cloud (el detalle trae el enlace)."),
    "permission": ("Google refused access. `turfbook check --live` says what to fix.",
                   "Google negó el acceso. `turfbook check --live` dice qué corregir."),
    "quota": ("Google's limit for now was used up; the next run picks up where this one stopped.",
              "Se agotó por ahora el límite de Google; la próxima corrida sigue donde quedó esta."),
    "network": ("Could not reach Google (network or timeout); the next run tries again.",
                "No se pudo conectar con Google (red o tiempo de espera); la próxima corrida lo intenta de nuevo."),
    "google": ("Google answered with an error.", "Google respondió con un error."),
    "interrupted": ("The process running this job stopped before it finished.",
                    "El proceso que corría esta tarea se detuvo antes de terminar."),
    "failed": ("The job finished but reported a failure.", "La tarea terminó pero informó una falla."),
    "other": ("Something unexpected went wrong.", "Algo inesperado salió mal."),
}

_PATTERNS: tuple[tuple[str, re.Pattern], ...] = (
    ("spreadsheet", re.compile(r"^google\.spreadsheet_id: ")),
    ("api_off", re.compile(r"has not been used in (this )?project|is disabled|accessNotConfigured|SERVICE_DISABLED",
                           re.IGNORECASE)),
    ("permission", re.compile(r"^Google refused the call|\b(401|403)\b.*(permission|forbidden|unauthori[sz]ed)",
                              re.IGNORECASE)),
    ("quota", re.compile(r"quota|rate ?limit|\b429\b", re.IGNORECASE)),
    ("network", re.compile(r"^(ConnectionError|ConnectTimeout|ReadTimeout|Timeout|TimeoutError|TransportError|"
                           r"ServerNotFoundError|RemoteDisconnected|ConnectionRefusedError|socket\.timeout)\b"
                           r"|^could not reach|timed out|Max retries exceeded|Connection refused", re.IGNORECASE)),
    ("interrupted", re.compile(r"^the process running it stopped")),
    ("google", re.compile(r"^<HttpError \d+|^HttpError\b|^Google (answered|returned)")),
)


def kind(status: str, error: str | None) -> str | None:
    """The kind of a run's error (None when it has none)."""
    if not error:
        return None
    if status == "interrupted":
        return "interrupted"
    for name, pattern in _PATTERNS:
        if pattern.search(error):
            return name
    return "failed" if status == "failed" else "other"


def label(error_kind: str, language: str = "en") -> str:
    words = LABELS.get(error_kind, LABELS["other"])
    return words[1] if language == "es" else words[0]
