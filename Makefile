# Læreportal. `make run` and `make test` are the two commands in README; both install what
# they need first (a virtualenv in .venv, npm packages in node_modules).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
# The embedded default: SQLite, tasks in-process, e-mails on the console.
RUN_ENV := DEBUG=1 DJANGO_SETTINGS_MODULE=portal.settings

.PHONY: setup run test test-fast lint format messages bench clean

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

run: setup
	$(RUN_ENV) $(PY) manage.py migrate --no-input
	$(RUN_ENV) $(PY) manage.py createcachetable
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py runserver $(HOST)

# The whole suite, in parallel. DATABASE_URL / REDIS_URL select PostgreSQL and Redis.
test: setup
	$(VENV)/bin/pytest -n auto

test-fast: setup
	$(VENV)/bin/pytest -n auto -m "not e2e"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Refresh the Norwegian and English catalogues after changing UI text (needs gettext).
messages: setup
	$(RUN_ENV) $(PY) manage.py makemessages -l nb -l en --ignore ".venv/*" --ignore "node_modules/*" --ignore "tests/*" --ignore "bench/*"
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore ".venv" --ignore "node_modules"

clean:
	rm -rf $(VENV) node_modules db.sqlite3 var staticfiles test-results

# Scale benchmark (issue 10, bench/README.md). Its own PostgreSQL database: not
# laereportal_bench, which bench/accesslog_bench.py drops and re-creates.
SIZE ?= national
SEED ?= 1
BENCH_DB ?= laereportal_scale_bench
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DURATION ?= 15
BENCH_ENV := DEBUG=1 DATABASE_URL=$(BENCH_PG)/$(BENCH_DB)

bench-generate: setup
	psql "$(BENCH_PG)/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(BENCH_DB)'" | grep -q 1 || createdb --maintenance-db="$(BENCH_PG)/postgres" "$(BENCH_DB)"
	$(BENCH_ENV) $(PY) manage.py migrate --no-input
	$(BENCH_ENV) $(PY) manage.py createcachetable
	$(BENCH_ENV) $(PY) manage.py seed_scale --size $(SIZE) --seed $(SEED)

bench: setup
	command -v wrk || apt-get install -y wrk
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) $(PY) bench/run.py --duration $(BENCH_DURATION) --json var/bench-results.json
