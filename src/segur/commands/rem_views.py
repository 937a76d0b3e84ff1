"""Rich views of the REM for `segur rem show`: a dispositif, a chapter, a requirement."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from segur.model.rem import Chapitre, Exigence
from segur.repository.catalogue import Rem


def row(table: Table, *cells: object) -> None:
    """Add a row of plain text: ANS's texts contain brackets that rich would read as markup."""
    table.add_row(*(Text(str(cell)) for cell in cells))


def show_rem(console: Console, rem: Rem) -> None:
    d = rem.dispositif
    console.print(Text(f"{d.code} — {d.libelle}", style="bold"))
    console.print(
        f"version {d.version_rem}, vague {d.vague}, convention {d.duree_convention_mois} mois"
    )
    console.print(Text(f"source : {d.source}"))
    profiles = Table(title="Profils")
    profiles.add_column("Profil")
    profiles.add_column("Libellé")
    for p in d.profils:
        row(profiles, p.id, p.libelle)
    console.print(profiles)
    chapters = Table(title="Chapitres")
    for column in ("Chapitre", "Libellé", "Exigences"):
        chapters.add_column(column)
    for c in rem.chapitres:
        row(chapters, c.code, c.libelle, str(len(c.exigences)))
    console.print(chapters)


def show_chapter(console: Console, rem: Rem, chapitre: Chapitre) -> None:
    console.print(Text(f"{rem.code} {chapitre.code} — {chapitre.libelle}", style="bold"))
    table = Table()
    for column in ("Exigence", "Nature", "Profil", "Scénarios", "Énoncé"):
        table.add_column(column)
    for e in chapitre.exigences:
        enonce = e.enonce if len(e.enonce) <= 120 else e.enonce[:119] + "…"
        row(table, e.id, e.nature, e.profil, str(len(e.scenarios)), enonce)
    console.print(table)


def show_exigence(console: Console, rem: Rem, exigence: Exigence) -> None:
    console.print(Text(f"{exigence.id} ({rem.code} {rem.version})", style="bold"))
    details = Table(show_header=False)
    details.add_column("Champ")
    details.add_column("Valeur")
    for label, value in (
        ("Chapitre", exigence.chapitre),
        ("Bloc", exigence.bloc),
        ("Fonction", exigence.fonction),
        ("Nature", exigence.nature),
        ("Criticité", exigence.criticite or "—"),
        ("Profil", exigence.profil),
        ("Énoncé", exigence.enonce),
    ):
        row(details, label, value)
    console.print(details)
    if not exigence.scenarios:
        console.print("Aucun scénario de conformité.")
    for scenario in exigence.scenarios:
        console.print()
        console.print(Text(f"Scénario {scenario.id}", style="bold"))
        console.print(Text(scenario.libelle or "(sans libellé)"))
        proofs = Table(title=f"Preuves du scénario {scenario.id}")
        for column in ("Preuve", "Types", "Libellé"):
            proofs.add_column(column)
        for p in scenario.preuves:
            row(proofs, p.id, ", ".join(t.value for t in p.types), p.libelle)
        console.print(proofs)
