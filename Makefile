# CLS Portal: `make run` serves the demo on embedded defaults; `make test` runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-postgres lint security fuzz format migrate seed worker clean bench \
	backup restore

$(STAMP): requirements-dev.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

seed: migrate
	$(BIN)/python manage.py seed_demo --if-empty

run: seed
	@echo "CLS Portal on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The same suite on PostgreSQL with a real Celery worker on Redis (what .ci/run does second).
test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/cls_portal} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/python -m ruff check .
	$(BIN)/python -m ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# bandit over the code (findings answered in place with # nosec and a reason; see pyproject).
security: install
	$(BIN)/bandit -q -c pyproject.toml -r . 2>/dev/null

# schemathesis over the whole API as every role (tests/trust/test_api_fuzz.py); FUZZ_EXAMPLES
# examples per operation and mode.
FUZZ_EXAMPLES ?= 8
fuzz: install
	CLS_API_FUZZ=1 CLS_API_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/trust/test_api_fuzz.py

format: install
	$(BIN)/python -m ruff format .
	$(BIN)/python -m ruff check --fix .

worker: install
	$(BIN)/celery -A cls_portal worker --queues=celery,reports --loglevel=INFO

# The database and the media folder (report PDFs) into a new folder with a manifest (README,
# "Backups"): OUT=dir to choose it, else var/backups/cls-portal-<time>. `make restore FROM=dir`
# puts one back into an empty database and media folder (FORCE=1 replaces what they hold).
backup: install
	$(BIN)/python manage.py backup $(if $(OUT),--out "$(OUT)")

restore: install
	@test -n "$(FROM)" || { echo "Say which backup: make restore FROM=var/backups/<folder>"; exit 2; }
	$(BIN)/python manage.py restore --from "$(FROM)" $(if $(FORCE),--force)

# The benchmark on a large partnership: PostgreSQL (database cls_bench), Redis (DB 12), gunicorn
# with production settings, a Celery worker and locust; writes docs/performance.md. It starts
# local PostgreSQL/Redis if needed and reuses an already-seeded cls_bench (BENCH_ARGS=--fresh
# seeds it again; see bench/run.py for the other options).
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): requirements-bench.lock $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-bench.lock
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var
