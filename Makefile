# Every target sets up .venv by itself: a fresh clone needs only Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: serve build test system-deps clean schemas bench dist lint new-sample

$(BIN)/python:
	@PYTHON="$(PYTHON)" bash tools/system-deps.sh venv
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the dependency list changes.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)
	@$(BIN)/python -m macros.horizon --warn
	$(BIN)/mkdocs serve --strict --dirty --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# axe-core (accessibility tests) comes from the npm registry, pinned in package-lock.json.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $(NODE_STAMP)

# System software the tests need (chromium, LibreOffice, poppler, CJK fonts, Node.js):
# installed when missing and allowed, otherwise one command to run (tools/system-deps.sh).
system-deps:
	@PYTHON="$(PYTHON)" bash tools/system-deps.sh test

test: system-deps
	@$(MAKE) --no-print-directory $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# The same checks as .pre-commit-config.yaml, over the whole repository.
lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/python -m macros.schemas --check
	$(BIN)/python -m macros.validate
	$(BIN)/python -m macros.checker.content
	$(BIN)/python -m macros.horizon

schemas: $(STAMP)
	$(BIN)/python -m macros.schemas --write

# A new sample's data file, every field present and blank (see data/samples/README.md):
#   make new-sample TYPE=annual STREET=tinglanhu YEAR=2027 [QUARTER=3] [ID=...]
new-sample: $(STAMP)
	$(BIN)/python -m macros.scaffold --type "$(TYPE)" --street "$(STREET)" --year "$(YEAR)" $(if $(QUARTER),--quarter "$(QUARTER)") $(if $(ID),--id "$(ID)")

bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/build_bench.py
	$(BIN)/python bench/scale_bench.py
	$(BIN)/python bench/serve_bench.py
	$(BIN)/python bench/docx_bench.py
	$(BIN)/python bench/docx_layout_bench.py
	$(BIN)/python bench/checker_bench.py
	$(BIN)/python bench/checker_scale_bench.py
	$(BIN)/python bench/time_facts_bench.py

# The offline release: no edit links, no boxes for contributors (hooks/release.py).
dist: $(STAMP)
	HANDBOOK_OFFLINE=1 $(BIN)/mkdocs build --strict --site-dir build/offline-site
	$(BIN)/python tools/make_dist.py build/offline-site

clean:
	rm -rf site dist .pytest_cache .cache build *.egg-info node_modules
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
