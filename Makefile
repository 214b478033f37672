# Læreportal. `make run` and `make test` are the two commands in README; both install what
# they need first (a virtualenv in .venv, npm packages in node_modules).
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000
# The embedded default: SQLite, tasks in-process, e-mails on the console.
RUN_ENV := DEBUG=1 DJANGO_SETTINGS_MODULE=portal.settings

.PHONY: setup run test test-fast lint format messages bench bench-system-python clean faults load

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
	$(RUN_ENV) $(PY) manage.py makemessages -l nb -l en --ignore ".venv/*" --ignore ".venv-system/*" --ignore "node_modules/*" --ignore "tests/*" --ignore "bench/*"
	$(RUN_ENV) $(PY) manage.py compilemessages --ignore ".venv" --ignore "node_modules"

clean:
	rm -rf $(VENV) .venv-system node_modules db.sqlite3 var staticfiles test-results

# Scale benchmark (issue 10, bench/README.md). Its own PostgreSQL database: not
# laereportal_bench, which bench/accesslog_bench.py drops and re-creates.
SIZE ?= national
SEED ?= 1
BENCH_DB ?= laereportal_scale_bench
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DURATION ?= 15
BENCH_ENV := DEBUG=1 DATABASE_URL=$(BENCH_PG)/$(BENCH_DB)

bench-generate: setup
	# A fresh database each time: the append-only triggers refuse to empty an old one.
	dropdb --if-exists --force --maintenance-db="$(BENCH_PG)/postgres" "$(BENCH_DB)"
	createdb --maintenance-db="$(BENCH_PG)/postgres" "$(BENCH_DB)"
	$(BENCH_ENV) $(PY) manage.py migrate --no-input
	$(BENCH_ENV) $(PY) manage.py createcachetable
	$(BENCH_ENV) $(PY) manage.py seed_scale --size $(SIZE) --seed $(SEED)

bench: setup
	command -v wrk || apt-get install -y wrk
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) $(PY) bench/run.py --duration $(BENCH_DURATION) --json var/bench-results.json

# The same pages served by the machine's system Python (Debian's python3.11, an optimised
# build like the production image's), from its own virtualenv: bench/RESULTS.md compares.
SYSTEM_PYTHON ?= /usr/bin/python3.11
.venv-system/.installed: pyproject.toml
	$(SYSTEM_PYTHON) -m venv .venv-system
	.venv-system/bin/pip install --quiet -e .
	touch $@

bench-system-python: setup .venv-system/.installed
	command -v wrk || apt-get install -y wrk
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) $(PY) bench/run.py --duration $(BENCH_DURATION) \
		--server-venv .venv-system --accesslog-export-rows 0 --json var/bench-system-python.json

# Fault tests (issue 11, tests/faults/): each test starts its own redis-server, PostgreSQL
# cluster (initdb into a temporary directory), gunicorn and Celery worker on free ports and
# breaks them: Redis stopped, a worker killed mid-send, PostgreSQL restarted under load.
# Never the shared PostgreSQL or Redis. Not part of `make test` (they run only with FAULTS=1).
PG_BIN ?= /usr/lib/postgresql/15/bin

faults: setup $(VENV)/.installed-load
	command -v redis-server >/dev/null || { echo "faults: needs redis-server"; exit 1; }
	test -x $(PG_BIN)/initdb || { echo "faults: needs PostgreSQL binaries in $(PG_BIN)"; exit 1; }
	FAULTS=1 PG_BIN=$(PG_BIN) $(VENV)/bin/pytest tests/faults -p no:cacheprovider -v -s

# Load run (issue 11, bench/load_locust.py): the demo data in its own PostgreSQL database,
# gunicorn with production settings on 127.0.0.1, LOAD_USERS locust users for LOAD_TIME.
# Fails on any failed request. gunicorn's keep-alive (10 s) outlasts a user's pause (at most
# 2 s): with the default 2 s the server closed connections the client was about to reuse.
LOAD_DB ?= laereportal_load
LOAD_PG ?= postgres://postgres@127.0.0.1:5432
LOAD_PORT ?= 8765
LOAD_USERS ?= 50
LOAD_RATE ?= 10
LOAD_TIME ?= 60s
LOAD_WORKERS ?= 2
LOAD_ENV := DATABASE_URL=$(LOAD_PG)/$(LOAD_DB) DJANGO_SETTINGS_MODULE=portal.settings \
	SECRET_KEY=load-only-secret-key-not-for-production-0123456789abcdef \
	ACCESS_LOG_HMAC_KEY=load-only-access-log-key ALLOWED_HOSTS=127.0.0.1 \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 MFA_REQUIRED_FOR_ADMINS=0 EMAIL_BACKEND=locmem \
	SURVEYS_SMS_BACKEND=null REDIS_URL= LOG_LEVEL=WARNING

$(VENV)/.installed-load: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[test,load]"
	touch $@

load: setup $(VENV)/.installed-load
	psql "$(LOAD_PG)/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$(LOAD_DB)'" | grep -q 1 || createdb --maintenance-db="$(LOAD_PG)/postgres" "$(LOAD_DB)"
	$(LOAD_ENV) $(PY) manage.py migrate --no-input -v 0
	$(LOAD_ENV) $(PY) manage.py createcachetable
	$(LOAD_ENV) $(PY) manage.py seed_demo
	mkdir -p var
	set -e; \
	$(LOAD_ENV) $(VENV)/bin/gunicorn portal.wsgi --bind 127.0.0.1:$(LOAD_PORT) \
		--workers $(LOAD_WORKERS) --threads 4 --keep-alive 10 --log-level warning & server=$$!; \
	trap 'kill $$server; wait $$server' EXIT; \
	for i in $$(seq 100); do curl -s -o /dev/null http://127.0.0.1:$(LOAD_PORT)/konto/login/ && break; sleep 0.2; done; \
	$(VENV)/bin/locust -f bench/load_locust.py --headless -u $(LOAD_USERS) -r $(LOAD_RATE) \
		-t $(LOAD_TIME) --stop-timeout 5 --host http://127.0.0.1:$(LOAD_PORT) --only-summary \
		--csv var/load
