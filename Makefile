# DHR Case Review. `make run` serves the system; `make test` runs every test.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := app

.PHONY: run test lint worker reminders bench migrate clean

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(BIN)/flask db upgrade

run: migrate
	$(BIN)/flask demo load --if-empty
	$(BIN)/flask demo accounts
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

# Tests run in TEST_WORKERS processes (pytest-xdist); each has its own databases and Redis db.
# Then the date-sensitive ones (marker `dates`, one backend) again at TEST_DATES: six months
# ahead, across a month's end and the March clock change (tests/clock.py; empty: skipped).
TEST_WORKERS ?= 2
TEST_DATES ?= $(shell $(BIN)/python tests/clock.py)

test: lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)
	for day in $(TEST_DATES); do \
	  echo "== the dates tests on $$day"; \
	  TEST_TODAY=$$day $(BIN)/python -m pytest -n $(TEST_WORKERS) -q -m "dates and not browser" \
	    -k "not sqlite" -p no:cacheprovider || exit 1; done

# The import contracts of .importlinter (README: "Who may import whom"); under a second.
lint: $(VENV)/.dev-installed
	$(BIN)/lint-imports --no-cache

worker: migrate
	$(BIN)/flask worker

# The daily run for cron: deadline reminders, then every capability's daily task (chasing
# agencies for their forms first).
reminders: migrate
	$(BIN)/flask reminders run

# The pages under load (bench/__main__.py), then each capability's own measurements.
BENCH_CAPABILITIES := chronology learning meetings report dashboards

bench: $(VENV)/.dev-installed
	$(BIN)/python -m bench
	for m in $(BENCH_CAPABILITIES); do \
	  if [ -f bench/$$m.py ]; then $(BIN)/python -m bench.$$m || exit 1; fi; done

clean:
	rm -rf $(VENV) .pytest_cache
