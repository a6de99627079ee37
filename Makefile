# Developer commands. `make run` and `make test` install what they need themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lapas_bench

.PHONY: serve bench-load bench-reports bench-certificates worker help system-packages install run test test-fast test-browser lint format migrations messages seed check-deploy bench ci clean

help:  ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml | system-packages
	test -x $(BIN)/pip || $(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

system-packages:  ## Install the missing Debian packages (WeasyPrint libraries, Chromium, ...).
	./scripts/install-system-packages.sh

install: system-packages $(STAMP) messages  ## Install Python and system packages.

messages: $(STAMP)  ## Compile the translations.
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

run: install  ## Start on SQLite with demo data at http://$(HOST):$(PORT).
	DEBUG=1 $(BIN)/python manage.py migrate --no-input -v 0
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py seed_demo
	@echo "Open http://$(HOST):$(PORT)/ and log in with one of the accounts above."
	@echo "A task worker renders certificate PDFs beside the server; Ctrl-C stops both."
	@echo "The demo leaves the second login step optional (Akun > Keamanan akun); production"
	@echo "requires it of system and agency administrators and PK officers (TWO_FACTOR_REQUIRED_ROLES)."
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py db_worker --interval 0.5 -v 0 & \
	worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 SITE_URL=http://$(HOST):$(PORT) TWO_FACTOR_REQUIRED_ROLES= \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

serve: install  ## Run as in production: PostgreSQL, Redis, gunicorn and task workers (README: Deployment).
	HOST=$(HOST) PORT=$(PORT) ./scripts/serve.sh

worker: install  ## Run a task worker (renders certificate PDFs) against the configured database.
	$(BIN)/python manage.py db_worker

test: install  ## Run the whole test suite (set DATABASE_URL for PostgreSQL).
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

test-fast: install  ## Run the suite without the browser tests.
	$(BIN)/pytest -n auto -m "not browser"

lint: $(STAMP)  ## Check style and lint.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## Format the code.
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations: $(STAMP)  ## Check that the models and migrations agree.
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

check-deploy: $(STAMP)  ## Run Django's deployment checks with production settings.
	SECRET_KEY=check-deploy-$$(date +%s)-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	ALLOWED_HOSTS=pelatihan.example.go.id SITE_URL=https://pelatihan.example.go.id DEBUG=0 \
	REDIS_URL=redis://127.0.0.1:6379/0 PRIVACY_CONTROLLER_NAME="Lapas Kelas IIB Contoh" \
	PRIVACY_DPO_EMAIL=ppdp@lapas-contoh.example.go.id \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

bench: $(STAMP)  ## Run the enrollment benchmark on PostgreSQL (BENCH_DATABASE_URL).
	createdb -h 127.0.0.1 -U postgres lapas_bench 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/enrollment.py $(BENCH_ARGS)

bench-certificates: $(STAMP)  ## Run the certificate benchmark on PostgreSQL (BENCH_DATABASE_URL).
	createdb -h 127.0.0.1 -U postgres lapas_bench 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/certificates.py $(BENCH_ARGS)

bench-reports: $(STAMP)  ## Run the reports benchmark on PostgreSQL (seeds five years at 500 facilities).
	createdb -h 127.0.0.1 -U postgres lapas_bench 2>/dev/null || true
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/reports.py $(BENCH_ARGS)

bench-load: $(STAMP)  ## Load-test `make serve` with Locust (50 users, 300,000 inmates; README).
	$(BIN)/pip install -q -e ".[load]"
	BENCH_DATABASE_URL=$(if $(filter command line environment,$(origin BENCH_DATABASE_URL)),$(BENCH_DATABASE_URL),postgres://postgres@127.0.0.1:5432/lapas_load) \
	$(BIN)/python bench/load.py $(BENCH_ARGS)

ci:  ## Run what CI runs.
	bash .ci/run

clean:  ## Remove the virtualenv and local data.
	rm -rf $(VENV) var staticfiles test-artifacts
