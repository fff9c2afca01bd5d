# Diskret: `make run` brings everything up, `make test` proves it. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
PYTEST_ARGS ?=
export RASA_TELEMETRY_ENABLED := false

.PHONY: help venv train run test check deploy purge redactor-model bench bench-redaction bench-ablation browser nginx

help:
	@echo "make run    - install, train if needed, start Redis (or a stand-in), actions, Rasa, demo site, console"
	@echo "make test   - the whole test suite (starts its own servers)"
	@echo "make check  - check the content in data/ and domain/ (for marketers)"
	@echo "make train  - retrain the assistant if content changed"
	@echo "make bench  - load benchmark; make bench-redaction - redaction quality and speed"
	@echo "make bench-ablation - what each redaction component adds"

$(UV):
	python3 -m pip install --user --quiet uv || pip install --quiet uv

$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	touch $@

venv: $(VENV)/.synced

train: venv
	$(PY) -m bot train

run: venv train
	$(VENV)/bin/honcho start -f Procfile

deploy: train
	$(PY) -m bot deploy

purge: venv
	$(PY) -m bot purge

browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)

# the load balancer in front of two Rasa servers (scaling test and bench): Debian's nginx
nginx:
	@command -v nginx >/dev/null || PATH="$$PATH:/usr/sbin" command -v nginx >/dev/null || (apt-get update -qq && \
		(DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light >/dev/null || \
		 DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx >/dev/null))

check: venv
	$(PY) -m bot check

test: venv browser nginx
	$(PY) -m bot train --no-report
	$(PY) -m pytest $(PYTEST_ARGS)

redactor-model: venv
	$(PY) -m redaction.training

bench-redaction: venv
	$(PY) bench/redaction.py

bench-ablation: venv
	$(PY) bench/ablation.py

bench: venv train nginx
	$(PY) bench/load.py
