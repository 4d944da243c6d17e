"""Google's errors in Turfbook's own words; nothing outside service/workspace/ imports googleapiclient.

Every call through `retry.execute` that Google refuses raises a `GoogleError` (NotFound,
PermissionDenied, QuotaExhausted, BadRequest, or the base class), with `status` and `reasons`; it is
still an `HttpError` underneath, so the workspace's own code may keep catching that.

    plain(exc, config) -> Plain | None     one line an organizer can act on (None: not from Google)
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from googleapiclient.errors import HttpError


class GoogleError(HttpError):
    """Google answered with an error."""

    def __init__(self, original: HttpError):
        super().__init__(original.resp, original.content, uri=original.uri)

    @property
    def status(self) -> int:
        return int(self.resp.status)

    @property
    def reasons(self) -> set[str]:
        try:
            body = json.loads(self.content or b"{}")
        except ValueError:
            return set()
        return {e.get("reason", "") for e in (body.get("error") or {}).get("errors", []) if isinstance(e, dict)}

    @property
    def message(self) -> str:
        try:
            return str((json.loads(self.content or b"{}").get("error") or {}).get("message") or self.reason)
        except (ValueError, AttributeError):
            return str(self.reason)

    def __str__(self) -> str:
        return f"Google answered {self.status}: {self.message}"


class NotFound(GoogleError):
    """404: the spreadsheet, tab, file or folder is not there (or not visible to this identity)."""


class PermissionDenied(GoogleError):
    """401/403 other than rate limits: this identity may not do that."""


class QuotaExhausted(GoogleError):
    """429, or 403 with a rate-limit reason, after every retry."""


class BadRequest(GoogleError):
    """400: a bad range, value or request."""


def translate(exc: HttpError) -> GoogleError:
    if isinstance(exc, GoogleError):
        return exc
    status = int(exc.resp.status)
    error = GoogleError(exc)
    if status == 404:
        kind = NotFound
    elif status == 429 or (status == 403 and error.reasons & {"rateLimitExceeded", "userRateLimitExceeded",
                                                                 "quotaExceeded"}):
        kind = QuotaExhausted
    elif status in (401, 403):
        kind = PermissionDenied
    elif status == 400:
        kind = BadRequest
    else:
        return error
    return kind(exc)


@dataclass(frozen=True)
class Plain:
    message: str
    config: bool          # fixing it means changing the config (exit 2), not re-running


def endpoint_problem(exc: BaseException, config) -> Plain | None:
    """Credentials the emulator at google.endpoint does not know (another instance's emulator), or an endpoint
    nobody answers at; None for anything else."""
    return _foreign_credentials(exc, config) or _unreachable(exc, config)


def last_word(exc: BaseException, config) -> Plain | None:
    """What a command that stopped on `exc` says: a refusal (401/403/404) gets its one-line fix, an unknown
    endpoint or key its explanation; None: nothing plainer than the error itself."""
    if isinstance(exc, HttpError) and int(exc.resp.status) in (401, 403, 404):
        return plain(exc, config)
    return endpoint_problem(exc, config)


def plain(exc: BaseException, config) -> Plain | None:
    said = endpoint_problem(exc, config)
    if said:
        return said
    signed_out = _sign_in_refused(exc, config)
    if signed_out:
        return signed_out
    if not isinstance(exc, HttpError):
        return None
    error = translate(exc)
    url = str(error.uri or "")
    spreadsheet = config.google.spreadsheet_id
    if "/v4/spreadsheets/" in url and isinstance(error, NotFound | PermissionDenied):
        who = identity_in_use(config)
        what = "does not exist" if isinstance(error, NotFound) else f"is not shared with {who}"
        return Plain(f"google.spreadsheet_id: the spreadsheet {spreadsheet} {what} "
                     f"(check the ID in the config, or share the sheet with {who} as Editor)", True)
    if isinstance(error, PermissionDenied):
        return Plain(f"Google refused the call ({error.status}): {error.message}; "
                     "`turfbook check --live` says what to fix", True)
    if isinstance(error, QuotaExhausted):
        return Plain("Google's quota is used up for now; the next run will pick up where this one stopped", False)
    return Plain(str(error), False)


def identity_in_use(config) -> str:
    """Who Google sees, in words a person can share a file with: the delegated user (not the service account
    acting for them), the signed-in user, or the service account."""
    google = config.google
    if google.user_credentials_file:
        return f"the Google user signed in with `turfbook auth login` ({google.user_credentials_file})"
    if google.delegated_user:
        return f"{google.delegated_user} (google.delegated_user: the service account acts as that user)"
    return "the service account (client_email in google.credentials_file)"


def _connection_error(exc: BaseException) -> BaseException | None:
    """The connection error (refused, reset, timed out, unknown host) behind `exc`, if that is what it is."""
    import httplib2
    from google.auth.exceptions import TransportError

    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, HttpError):
            return None
        if isinstance(exc, ConnectionError | TimeoutError | httplib2.ServerNotFoundError | TransportError):
            return exc
        if isinstance(exc, OSError) and type(exc).__module__.startswith(("requests", "urllib3")):
            return exc
        exc, seen = exc.__cause__ or exc.__context__, seen + 1
    return None


def _foreign_credentials(exc: BaseException, config) -> Plain | None:
    """With google.endpoint set (an emulator), a 401, a refused sign-in or a connection error whose cause is that
    the service-account key belongs to another emulator (another Turfbook instance's, or one restarted with
    other data): a config error naming the endpoint, the key and the data folder it expected."""
    from google.auth.exceptions import RefreshError

    endpoint = (config.google.endpoint or "").rstrip("/")
    if not endpoint or config.google.user_credentials_file:
        return None
    key = config.google.credentials_file
    try:
        token_uri = str(json.loads(key.read_text()).get("token_uri") or "")
    except (OSError, ValueError, AttributeError):
        return None
    issuer = token_uri.removesuffix("/token").rstrip("/")
    folder = key.parent
    # a key this token endpoint never issued ("Invalid JWT Signature", as Google says of a deleted key), or a
    # token another emulator issued (401); not a delegation or scope refusal, which has its own words
    refused = (isinstance(exc, RefreshError) and "Invalid JWT Signature" in str(exc)) or (
        isinstance(exc, HttpError) and int(exc.resp.status) == 401)
    if issuer and issuer != endpoint and (refused or _connection_error(exc) is not None):
        return Plain(f"google.endpoint: the emulator at {endpoint} does not know the credentials in {key}: they "
                     f"belong to the emulator at {issuer} (data folder {folder}). Point google.endpoint at that "
                     f"emulator, or start it (`turfbook emulator --data {folder} --port {_port(issuer)}`) / el "
                     f"emulador en {endpoint} no conoce las credenciales de {key}: son del emulador en {issuer} "
                     f"(carpeta de datos {folder}); "
                     f"apunte google.endpoint a ese emulador o inícielo", True)
    if refused:
        return Plain(f"Could not sign in with the service-account key {key}: the emulator at {endpoint} does not know "
                     f"it (it is not the emulator serving the data folder {folder}: another Turfbook instance's "
                     f"emulator may be on that port). Stop that one, or give this instance its own port in "
                     f"google.endpoint / no se pudo iniciar sesión con la clave {key}: el emulador en {endpoint} no la "
                     f"conoce (no es el emulador de la carpeta de datos {folder}: puede ser el de otra instancia de "
                     "Turfbook); deténgalo o dé a esta instancia su propio puerto en google.endpoint", True)
    return None


def _port(url: str) -> int:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).port or 8765
    except ValueError:
        return 8765


def _unreachable(exc: BaseException, config) -> Plain | None:
    """Nobody answers at the Google endpoint (an emulator that was stopped or killed, a wrong port, no network):
    which endpoint, and what to do, in English and Spanish. A failed run (exit 1), not a config error: the
    config may be right and the emulator just not running."""
    error = _connection_error(exc)
    if error is None:
        return None
    why = "connection refused" if "refused" in str(error).lower() or isinstance(error, ConnectionRefusedError) \
        else type(error).__name__
    endpoint = (config.google.endpoint or "").rstrip("/")
    if endpoint:
        return Plain(f"could not reach the Google endpoint {endpoint} ({why}): start the emulator there "
                     f"(`turfbook demo`, or `turfbook emulator --data {config.google.credentials_file.parent} --port "
                     f"{_port(endpoint)}`) or "
                     f"check google.endpoint in the config / no se pudo conectar con el punto de acceso de Google "
                     f"{endpoint} ({why}): inicie el emulador allí o revise google.endpoint en la configuración",
                     False)
    return Plain(f"could not reach Google (https://www.googleapis.com, {why}): check the network or proxy and "
                 "run again / no se pudo conectar con Google (https://www.googleapis.com, {why}): revise la red o el "
                 "proxy y vuelva a intentarlo".replace("{why}", why), False)


def _sign_in_refused(exc: BaseException, config) -> Plain | None:
    """Google refused the token (a revoked or expired sign-in, a deleted key): what to do, in English and
    Spanish."""
    from google.auth.exceptions import RefreshError

    if not isinstance(exc, RefreshError):
        return None
    user_file = config.google.user_credentials_file
    if user_file:
        return Plain(f"Google no longer accepts the sign-in saved in {user_file} (it was revoked or has expired: "
                     f"{exc.args[0] if exc.args else exc}): run `turfbook auth login` again. / Google ya no acepta "
                     f"el inicio de sesión guardado en {user_file} (se revocó o caducó): ejecute `turfbook auth "
                     "login` de nuevo.", True)
    return Plain(f"Google refused the service-account key {config.google.credentials_file} "
                 f"({exc.args[0] if exc.args else exc}): check the key is current and `turfbook check --live`. / "
                 f"Google rechazó la clave de la cuenta de servicio {config.google.credentials_file}: compruebe "
                 "que la clave sigue vigente y ejecute `turfbook check --live`.", True)
