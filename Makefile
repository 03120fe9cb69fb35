# Placette — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
WORKERS ?= 2
WORKER_PAUSE ?= 5
export DJANGO_SETTINGS_MODULE := placette.settings

.PHONY: run serve setup install test test-postgres lint bench lock messages clean help

help:
	@echo "make run    — tout installer, migrer, charger les données de démo et servir sur http://127.0.0.1:$(PORT)"
	@echo "make test   — toute la suite (SQLite ; PostgreSQL si DATABASE_URL=postgres://…)"
	@echo "make lint   — ruff + makemigrations --check"
	@echo "make bench  — mesures de performance (100 000 lieux synthétiques)"

$(BIN)/.installed: requirements/dev.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/dev.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/.installed node_modules/.installed

setup: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py collectstatic --noinput -v0

# The task worker (e-mail, reminders) runs beside the web server and stops with it; when it
# dies it is started again after a pause (production: systemd's Restart=on-failure).
run: setup
	@echo "Placette : http://127.0.0.1:$(PORT)/"
	( trap 'kill $$pid 2>/dev/null; exit 0' TERM; \
	  while :; do \
	    $(BIN)/python manage.py db_worker --no-reload --interval 2 & pid=$$!; wait $$pid; status=$$?; \
	    echo "$$(date '+%F %T') db_worker exited (status $$status), restarting in $(WORKER_PAUSE) s" >&2; \
	    sleep $(WORKER_PAUSE) & wait $$!; \
	  done ) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn placette.wsgi --bind 127.0.0.1:$(PORT) --workers $(WORKERS) --threads 4 --no-control-socket --access-logfile -

test: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python -m bench $(BENCH_ARGS)

# Re-lock Python dependencies after editing pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -q -o requirements/prod.lock
	uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.11 -q -o requirements/dev.lock

messages: install
	cd placette && ../$(BIN)/python ../manage.py makemessages -l en --no-location
	cd placette && ../$(BIN)/python ../manage.py compilemessages -l en

clean:
	rm -rf $(VENV) node_modules var
