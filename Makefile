# Two commands: `make demo` (set up, then build the demo packs) and `make test` (set up, then run the tests).
VENV := .venv
PY := $(VENV)/bin/python
# System libraries WeasyPrint needs (libharfbuzz-subset0 keeps PDFs small and reproducible), the pack's font,
# and poppler-utils for looking at pages (pdftoppm).
APT_PACKAGES := python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
	fonts-open-sans fonts-dejavu-core fonts-symbola poppler-utils
TEST_APT_PACKAGES := chromium
AXE_VERSION := 4.14.1
AXE_JS := $(VENV)/axe-core/node_modules/axe-core/axe.min.js

.PHONY: setup system-packages test-system-packages demo validate test lint
.DEFAULT_GOAL := demo

# Installs those of the Debian packages $(1) that are missing (as root, or through sudo).
define apt_install
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:" $$missing; \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi
endef

system-packages:
	$(call apt_install,$(APT_PACKAGES))

# The tests also read the HTML in a real browser: Debian's Chromium, and axe-core (fetched with npm here, at
# set-up, never while the tests run). npm comes from Debian unless the machine has one already.
test-system-packages: system-packages
	$(call apt_install,$(TEST_APT_PACKAGES) $(if $(shell command -v npm),,npm))

$(AXE_JS): Makefile | $(VENV)/.installed test-system-packages
	npm install --no-audit --no-fund --silent --prefix $(VENV)/axe-core axe-core@$(AXE_VERSION)
	touch $@

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

# The package's bytecode, written even where Python is told not to (PYTHONDONTWRITEBYTECODE, common in
# containers): a build then loads it instead of compiling some sixty modules, 1.6% of a 100-indicator build.
setup: system-packages $(VENV)/.installed
	$(PY) -m compileall -q publisher

demo: setup
	$(VENV)/bin/publisher build

validate: setup
	$(VENV)/bin/publisher validate

# pytest keeps each test module rewritten for its assertions in __pycache__, unless Python is told to write no
# bytecode (PYTHONDONTWRITEBYTECODE, common in containers): then every worker rewrites every module, every run.
# One worker more than the machine has cores: while one waits on a process it started, Chromium or a mail server,
# the others use its core (6% faster on two cores, measured in two paired runs).
test: setup test-system-packages $(AXE_JS)
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -q -n $$(( $$(nproc) + 1 )) --dist loadfile
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet

# The manual (docs/, mkdocs-material): built into site/ (git-ignored) with warnings as errors, offline.
.PHONY: docs serve-docs
docs: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

serve-docs: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs serve
