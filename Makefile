# newsdesk: `make demo` runs the main job on the bundled demo corpus, `make test` runs the tests
# (`make test-fast`: all but the slow, browser, PostgreSQL, LLM and evaluation-data ones).
# Both create .venv and install what they need on first use. `make lint` runs ruff and mypy;
# `make wheel-smoke` builds a wheel and runs the demo from it in a fresh venv (.ci/wheel-smoke).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO_DB ?= demo-output/newsdesk.db
DEMO_DIR := src/newsdesk/data/demo
DEMO_TOPIC ?= fentanyl, tariffs, cartels and migration in U.S.-Mexico relations

.PHONY: demo test test-fast lint wheel-smoke bench clean install install-dev serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools wheel

# torch==2.13.0 (the CPU build) is pinned in pyproject.toml, so it is resolved in the same pip
# command as sentence-transformers and pip never reaches for a CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# llama-cpp-python (the [local] extra that .[dev] pulls in) builds from source; a native build
# (-march=native, AVX-512/AMX kernels) crashes with a segmentation fault on the first token on
# this project's machines, so build the portable AVX2 kernels unless told otherwise.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	@mkdir -p $(dir $(DEMO_DB))
	$(BIN)/newsdesk ingest $(DEMO_DIR) --db $(DEMO_DB)
	$(BIN)/newsdesk stats --db $(DEMO_DB)
	$(BIN)/newsdesk articles --db $(DEMO_DB) --limit 8
	$(BIN)/newsdesk themes --db $(DEMO_DB)
	$(BIN)/newsdesk brief "$(DEMO_TOPIC)" --db $(DEMO_DB) --format html --out $(dir $(DEMO_DB))briefing.html
	$(BIN)/newsdesk brief "$(DEMO_TOPIC)" --db $(DEMO_DB) --out $(dir $(DEMO_DB))briefing.md
	@echo; cat $(dir $(DEMO_DB))briefing.md

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

# Everything but the tests marked slow, browser, postgres, llm or eval_data (tests/conftest.py
# gives the markers); under two minutes on 2 cores.
FAST := not slow and not browser and not postgres and not llm and not eval_data
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "$(FAST)"

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

# Needs only $(PYTHON) with pip and venv: the wheel is installed into its own fresh venv.
wheel-smoke:
	PYTHON=$(PYTHON) .ci/wheel-smoke

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache

# The reading room on the demo store (run `make demo` first): http://127.0.0.1:8000/
$(VENV)/.installed-web: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[web]'
	touch $@

serve: $(VENV)/.installed-web
	$(BIN)/newsdesk serve --db $(DEMO_DB)
