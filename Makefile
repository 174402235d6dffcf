# OKO — the two commands a newcomer needs: `make run` and `make test`.
# Both install what they need: Debian packages (apt-get), a .venv with the pinned packages.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
APT_STAMP := .apt-installed
# Debian packages: chromium for the browser tests, libharfbuzz-subset0 for fast PDF font subsetting,
# fonts for PDFs, wrk and nginx (the deadline rush's front proxy, run in a temporary prefix of its own) for the
# benchmarks, gettext tooling comes from Babel (PyPI).
APT_PACKAGES := chromium libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core wrk nginx-light

export FLASK_APP := wsgi.py

.PHONY: run test test-sqlite test-server lint lint-imports install apt clean translations axe bench

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP) translations

apt:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Compile translations/{uk,en}/LC_MESSAGES/messages.po into the (git-ignored) .mo files Flask-Babel reads.
# `-q` is pybabel's global option (before the command); a broken catalog fails the build.
translations: $(STAMP)
	@$(VENV)/bin/pybabel -q compile -d translations

run: apt install
	@mkdir -p instance
	$(VENV)/bin/flask db upgrade
	$(VENV)/bin/flask demo load --if-empty
	@echo ""
	@echo "OKO is starting at http://127.0.0.1:5000  (public calls: /calls, the office: /office, API: /api/v1/openapi.json)"
	@echo "Jobs run in-process; mail goes to instance/storage/outbox/."
	$(VENV)/bin/flask run --host 127.0.0.1 --port 5000

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

lint-imports: $(STAMP)
	$(VENV)/bin/lint-imports --config setup.cfg

# The style and the import layers, then the whole suite on the embedded default (SQLite), then again on
# PostgreSQL and Redis when DATABASE_URL / REDIS_URL point at servers (CI sets both, on a fresh database).
# Tests run in parallel (pytest-xdist, one worker per CPU; `make test XDIST=` runs them in one process);
# loadgroup keeps the tests that share the Redis database on one worker.
XDIST ?= -n auto --dist loadgroup
PYTEST := $(PY) -m pytest -q -p no:cacheprovider $(XDIST)

test: apt install lint lint-imports test-sqlite test-server

# axe-core for the browser tests' accessibility checks: a pinned npm release, hash-checked, into the git-ignored
# tests/browser/vendor/ (tools/fetch_axe.py; the tests fetch it themselves too when run alone).
axe: $(STAMP)
	@$(PY) tools/fetch_axe.py >/dev/null

test-sqlite: $(STAMP) axe
	env -u DATABASE_URL -u REDIS_URL -u OKO_TEST_DATABASE_URL -u OKO_TEST_REDIS_URL $(PYTEST)

test-server: $(STAMP) axe
	@if [ -n "$$DATABASE_URL" ]; then \
	  echo "== the suite again on $$DATABASE_URL and $${REDIS_URL:-no redis} =="; \
	  OKO_TEST_DATABASE_URL="$$DATABASE_URL" OKO_TEST_REDIS_URL="$$REDIS_URL" $(PYTEST); \
	else echo "DATABASE_URL not set: PostgreSQL/Redis run skipped (CI runs it)"; fi

# Every benchmark (bench/run_all.py; PostgreSQL and Redis on 127.0.0.1, wrk), then docs/benchmarks.md's figure
# tables rewritten from them. `make bench BENCH_ARGS=--quick` is a smoke run that leaves the docs alone.
BENCH_ARGS ?=
bench: apt install
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache
