# Every target creates or updates .venv itself: a fresh clone needs only python3.11 and make.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_PROXY := 127.0.0.1,localhost
export no_proxy := 127.0.0.1,localhost

.PHONY: venv demo test test-slow bench lint clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip 2>/dev/null || true
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

demo: venv
	$(BIN)/turfbook demo

test: venv
	@scripts/ensure-chromium
	$(BIN)/python -m pytest -q -m "not slow" tests
	$(BIN)/python -m ruff check service emulator tests bench demo

test-slow: venv
	$(BIN)/python -m pytest -q -m slow tests

bench: venv
	$(BIN)/python -m bench

lint: venv
	$(BIN)/python -m ruff check service emulator tests bench demo

clean:
	rm -rf $(VENV) .turfbook .pytest_cache
