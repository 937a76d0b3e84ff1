# Deux cibles pour commencer : `make demo` (chaîne principale sur le dépôt de démonstration) et
# `make test` (toute la suite). Les deux créent l'environnement virtuel .venv/ au besoin.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo serve test lint bench clean

# Les dépendances viennent du fichier verrouillé (versions exactes et empreintes sha256), puis
# segur lui-même sans aucune dépendance ni construction isolée : rien d'autre n'est téléchargé.
# Régénérer le verrou après un changement de pyproject.toml : requirements/regenerer.sh.
$(VENV)/.installed: pyproject.toml requirements/test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/test.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# La démonstration, en deux temps :
# 1. build/demo, un dépôt qui contient lui-même tous les dossiers d'exemple (un registre d'un
#    seul dépôt) avec leur historique git daté : segur le vérifie ;
# 2. build/federation, la même fiction telle que l'ANS la vit : un dépôt central sans dossier
#    (central/, dont depots.yaml enregistre les dépôts des éditeurs) et un dépôt de dossiers par
#    éditeur (editeurs/<editeur>.git), chacun avec ses propres commits, aux mêmes dates. L'ANS en
#    fait des miroirs (miroirs/) et construit le site public dans public/ à partir de tous.
DEMO := build/demo
FEDERATION := build/federation
demo: $(VENV)/.installed
	rm -rf $(DEMO) $(FEDERATION)
	$(BIN)/segur exemples --depot $(DEMO)
	$(BIN)/segur --repo $(DEMO) check
	$(BIN)/segur exemples --federation $(FEDERATION)
	$(BIN)/segur --repo $(FEDERATION)/central depots miroir --cache $(FEDERATION)/miroirs
	# public/ à la racine du dépôt outil, là où « make serve » le cherche.
	$(BIN)/segur --repo $(FEDERATION)/central --miroirs $(FEDERATION)/miroirs \
		site build --out $(CURDIR)/public

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
