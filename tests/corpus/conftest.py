"""The corpus summary: one line per outcome, printed at the end of the run and written to
test-artifacts/corpus-summary.txt (N cases, N clear errors, 0 crashes, 0 data lost)."""

from __future__ import annotations

from pathlib import Path

from tests.corpus.outcomes import RESULTS, summary

ARTIFACT = Path(__file__).parents[2] / "test-artifacts" / "corpus-summary.txt"


def pytest_terminal_summary(terminalreporter):
    if not RESULTS:
        return
    text = summary()
    terminalreporter.write_sep("-", "bad-input corpus")
    terminalreporter.write_line(text)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(text + "\n", encoding="utf-8")
