# Deux cibles pour commencer : `make demo` (chaîne principale sur le dépôt embarqué) et
# `make test` (toute la suite). Les deux créent l'environnement virtuel .venv/ au besoin.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo serve test lint clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Vérifie le dépôt embarqué puis construit le site public dans public/.
demo: $(VENV)/.installed
	$(BIN)/segur check
	$(BIN)/segur site build --out public

# Aperçu local du site construit par `make demo`.
serve: $(VENV)/.installed
	$(BIN)/segur site serve --dir public

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) public .pytest_cache .mypy_cache .ruff_cache
