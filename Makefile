# Build, run and test the people's-mediation service (GNU make).
#   make setup   virtualenv + Python deps, browser assets (built again after a template, style
#                sheet or script changes), compiled translations
#   make run     migrate, seed demo data, serve on 127.0.0.1:$(PORT)
#   make test    the browser client's unit tests (node --test), then the test suite
#                (PYTEST_ARGS=... to pass options to pytest)
#   make turn    a local coturn on 127.0.0.1:$(TURN_PORT) for the video room; prints TURN_URLS
#                and TURN_SECRET (kept from the environment when set)
#   make sfu     a local Janus (VideoRoom only, HTTP API on 127.0.0.1:$(SFU_PORT)) for larger
#                video sessions; prints SFU_URL and SFU_API_SECRET (kept from the environment)

PYTHON ?= python3
PORT ?= 5000
VENV := .venv
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core, at most four; TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto

BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PYBABEL := $(BIN)/pybabel
TRANSLATIONS := mediation/translations

TURN_PORT ?= 3478
SFU_PORT ?= 8088

export FLASK_APP := wsgi
export PORT

.DEFAULT_GOAL := setup

.PHONY: setup db run test coverage lint clean translations translations-update turn sfu

# Python virtualenv with runtime and dev dependencies.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "error: '$(PYTHON)' is not Python 3.11 or newer (found: $$( ($(PYTHON) --version 2>&1 || echo 'not runnable') | head -n1))." >&2; \
	  echo "       Install Python 3.11+ and run e.g. 'make PYTHON=python3.11 setup'." >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install -r requirements-dev.txt
	touch $@

# The npm packages (node_modules/), installed again when the lock file changes.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Browser assets (scripts/build-assets.mjs): the parts of Bootstrap, Chart.js and Socket.IO's
# client the pages use, in static/vendor/, and everything the templates name, minified under
# fingerprinted names with .gz and .br copies, in static/dist/ with its manifest.json. Built
# again when a template (which classes the pages use), a style sheet or a script changes.
ASSET_SOURCES := $(shell find templates static/css static/js -type f 2>/dev/null)
static/vendor/.built: node_modules/.installed scripts/build-assets.mjs $(ASSET_SOURCES)
	npm run build
	touch $@

# Compile every mediation/translations/*/LC_MESSAGES/messages.po to .mo;
# a no-op while there are no catalogues yet.
translations: $(VENV)/.installed
	@if test -d $(TRANSLATIONS) && ls $(TRANSLATIONS)/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  echo "$(PYBABEL) compile -d $(TRANSLATIONS)"; \
	  $(PYBABEL) compile -d $(TRANSLATIONS); \
	else \
	  echo "translations: no catalogues under $(TRANSLATIONS)/, nothing to compile"; \
	fi

# Re-extract messages.pot and merge it into the existing catalogues.
translations-update: $(VENV)/.installed
	$(PYBABEL) extract -F babel.cfg -k _l -k lazy_gettext -o $(TRANSLATIONS)/messages.pot .
	@if ls $(TRANSLATIONS)/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then \
	  echo "$(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)"; \
	  $(PYBABEL) update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS); \
	else \
	  echo "translations-update: no catalogues yet; start one with:"; \
	  echo "  $(PYBABEL) init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l LANG"; \
	fi

setup: $(VENV)/.installed static/vendor/.built translations

db: setup
	$(FLASK) db upgrade

run: db
	$(FLASK) seed-demo --if-empty
	$(FLASK) demo-logins
	PORT=$(PORT) VENV=$(VENV) bash scripts/run.sh

test: setup
	node --test tests/js/
	$(BIN)/pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile $(PYTEST_ARGS)

# The suite with line coverage of the mediation package (pytest-cov): a line per file with the
# lines no test runs, and the total. The servers the live tests start are not measured.
coverage: setup
	$(BIN)/pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist loadfile \
	  --cov=mediation --cov-report=term-missing:skip-covered $(PYTEST_ARGS)

# Style, the typed modules' types (mypy), the domains' layers (import-linter; both configured
# in pyproject.toml), then ESLint on the browser scripts and their tests (eslint.config.mjs;
# npm ci installs it with the assets).
lint: $(VENV)/.installed static/vendor/.built
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	node_modules/.bin/eslint static/js tests/js eslint.config.mjs

clean:
	rm -rf $(VENV) node_modules static/vendor static/dist

# coturn (Debian's package "coturn") in the foreground with deploy/coturn/turnserver-local.conf.
turn:
	TURN_PORT=$(TURN_PORT) deploy/coturn/run-local.sh

# Janus (Debian's package "janus") in the foreground with deploy/janus/, rendered by
# deploy/janus/run.sh into a private temporary directory with the secret from the environment.
sfu:
	SFU_PORT=$(SFU_PORT) deploy/janus/run.sh
