"""How each corpus case ended: clear (its named error, nothing lost), unclear (an error, but not
the clear one), crash (an exception nobody meant), data lost (a file or a staff cell gone or changed)."""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager

from tests.support.xdist_reports import send

RESULTS: dict[str, tuple[str, str]] = {}     # case id -> (outcome, detail)


class DataLost(AssertionError):
    """A file vanished from Drive or a staff cell changed."""


def _set(case_id: str, kind: str, detail: str) -> None:
    RESULTS[case_id] = (kind, detail)
    send("corpus", case_id, kind, detail)


@contextmanager
def outcome(case_id: str):
    """Record the case's outcome while letting pytest see the failure itself."""
    _set(case_id, "hang", "did not finish")  # overwritten unless pytest-timeout stops it
    try:
        yield
    except DataLost as exc:
        _set(case_id, "data lost", str(exc)[:300])
        raise
    except AssertionError as exc:
        _set(case_id, "unclear", str(exc)[:300])
        raise
    except BaseException as exc:
        kind = "hang" if "Timeout" in type(exc).__name__ or "Timeout" in str(exc)[:40] else "crash"
        _set(case_id, kind, f"{type(exc).__name__}: {str(exc)[:300]}")
        raise
    else:
        _set(case_id, "clear", "")


def summary() -> str:
    counts = Counter(kind for kind, _ in RESULTS.values())
    by_kind = Counter(case.split("/", 1)[0] for case in RESULTS)
    lines = [f"{len(RESULTS)} cases, {counts['clear']} clear errors, {counts['crash']} crashes, "
             f"{counts['hang']} hangs, {counts['unclear']} unclear, {counts['data lost']} data lost",
             "by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))]
    for case, (kind, detail) in sorted(RESULTS.items()):
        if kind != "clear":
            lines.append(f"  {kind.upper()}: {case}: {detail}")
    return "\n".join(lines)
