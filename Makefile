# Two commands: `make demo` (set up, then build the demo packs) and `make test` (set up, then run the tests).
VENV := .venv
PY := $(VENV)/bin/python
# System libraries WeasyPrint needs (libharfbuzz-subset0 keeps PDFs small and reproducible), the pack's font,
# and poppler-utils for looking at pages (pdftoppm).
APT_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
	fonts-open-sans fonts-dejavu-core fonts-symbola poppler-utils

.PHONY: setup system-packages demo validate test lint
.DEFAULT_GOAL := demo

system-packages:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:" $$missing; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

setup: system-packages $(VENV)/.installed

demo: setup
	$(VENV)/bin/publisher build

validate: setup
	$(VENV)/bin/publisher validate

test: setup
	$(PY) -m pytest -q
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
