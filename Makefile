# Every target creates or updates .venv itself: a fresh clone needs only python3.11 and make.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_PROXY := 127.0.0.1,localhost
export no_proxy := 127.0.0.1,localhost

.PHONY: venv demo demo-stop test test-slow bench lint clean

venv: $(STAMP)

INSTALL_LOG := .turfbook/install.log

# A quiet install: one line on the terminal, pip's full output in $(INSTALL_LOG) (its last lines are shown
# if it fails).
$(STAMP): pyproject.toml setup.py
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@mkdir -p $(dir $(INSTALL_LOG))
	@echo "Installing Turfbook and its dependencies into $(VENV) (full log: $(INSTALL_LOG))..."
	@{ $(BIN)/python -m pip install --upgrade pip || true; $(BIN)/python -m pip install -e '.[dev]'; } \
	  > $(INSTALL_LOG) 2>&1 || { tail -n 25 $(INSTALL_LOG); echo "Install failed: see $(INSTALL_LOG)"; exit 1; }
	@echo "Installed turfbook $$($(BIN)/python -c 'from importlib.metadata import version; print(version("turfbook"))') \
	with $$($(BIN)/python -m pip list --format=freeze 2>/dev/null | wc -l) packages in $(VENV) (log: $(INSTALL_LOG))"
	@touch $(STAMP)

demo: venv
	$(BIN)/turfbook demo

# stops only what this checkout's demo started (PID files under .turfbook/), never another checkout's
demo-stop: venv
	$(BIN)/turfbook demo stop

# The suites whose outcome could depend on the date; `make test` runs a representative part of them
# with the whole process tree's clock moved far ahead, `make test-slow` all of them on four hard dates.
DATED := tests/integration tests/corpus tests/faults tests/unit/test_digest_plan.py \
	tests/unit/test_digest_properties.py tests/unit/test_digest_chart.py tests/unit/test_overdue_plan.py \
	tests/unit/test_scheduler.py tests/unit/test_history.py tests/unit/test_web_admin.py tests/unit/test_followup_agreement.py
DATED_FAST := tests/integration/test_overdue.py tests/integration/test_filing.py \
	tests/integration/test_digest_job.py tests/integration/test_upload_webhook.py \
	tests/integration/test_upload_directory.py tests/integration/test_clock_tree.py tests/integration/test_field.py tests/corpus \
	tests/unit/test_scheduler.py tests/unit/test_history.py tests/unit/test_web_admin.py tests/unit/test_followup_agreement.py
DATES := "2026-12-31 23:30" "2027-03-14 03:30" "2027-11-07 01:30" "2028-02-29 12:00"

# pytest-xdist: one worker per CPU and one more (the suite waits on subprocesses, browsers and the emulator
# about a third of the time: 3 workers on 2 cores took 484 s where 2 took 633), each test file kept on one
# worker (a file's module fixtures, e.g. the wheel test's installed venv, are built once).
# `make test WORKERS=0` runs in one process.
WORKERS ?= $(shell $(PY) -c 'import os; print(len(os.sched_getaffinity(0)) + 1)' 2>/dev/null || echo logical)
PARALLEL := $(if $(filter 0,$(WORKERS)),-p no:xdist,-n $(WORKERS) --dist loadfile)

# Our modules byte-compiled once, as an installed Turfbook's are: under PYTHONDONTWRITEBYTECODE=1 (the image
# sets it) every process the suite starts (workers, CLI runs, emulators, gunicorn) compiled them again: a fifth
# of the CPU of the tests that start processes.
COMPILE := $(BIN)/python -m compileall -q service emulator demo

test: venv
	@scripts/ensure-chromium
	@$(COMPILE)
	$(BIN)/python -m pytest -q -m "not slow" $(PARALLEL) tests
	@# every process of the tree, xdist workers included (tests/conftest.py), runs on the moved clock
	scripts/at-date "2029-06-15 12:00" America/New_York -- $(BIN)/python -m pytest -q -m "not slow" $(PARALLEL) $(DATED_FAST)
	$(BIN)/python -m ruff check service emulator tests bench demo
	$(BIN)/lint-imports

# costly hypothesis properties run a quarter of their examples in make test, all of them here
# (tests/support/examples.py); DATED runs the others of them below
FULL_PROPERTIES := tests/unit/test_overdue_columns.py tests/unit/test_overdue_columns_perf22t.py \
	tests/unit/test_emulator_marked_rows.py tests/unit/test_emulator_plain_rows.py tests/unit/test_emulator_write_quick.py \
	tests/unit/test_emulator_blocked_json.py tests/unit/test_digest_activity_same.py tests/unit/test_overdue_perf24c.py

test-slow: export TURFBOOK_FULL_EXAMPLES := 1
test-slow: venv
	@$(COMPILE)
	$(BIN)/python -m pytest -q -m slow tests
	$(BIN)/python -m pytest -q -m "not slow" $(FULL_PROPERTIES)
	@for when in $(DATES); do \
	  scripts/at-date "$$when" America/New_York -- $(BIN)/python -m pytest -q -m "not slow" $(DATED) || exit 1; \
	done

bench: venv
	$(BIN)/python -m bench

lint: venv
	$(BIN)/python -m ruff check service emulator tests bench demo
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) .turfbook .pytest_cache
