"""Strict values in candidature.yaml: booleans are only true/false, dates only real YAML dates in
a plausible window. Lax coercion would turn a typing mistake into a silent, wrong value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from adm_support import base, repo_with_dossier
from segur.check import run as check
from segur.repository.paths import Repository


def _findings_on(tmp_path: Path, data: dict[str, Any], field: str) -> list[str]:
    folder = repo_with_dossier(tmp_path, data)
    root = folder.parents[2]
    return [
        f.message
        for f in check.run(Repository(root), [folder])
        if f.path.endswith("candidature.yaml") and field in f.message
    ]


@pytest.mark.parametrize("value", ["yes", "oui", "On", "n", 1, 1.0, "true"])
def test_a_flag_is_only_true_or_false(tmp_path: Path, value: Any) -> None:
    data = base()
    data["editeur"]["deja_reference_vague_1"] = value
    messages = _findings_on(tmp_path, data, "deja_reference_vague_1")
    assert messages, value
    assert "booléen" in messages[0]


@pytest.mark.parametrize(
    "value",
    [1736899200, "2025-01-15", dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(2150, 1, 1)],
    ids=["horodatage-entier", "chaine", "an-1", "1900", "2150"],
)
def test_a_date_is_a_plausible_yaml_date(tmp_path: Path, value: Any) -> None:
    data = base()
    data["charte"]["date_acceptation"] = value
    assert _findings_on(tmp_path, data, "date_acceptation"), value


def test_valid_flags_and_dates_pass(tmp_path: Path) -> None:
    data = base()
    data["editeur"]["deja_reference_vague_1"] = False
    data["charte"]["date_acceptation"] = dt.date(2025, 1, 15)
    assert _findings_on(tmp_path, data, "date_acceptation") == []
    assert _findings_on(tmp_path / "b", data, "deja_reference_vague_1") == []
