# Deux cibles pour commencer : `make demo` (chaîne principale sur le dépôt de démonstration) et
# `make test` (toute la suite). Les deux créent l'environnement virtuel .venv/ au besoin.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo serve test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Génère le dépôt de démonstration (les dossiers d'exemple et leur historique git daté) dans
# build/demo, le vérifie, puis construit son site public dans public/.
DEMO := build/demo
demo: $(VENV)/.installed
	rm -rf $(DEMO)
	$(BIN)/segur exemples --depot $(DEMO)
	$(BIN)/segur --repo $(DEMO) check
	# Chemin absolu : un --out relatif serait pris sous le dépôt de démonstration.
	$(BIN)/segur --repo $(DEMO) site build --out $(CURDIR)/public

# Aperçu local du site construit par `make demo`.
serve: $(VENV)/.installed
	$(BIN)/segur site serve --dir public

# Mesures de performance à l'échelle (une heure environ, 5 Go dans build/bench) : le tableau
# de docs/performance.md. Voir benchmarks/README.md.
bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python scripts/benchmark.py --tailles 100 1000 5000 --reduire 1000 5000 \
		--travail build/bench --reutiliser --sortie docs/performance.md

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/pytest

clean:
	rm -rf $(VENV) public .pytest_cache .mypy_cache .ruff_cache
