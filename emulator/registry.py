"""Where API handlers, control-plane routes and HTML views register themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from turfbook_emulator.discovery import Route
    from turfbook_emulator.server import Emulator

HANDLERS: dict[str, Callable[[Call], Any]] = {}
VIEWS: list[tuple[str, Callable[..., Any]]] = []
RESETTERS: list[Callable[[Emulator], None]] = []


def handles(*method_ids: str):
    def register(fn):
        for method_id in method_ids:
            HANDLERS[method_id] = fn
        return fn
    return register


def view(prefix: str):
    """An HTML page under `prefix` (GET only, no auth: the emulator's read-only window)."""
    def register(fn):
        VIEWS.append((prefix, fn))
        VIEWS.sort(key=lambda item: -len(item[0]))
        return fn
    return register


@dataclass
class Reply:
    """A handler's answer: a dict/list body is JSON, bytes or an iterator of bytes is sent as is."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    length: int | None = None
    fields_applied: bool = False

    def chunks(self) -> Iterable[bytes]:
        if isinstance(self.body, bytes | bytearray):
            return [bytes(self.body)]
        return self.body or []


@dataclass
class Call:
    """One API call as a handler sees it."""

    emulator: Emulator
    route: Route
    http_method: str
    path: dict[str, str]
    query: dict[str, Any]
    headers: Any
    principal: dict
    body: bytes = b""
    stream: Any = None
    length: int = 0
    _parsed: Any = field(default=None, repr=False)
    # the answer may carry ready-made JSON (orjson.Fragment): false inside a /batch/ part (encoded with json)
    # and in the schema test mode (which walks the answer)
    wire: bool = field(default=False, repr=False)

    @property
    def method_id(self) -> str:
        return self.route.method_id

    @property
    def store(self):
        return self.emulator.store

    @property
    def base_url(self) -> str:
        return self.emulator.base_url

    def json(self) -> Any:
        """The JSON body, parsed once (validation and the handler both read it; 8k-range bodies are big)."""
        from turfbook_emulator import plain_rows
        from turfbook_emulator.errors import bad_request

        if not self.body:
            return {}
        if self._parsed is None:
            try:
                self._parsed = plain_rows.loads(self.body, self.route.method_id)
            except ValueError:
                raise bad_request("Invalid JSON payload received. Unexpected token.") from None
        return self._parsed

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.query.get(name, default)
        return value if isinstance(value, bool) else str(value) in ("true", "True", "1")
