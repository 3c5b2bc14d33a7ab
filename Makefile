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

.PHONY: run test install ralph vendor translations i18n lint typecheck content-check pytest chromium fonts nginx migrate demo bench bench-matrix bench-pages lock prod-local prod-local-stop clean

# gevent (installed from the lock file) unless SOCKETIO_ASYNC_MODE says otherwise: the threading
# server lets a 2,000-phone burst time out the trainer's own calls.
run: install vendor translations migrate demo
	SOCKETIO_ASYNC_MODE=$${SOCKETIO_ASYNC_MODE:-gevent} $(BIN)/python -m learnplatform.serve --host 127.0.0.1 --port 5000

test: install vendor translations chromium nginx ralph lint typecheck content-check pytest

# Installs exactly the versions of the lock file (requirements/dev.txt, with hashes), then the
# project itself without dependencies. `make lock` updates the lock after a pyproject change.
$(STAMP): pyproject.toml requirements/dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
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

# Debian's nginx for `make prod-local` and the deploy tests (the packaged binary, not its service)
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light)

# Re-resolve the lock files from pyproject.toml (newest versions within its bounds).
lock: install
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra bench --extra server --generate-hashes --python-version 3.11 -q -o requirements/dev.txt
	$(BIN)/uv pip compile pyproject.toml --extra server --generate-hashes --python-version 3.11 -q -o requirements/server.txt

# The production set-up of docs/deploy.md on this machine: PostgreSQL database learnplatform_local,
# Redis, two gunicorn gevent processes behind nginx on https://127.0.0.1:8443 (self-signed).
PROD_LOCAL_APP_PORTS ?= 8001 8002
prod-local: install vendor translations nginx
	PROD_LOCAL_APP_PORTS="$(PROD_LOCAL_APP_PORTS)" deploy/prod-local.sh start

prod-local-stop:
	deploy/prod-local.sh stop

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

content-check: install
	$(FLASK) content check

pytest: install vendor translations
	$(BIN)/pytest $(PYTEST_ARGS)

# Pages at 50 concurrent logged-in clients against a bare Flask page of the same size.
bench-pages: install vendor
	$(BIN)/python -m benchmarks.pages --json benchmarks/results/pages.json

bench: install vendor
	$(BIN)/python -m benchmarks.live_load --participants 200 --json benchmarks/results/latest.json

# The full table of docs/benchmarks.md (about 15 minutes on 2 cores).
bench-matrix: install vendor
	$(BIN)/python -m benchmarks.matrix --async-mode gevent --participants 50 200 500 2000 --out benchmarks/results/gevent
	$(BIN)/python -m benchmarks.matrix --async-mode threading --participants 50 200 500 --out benchmarks/results/threading

clean:
	rm -rf $(VENV) .venv-ralph node_modules static/vendor instance .pytest_cache .mypy_cache .ruff_cache
