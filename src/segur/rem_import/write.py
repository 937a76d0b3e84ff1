"""Writing the imported REMs as YAML, deterministically and atomically.

Layout: `rem/<CODE>/<version>/dispositif.yaml` and `rem/<CODE>/<version>/chapitres/<code>.yaml`
(`/` in a chapter code becomes `-`). Every file starts with a comment saying it is generated.
Each version folder is first written completely in a temporary folder next to its destination,
then swapped in with a rename: a failed import leaves the previous catalogue untouched.
(Writing YAML is allowed outside `segur.load.document`; only reading is restricted to it.)
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel

from segur.repository.catalogue import CHAPTERS_DIR, HEADER_FILE, chapter_file_stem

if TYPE_CHECKING:
    from segur.rem_import.workbook import ImportResult


class _FlowList(list[Any]):
    """A short list written on one line (`types: [video, capture]`)."""


class _Dumper(yaml.CSafeDumper):  # libyaml: fast; `segur.load.document` needs it anyway
    pass


def _represent_str(dumper: _Dumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow(dumper: _Dumper, value: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_FlowList, _represent_flow)


def _plain(model: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = model.model_dump(mode="json", exclude_none=True)
    return data


def _flow_types(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: (_FlowList(v) if k == "types" else _flow_types(v)) for k, v in data.items()}
    if isinstance(data, list):
        return [_flow_types(v) for v in data]
    return data


def dump_yaml(data: Any, header: str) -> str:
    body = yaml.dump(
        _flow_types(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=False,
    )
    return f"# {header}\n{body}"


def with_notes(text: str, notes: dict[str, str]) -> str:
    """`text` with each note as a comment above the requirement it explains (`- id: X`)."""
    if not notes:
        return text
    lines: list[str] = []
    for line in text.split("\n"):
        if line.startswith("- id: ") and line[len("- id: ") :] in notes:
            lines.append(f"# {notes[line[len('- id: ') :]]}")
        lines.append(line)
    return "\n".join(lines)


def generated_header(source: str) -> str:
    return (
        f"Fichier généré par « segur rem import » depuis {source} : "
        "ne pas le modifier à la main (relancer l'import)."
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def write_catalogue(result: ImportResult, out: Path) -> list[Path]:
    """Write every REM of `result` under `out` (`rem/`); return the version folders written."""
    out.mkdir(parents=True, exist_ok=True)
    header = generated_header(result.source)
    staging = Path(tempfile.mkdtemp(prefix=".rem-import-", dir=out))
    written: list[Path] = []
    try:
        for code, rem in sorted(result.rems.items()):
            folder = staging / "new" / code
            _write(folder / HEADER_FILE, dump_yaml(_plain(rem.dispositif), header))
            for chapitre in rem.chapitres:
                name = f"{chapter_file_stem(chapitre.code)}.yaml"
                text = dump_yaml(_plain(chapitre), header)
                _write(folder / CHAPTERS_DIR / name, with_notes(text, rem.notes))
        for code in sorted(result.rems):
            target = out / code / result.version
            target.parent.mkdir(parents=True, exist_ok=True)
            backup = staging / "old" / code
            if target.exists():
                backup.parent.mkdir(parents=True, exist_ok=True)
                target.rename(backup)
            try:
                (staging / "new" / code).rename(target)
            except OSError:
                if backup.exists():
                    backup.rename(target)
                raise
            written.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written
