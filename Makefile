# The README's two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
VENDOR_STAMP := static/vendor/.installed
MO_STAMP := learnplatform/translations/.compiled
FLASK := $(BIN)/flask --app learnplatform
export LEARNPLATFORM_INSTANCE ?= $(CURDIR)/instance

RALPH_STAMP := .venv-ralph/.installed

.PHONY: run test install ralph vendor translations i18n lint typecheck content-check pytest chromium fonts migrate demo bench bench-matrix clean

run: install vendor translations migrate demo
	$(BIN)/python -m learnplatform.serve --host 127.0.0.1 --port 5000

test: install vendor translations chromium ralph lint typecheck content-check pytest

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,bench]"
	touch $(STAMP)

install: $(STAMP) fonts

$(VENDOR_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js node_modules/socket.io-client/dist/socket.io.min.js.map static/vendor/
	touch $(VENDOR_STAMP)

vendor: $(VENDOR_STAMP)

# Ralph, a real xAPI LRS for tests/xapi, in its own virtualenv so its dependencies never meet ours
$(RALPH_STAMP):
	test -x .venv-ralph/bin/python || $(PYTHON) -m venv .venv-ralph
	.venv-ralph/bin/pip install --quiet "ralph-malph[cli,lrs]>=5,<6" requests
	touch $(RALPH_STAMP)

ralph: $(RALPH_STAMP)

translations: install
	$(BIN)/pybabel -q compile -d learnplatform/translations

i18n: install
	$(BIN)/pybabel -q extract --ignore-dirs ".* node_modules" -F babel.cfg -k _l -k lazy_gettext -o learnplatform/translations/messages.pot .
	$(BIN)/pybabel -q update -N -i learnplatform/translations/messages.pot -d learnplatform/translations
	$(BIN)/pybabel -q compile -d learnplatform/translations

migrate: install
	$(FLASK) db upgrade

demo: install
	$(FLASK) demo --if-empty

# Unicode fonts for the trainer kit PDF (learnplatform/kit), from Debian like Chromium.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core)

chromium:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

content-check: install
	$(FLASK) content check

pytest: install vendor translations
	$(BIN)/pytest $(PYTEST_ARGS)

bench: install vendor
	$(BIN)/python -m benchmarks.live_load --participants 200 --json benchmarks/results/latest.json

# The full table of docs/benchmarks.md (about 15 minutes on 2 cores).
bench-matrix: install vendor
	$(BIN)/python -m benchmarks.matrix --async-mode gevent --participants 50 200 500 2000 --out benchmarks/results/gevent
	$(BIN)/python -m benchmarks.matrix --async-mode threading --participants 50 200 500 --out benchmarks/results/threading

clean:
	rm -rf $(VENV) .venv-ralph node_modules static/vendor instance .pytest_cache .mypy_cache .ruff_cache
