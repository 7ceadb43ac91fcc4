# make serve | make test | make lint | make bench
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Reinstall only when requirements.txt changes (or the venv is new).
STAMP := $(VENV)/.requirements.stamp

.PHONY: install serve test lint bench

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

serve: install
	$(PY) manage.py migrate --noinput
	@if $(PY) manage.py help import_seeds >/dev/null 2>&1; then \
		$(PY) manage.py import_seeds; \
	else \
		echo "import_seeds is not available yet: starting without the seeds."; \
	fi
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:8000

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	@for script in tests/bench/*.py; do \
		[ -e "$$script" ] || continue; \
		echo "== $$script"; \
		$(PY) "$$script" || exit 1; \
	done
