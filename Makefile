# The two commands: `make run` (site with demo content on SQLite) and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run demo test test-fast lint format check messages clean \
	backup restore deploy-check compose-smoke compose-dev lighthouse screenshots

help:
	@echo "make run    — install, migrate, import the hromadas, load demo content, serve http://$(HOST):$(PORT)/"
	@echo "make test   — the whole test suite (SQLite by default; set DATABASE_URL for PostgreSQL)"
	@echo "make lint   — ruff check and format check"
	@echo "make check  — Django system checks and missing migrations"
	@echo "make backup — database (pg_dump) and media into backups/<time>/ (DATABASE_URL: PostgreSQL)"
	@echo "make restore BACKUP=backups/<time> — replace the database and media with a backup"
	@echo "make deploy-check — docker-compose.yml against the Compose spec, Caddyfile, check --deploy"
	@echo "make compose-smoke — build and start the docker-compose stack, check it, deploy and roll back under load (Docker)"
	@echo "make lighthouse — Lighthouse scores of home, article, directory and search (demo site, DEBUG off)"
	@echo "make screenshots — docs/screenshots/*.png: public pages at 360 and 1280 px, the admin"

$(VENV)/.installed: pyproject.toml
	@python=$$(scripts/find-python) || exit 1; \
	if [ ! -x $(PY) ]; then echo "Створюю $(VENV) з $$python"; "$$python" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet ".[dev]"
	@touch $@

install: $(VENV)/.installed

# Checking tools only (Nu HTML Checker, Lighthouse): package.json, no build step.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: install
	$(MANAGE) migrate --noinput
	$(MANAGE) import_hromadas partners/data/katottg.csv
	$(MANAGE) load_demo_content

run: demo
	@echo "Сайт: http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

messages: install
	$(MANAGE) makemessages -l uk -l en --no-obsolete --no-location --ignore=.venv --ignore=staticfiles
	$(MANAGE) compilemessages --ignore=.venv

# Backups (docs/deployment.md): need pg_dump/pg_restore, not the virtualenv.
backup:
	deploy/backup.sh $(BACKUP_DIR)

restore:
	@test -n "$(BACKUP)" || { echo "Вкажіть копію: make restore BACKUP=backups/<час>" >&2; exit 2; }
	deploy/restore.sh "$(BACKUP)"

# What CI checks about the deployment files without a Docker engine.
deploy-check: install
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml docker-compose.dev.yml
	SITE_ADDRESS=news.example.org caddy adapt --config deploy/Caddyfile --adapter caddyfile >/dev/null
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') \
		DJANGO_ALLOWED_HOSTS=news.example.org $(MANAGE) check --deploy --fail-level WARNING

# The docker-compose stack really built, started, deployed and rolled back (Docker needed;
# deploy/ci/smoke.py says what it does). SMOKE_ARGS=--keep leaves the stacks running.
$(VENV)/.compose-installed: pyproject.toml | $(VENV)/.installed
	$(PY) -m pip install --quiet ".[compose]"
	@touch $@

compose-smoke: install $(VENV)/.compose-installed
	$(PY) deploy/ci/smoke.py $(SMOKE_ARGS)

# The demo site under gunicorn with DEBUG off (scripts/quality.py; QUALITY_PORT, default 8055).
lighthouse: install node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) scripts/quality.py lighthouse

screenshots: install
	$(PY) scripts/quality.py screenshots

clean:
	rm -rf $(VENV) staticfiles
