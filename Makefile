# Rekisteri: the operator's and developer's entry points.
#
#   make demo      install into .venv, load the demo data and serve http://127.0.0.1:8000/
#   make test      install, then lint, type-check, check migrations and run the tests
#   make messages  extract and compile translations (fi, sv, en)
#   make bench     benchmarks on a throwaway database (by hand, not part of make test):
#                  bench/run.py (data generator, audit log), bench/privacy.py (access package,
#                  erasure, retention, registration), bench/shop.py (orders generator,
#                  checkout through the payment simulator, order pages, pick list),
#                  bench/staff.py (customer search, customer card with and without audit),
#                  bench/marketing.py (the direct-marketing export, streamed)
#   make lock      regenerate requirements.lock from pyproject.toml
#   make clean     remove the virtualenv, caches and build output (never the data in var/)
#
# Only Python's own venv and pip are needed. PYTHON=python3.12 picks another interpreter.

PYTHON ?= python3
VENV ?= .venv
BIN := $(abspath $(VENV))/bin
STAMP := $(VENV)/.installed-stamp
PIP := $(BIN)/python -m pip --disable-pip-version-check
# Extra pytest arguments, e.g. make test PYTEST_ARGS="-x tests/demo" (or "-n auto").
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install demo test messages bench lock clean

help:
	@sed -n 's/^#   //p' $(firstword $(MAKEFILE_LIST))

# The virtualenv is (re)built whenever the lock file or the project's metadata changes.
$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Rekisteri needs Python 3.11 or newer; '$(PYTHON)' is older or missing." >&2; \
	  echo "Install a newer Python or run: make PYTHON=python3.12 ..." >&2; exit 1; }
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then \
	  echo "Creating the virtualenv in $(VENV)"; \
	  rm -rf $(VENV); \
	  $(PYTHON) -m venv $(VENV) || { \
	    echo "Could not create a virtualenv; on Debian/Ubuntu: apt-get install python3-venv" >&2; \
	    exit 1; }; \
	fi
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	@touch $@

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rekisteri demo

# Each step stops make at its first failure. pytest's exit code 5 means that no test was
# collected: a run that tested nothing must not pass.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy rekisteri
	$(BIN)/rekisteri makemigrations --check --dry-run
	@status=0; $(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; \
	exit $$status

# Run from inside the package so that the catalogues go to rekisteri/locale and only the
# package's own sources are scanned.
messages: $(STAMP)
	cd rekisteri && REKISTERI_DATA_DIR=$(abspath var) $(BIN)/rekisteri makemessages \
	  -l fi -l sv -l en --ignore 'migrations/*'
	cd rekisteri && REKISTERI_DATA_DIR=$(abspath var) $(BIN)/rekisteri compilemessages

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/privacy.py
	$(BIN)/python bench/shop.py
	$(BIN)/python bench/staff.py
	$(BIN)/python bench/marketing.py

# A fresh virtualenv with the newest releases pyproject.toml allows, frozen.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	( echo "# Every runtime and development dependency, pinned. Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable ) > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) .lock-venv build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache \
	  .hypothesis
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
