# Pathways: `make run` to start the site with demo data, `make test` to run every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMPS := .stamps
PORT ?= 5000
export FLASK_APP := wsgi
export DEMO_PASSWORD ?= pathways-demo-2027

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMPS):
	@mkdir -p $(STAMPS)

$(STAMPS)/venv: requirements.txt | $(STAMPS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(STAMPS)/dev: $(STAMPS)/venv requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(STAMPS)/assets: $(STAMPS)/npm scripts/build-assets.mjs core/assets/pathways.scss
	npm run --silent build
	@touch $@

install: $(STAMPS)/venv $(STAMPS)/assets ## Install the pinned Python packages and build the front-end assets

database: install ## Upgrade the database, load the demo data if it is empty, and build the search index if it drifted
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo --if-empty
	@$(BIN)/flask search-index check >/dev/null 2>&1 || $(BIN)/flask search-index rebuild

run: database ## Install, upgrade, seed, send queued mail and serve on http://127.0.0.1:$(PORT)
	@$(BIN)/flask mail send-queued --loop & trap "kill $$!" EXIT; \
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - wsgi:app

test: $(STAMPS)/dev $(STAMPS)/assets ## Run every test, browser journeys included (TEST_DATABASE_URL for PostgreSQL)
	$(BIN)/pytest

lint: $(STAMPS)/dev ## Check the code with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

.PHONY: help install database run test lint
