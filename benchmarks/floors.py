"""The floors of `segur check`: the least any check of the same repository has to do.

    python benchmarks/floors.py yaml DEPOT      # parse every YAML file segur check reads
    python benchmarks/floors.py yaml+hash DEPOT # ... and read and hash every other file
                                                # of the candidatures (proofs, documents)

The YAML files are those of `rem/`, `dossiers/` and `acces.yaml`, each parsed once with
`yaml.load(..., Loader=yaml.CSafeLoader)`: libyaml's parser, PyYAML's safe constructor, no
position, no validation. Run as a script, with nothing of segur imported, so that a measure
counts the interpreter's start as the check's does.
"""

# A floor is the cheapest way to do the work: plain os-level calls, not pathlib objects.
# ruff: noqa: PTH113, PTH118, PTH123

from __future__ import annotations

import hashlib
import os
import sys

import yaml

YAML_SUFFIXES = (".yaml", ".yml")


def files(root: str, top: str) -> list[str]:
    found: list[str] = []
    for current, dirs, names in os.walk(os.path.join(root, top)):
        dirs.sort()
        found.extend(os.path.join(current, name) for name in sorted(names))
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("yaml", "yaml+hash"):
        sys.stderr.write("usage : floors.py yaml|yaml+hash DEPOT\n")
        return 2
    mode, root = argv
    parsed = hashed = 0
    access = os.path.join(root, "acces.yaml")
    for path in [*files(root, "rem"), *([access] if os.path.isfile(access) else [])]:
        if path.endswith(YAML_SUFFIXES):
            with open(path, "rb") as stream:
                yaml.load(stream, Loader=yaml.CSafeLoader)
            parsed += 1
    for path in files(root, "dossiers"):
        if path.endswith(YAML_SUFFIXES):
            with open(path, "rb") as stream:
                yaml.load(stream, Loader=yaml.CSafeLoader)
            parsed += 1
        elif mode == "yaml+hash":
            with open(path, "rb") as stream:
                hashlib.file_digest(stream, "sha256")
            hashed += 1
    sys.stdout.write(f"{parsed} fichiers YAML lus, {hashed} fichiers hachés\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
