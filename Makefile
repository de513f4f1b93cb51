# Two commands: `make run` serves the bundled graph, `make test` runs every test.
# Both set up what they need first (a virtualenv, the project, and for tests
# Debian's chromium, xmllint and CJK fonts).

PYTHON ?= python3
VENV   ?= .venv
HOST   ?= 127.0.0.1
PORT   ?= 5000
STORE  ?= data/store
BIN     = $(VENV)/bin
SUDO    = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test install install-dev system-deps node-deps lint bench clean

run: install
	$(BIN)/chainkg --store $(STORE) build --if-empty
	$(BIN)/chainkg --store $(STORE) serve --host $(HOST) --port $(PORT)

test: install-dev system-deps node-deps
	$(BIN)/ruff check .
	$(BIN)/pytest -q

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

# Debian packages the tests use: chromium (browser tests, driven by the Python
# playwright package; Playwright's own browser download is not used), xmllint
# (GEXF schema validation), CJK fonts (readable screenshots) and Virtuoso (the
# remote-store tests start one on a loopback port; the Oxigraph server comes from PyPI).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v xmllint >/dev/null || missing="$$missing libxml2-utils"; \
	command -v virtuoso-t >/dev/null || missing="$$missing virtuoso-opensource"; \
	fc-list 2>/dev/null | grep -qi "cjk\|wqy" || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# A real Node.js SPARQL client for tests/test_clients.py (from the npm registry, pinned by the lock file).
node-deps: tests/node/node_modules/.installed
tests/node/node_modules/.installed: tests/node/package.json tests/node/package-lock.json
	npm ci --prefix tests/node --no-audit --no-fund --loglevel=error
	touch $@

lint: install-dev
	$(BIN)/ruff check .

bench: install-dev
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) data build *.egg-info test-artifacts tests/node/node_modules
