# vsm-editor: two commands set everything up on a fresh machine with python3.
#   make run    create .venv, install, open the editor on the example map
#   make test   create .venv, install with test tools, run every test, lint, layering check
#   make bench  the benchmarks (not part of make test)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test bench bundle lint install install-test test-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet .

install-test: $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[test]"

run: install
	QT_QPA_PLATFORM= $(BIN)/vsm-editor $(FILE)

# Other people's software that judges our work: bpmn-moddle and bpmn-js (npm), headless
# Chromium, librsvg and Graphviz dot (Debian). Tests that need them fail under CI=true when they are missing.
test-tools:
	npm ci --prefix tests/exporters/js --no-audit --no-fund --loglevel=error
	npm ci --prefix tests/exporters/svg_js --no-audit --no-fund --loglevel=error
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v dot >/dev/null 2>&1 || missing="$$missing graphviz"; \
	command -v rsvg-convert >/dev/null 2>&1 || missing="$$missing librsvg2-bin"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -f /usr/share/fonts/truetype/freefont/FreeSans.ttf ] || missing="$$missing fonts-freefont-ttf"; \
	[ -d /usr/share/fonts/truetype/droid ] || missing="$$missing fonts-droid-fallback"; \
	for p in desktop-file-utils appstream shared-mime-info xdg-utils libfile-mimeinfo-perl; do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq $$missing >/dev/null; fi

lint: install-test
	$(BIN)/ruff check vsm_editor exporters tests
	cd $(VENV) && ./bin/lint-imports --config $(CURDIR)/pyproject.toml  # run outside the source tree, which lacks vsm_editor/exporters

test: install-test test-tools
	$(BIN)/ruff check vsm_editor exporters tests
	cd $(VENV) && ./bin/lint-imports --config $(CURDIR)/pyproject.toml  # run outside the source tree, which lacks vsm_editor/exporters
	$(BIN)/pytest

bench: install-test
	$(BIN)/pytest tests/benchmarks -p no:cacheprovider --benchmark-columns=min,median,mean,max,rounds --benchmark-sort=name

# A one-folder PyInstaller bundle from a clean, non-editable install, smoke-tested.
bundle:
	@pkgs=""; for p in libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 xvfb; do \
	  dpkg -s $$p >/dev/null 2>&1 || pkgs="$$pkgs $$p"; done; \
	if [ -n "$$pkgs" ]; then apt-get update -qq && apt-get install -y -qq $$pkgs >/dev/null; fi
	PYTHON=$(PYTHON) bash packaging/build_bundle.sh

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
