# The two commands: `make run` and `make test`. Everything else installs or helps them.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DATA_DIR ?= var
SECRET_FILE := $(DATA_DIR)/secret_key
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test bench lint format migrate demo check-deps lock clean

install: $(STAMP) $(SECRET_FILE)

# Re-runs only when the dependency lists change, so `make install` is cheap and idempotent.
$(STAMP): pyproject.toml constraints.txt package.json package-lock.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[dev]"
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --silent --no-audit --no-fund; \
	else \
		echo "npm saknas: webbläsartesterna behöver axe-core (apt-get install npm)."; \
	fi
	@touch $(STAMP)

$(SECRET_FILE):
	@mkdir -p $(DATA_DIR)
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $(SECRET_FILE)
	@chmod 600 $(SECRET_FILE)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo_data --staff
	$(PY) manage.py load_budget_demo --staff
	$(PY) manage.py load_goals_demo --staff
	$(PY) manage.py load_reports_demo
	$(PY) manage.py search_reindex
	$(PY) manage.py notice_board_take_down  # what Celery beat does nightly in production

run: demo
	@echo "Portalen: http://$(HOST):$(PORT)/  (medarbetare: http://$(HOST):$(PORT)/logga-in/ som sekreterare, controller, analytiker, admin, ordforande, justerare1 eller justerare2, lösenord orebro-demo-2024)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Speed and memory targets (never timed tests): the 50,000-line ledger import, preview and apply; the demo report's
# PDF, rendered and served again from storage; search; what refusing hostile input costs.
# Each prints its figures beside a baseline of the same run; all run even when one misses its target (then the
# target fails at the end). With DATABASE_URL set (PostgreSQL), the import runs there, in a throwaway database.
bench: install
	@status=0; \
	for bench in ledger_import report_pdf search refusals; do \
		$(PY) -m tests.bench.$$bench || status=1; \
	done; \
	exit $$status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh constraints.txt (the exact versions CI installs) after changing pyproject.toml.
lock:
	rm -rf /tmp/portal-lock-venv && $(PYTHON) -m venv /tmp/portal-lock-venv
	/tmp/portal-lock-venv/bin/pip install --quiet --disable-pip-version-check -e ".[dev]"
	/tmp/portal-lock-venv/bin/pip freeze --exclude-editable | grep -v '^-e ' | sort > constraints.txt

clean:
	rm -rf $(VENV) node_modules .pytest_cache
