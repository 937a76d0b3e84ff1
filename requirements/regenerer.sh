#!/usr/bin/env bash
# Régénère les fichiers de verrouillage des dépendances (versions exactes et empreintes sha256),
# à partir de pyproject.toml, pour la CI : Linux x86_64, Python 3.11.
#
#   .venv/bin/pip install uv==0.13.9     # une fois
#   requirements/regenerer.sh            # garde les versions déjà verrouillées
#   requirements/regenerer.sh --upgrade  # passe aux dernières versions permises
#
# requirements/segur.txt : les dépendances d'exécution (les workflows), et celles de construction
#                          du paquet (requirements/construction.in, pour --no-build-isolation) ;
# requirements/test.txt  : les mêmes versions, plus l'extra « test » (make test, .ci/run).
# Puis : make clean test, et relire le diff des deux fichiers avant de le proposer.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv/bin/uv}
common=(--generate-hashes --python-version 3.11.7 --python-platform x86_64-manylinux_2_28
  --custom-compile-command "requirements/regenerer.sh")
"$UV" pip compile pyproject.toml requirements/construction.in "${common[@]}" "$@" \
  -o requirements/segur.txt
"$UV" pip compile pyproject.toml requirements/construction.in --extra test -c requirements/segur.txt "${common[@]}" "$@" \
  -o requirements/test.txt
