# ParkGuard (园区防疫通). `make run` serves the demo; `make test` runs the suite. Both set up what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: install vendor run test test-pg e2e bench lint messages migrate demo clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("ParkGuard needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) messages vendor

# Third-party browser code (the guard page's QR reader), fetched pinned from the npm registry.
vendor:
	bash tools/fetch_vendor.sh

messages: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d locale -D django --statistics 2>&1 | tail -1

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo

run: demo
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py demo --logins --url http://127.0.0.1:$(PORT)
	IN_PROCESS_SCHEDULER=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --file /dev/null --validate --fail-on-warn
	$(BIN)/pytest -m "not e2e and not postgresql" -q

test-pg: install
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/pytest -m "not e2e" -q -p no:cacheprovider

e2e: install
	$(BIN)/pytest -m e2e -q -p no:cacheprovider

bench: install
	$(BIN)/pip install --quiet -e '.[bench]'
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python bench/scope.py
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python bench/roster_import.py
	DATABASE_URL=$${DATABASE_URL:-$(PG_URL)} $(BIN)/python bench/rollup.py
	$(BIN)/python bench/passes.py
	$(BIN)/python bench/planner.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python tools/check_scoped_queries.py

clean:
	rm -rf $(VENV) var/static
