"""The corpus outcomes and the fault matrix are recorded by tests in-process and printed at the end of the
run by tests/corpus/conftest.py and tests/faults/conftest.py. Under pytest-xdist (`make test`) the tests run
in worker processes and the end of the run happens in the controller: a worker sends what each test recorded
with that test's report, the controller records it again and prints the summaries whose conftest it has not
loaded itself (it collects nothing, so usually none)."""

from __future__ import annotations

import importlib
import os

import pytest

SUMMARIES = ("tests.corpus.conftest", "tests.faults.conftest")
_PENDING: list[tuple[str, tuple]] = []


def send(kind: str, *args) -> None:
    """In a worker, pass one record (`corpus` case, `faults` outcome) to the controller; else nothing."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        _PENDING.append((kind, args))


def _replay(kind: str, args) -> None:
    if kind == "corpus":
        from tests.corpus.outcomes import RESULTS

        case_id, outcome, detail = args
        RESULTS[case_id] = (outcome, detail)
    elif kind == "faults":
        from tests.faults.conftest import record

        record(*args)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if _PENDING:
        report.user_properties.append(("turfbook_records", list(_PENDING)))
        _PENDING.clear()


def pytest_runtest_logreport(report):
    if getattr(report, "node", None) is None:     # not from an xdist worker: recorded in this process already
        return
    for key, records in report.user_properties:
        if key == "turfbook_records":
            for kind, args in records:
                _replay(kind, args)


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    if not config.pluginmanager.has_plugin("dsession"):      # no workers: each conftest prints its own
        return
    for name in SUMMARIES:
        module = importlib.import_module(name)
        if not config.pluginmanager.is_registered(module):
            module.pytest_terminal_summary(terminalreporter)
