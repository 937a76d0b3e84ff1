"""Static SVG charts of the statistics page: no JavaScript, no charting library, no font.

Each chart is a plain SVG file shown as an image with a text alternative; the page puts the same
numbers in a table next to it. Coordinates are integers and the markup is written in a fixed
order, so the same numbers always give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from segur.publication.model import Statistiques

# Colours with a contrast ratio of at least 4.5:1 against white (RGAA 3.2 and 3.3).
EN_COURS = "#1f4e9c"
REFERENCEES = "#18753c"
DELAI = "#6e445a"
TEXT = "#161616"
GRID = "#929292"
FONT = "font-family:sans-serif;font-size:13px"


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    colour: str
    values: tuple[int, ...]


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
            f'style="{FONT}">',
            f"<title>{escape(title)}</title>",
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def _text(x: int, y: int, text: str, anchor: str = "start", weight: str = "normal") -> str:
    return (
        f'<text x="{x}" y="{y}" fill="{TEXT}" text-anchor="{anchor}" font-weight="{weight}">'
        f"{escape(text)}</text>"
    )


def grouped_bars(title: str, categories: Sequence[str], series: Sequence[Series]) -> str:
    """Horizontal bars: one group per category, one bar per series, the value at its end."""
    left, bar, gap, width = 70, 16, 14, 640
    plot = width - left - 60
    top = 48
    top_value = max([1, *(v for s in series for v in s.values)])
    body = [_text(10, 20, title, weight="bold")]
    for i, s in enumerate(series):  # legend
        x = 10 + i * 200
        body.append(f'<rect x="{x}" y="30" width="12" height="12" fill="{s.colour}"/>')
        body.append(_text(x + 18, 41, s.label))
    group = bar * len(series) + gap
    for c, category in enumerate(categories):
        y0 = top + c * group
        body.append(_text(left - 8, y0 + bar + 4, category, anchor="end", weight="bold"))
        for i, s in enumerate(series):
            value = s.values[c]
            y = y0 + i * bar
            length = round(plot * value / top_value)
            body.append(
                f'<rect x="{left}" y="{y + 2}" width="{length}" height="{bar - 4}" '
                f'fill="{s.colour}"/>'
            )
            body.append(_text(left + length + 6, y + bar - 3, str(value)))
    height = top + len(categories) * group + 10
    body.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - 10}" stroke="{GRID}"/>')
    return _svg(width, height, title, body)


def columns(title: str, labels: Sequence[str], values: Sequence[int], colour: str) -> str:
    """Vertical bars, one per label, the value above each bar."""
    width, height, bottom, top = 640, 260, 215, 50
    slot = (width - 40) // max(1, len(labels))
    top_value = max([1, *values])
    body = [_text(10, 20, title, weight="bold")]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = 20 + i * slot
        bar_height = round((bottom - top) * value / top_value)
        body.append(
            f'<rect x="{x + 20}" y="{bottom - bar_height}" width="{slot - 40}" '
            f'height="{bar_height}" fill="{colour}"/>'
        )
        centre = x + slot // 2
        body.append(_text(centre, bottom - bar_height - 6, str(value), anchor="middle"))
        body.append(_text(centre, bottom + 20, label, anchor="middle"))
    body.append(f'<line x1="20" y1="{bottom}" x2="{width - 20}" y2="{bottom}" stroke="{GRID}"/>')
    return _svg(width, height, title, body)


def charts(stats: Statistiques) -> dict[str, str]:
    """Every chart of the statistics page by file name."""
    rows = stats.par_dispositif
    effectifs = grouped_bars(
        "Candidatures par dispositif",
        [r.dispositif for r in rows],
        [
            Series("En cours de référencement", EN_COURS, tuple(r.en_cours for r in rows)),
            Series("Référencées", REFERENCEES, tuple(r.referencees for r in rows)),
        ],
    )
    delais = columns(
        "Délai entre le dépôt complet et la décision de référencement",
        [t.libelle for t in stats.delais],
        [t.decisions for t in stats.delais],
        DELAI,
    )
    return {"effectifs-par-dispositif.svg": effectifs, "delais-de-decision.svg": delais}
