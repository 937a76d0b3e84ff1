"""The fictitious lifecycle of each example dossier: when it was deposited, when its chapters
became complete, and its journal of events. Data only: `segur.examples.events` writes the
journal files, and `segur.examples.history` writes the dated history of the demo repository
(`segur exemples --depot`) from it: one merge on `main` on the day of each deposit, of each
chapter completion and of each event.

The core never reads this module: the lifecycle of the examples comes from that history, as for
any candidature. Together the examples show every state of the lifecycle on 28 November 2026, and
move on by 24 December 2026 (deadlines across Christmas and New Year's Day); see
dossiers/README.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

RECORDING = "documents/journee-test-ins.mp4"  # the INS test-day video, filled in by the writer


@dataclass(frozen=True, slots=True)
class ExampleChronology:
    """The days the editor's pull requests are merged into `main`."""

    depot: dt.date  # the complete administrative dossier
    preuves: dt.date | None = None  # every deposited chapter complete (unless `chapitres`)
    chapitres: Mapping[str, dt.date] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Event:
    date: dt.date
    type: str
    data: Mapping[str, Any] = field(default_factory=dict)
    suffix: str | None = None


@dataclass(frozen=True, slots=True)
class Verdicts:
    """One verdict per chapter (`chapitres`, or every expected chapter not given its own
    verdict), spread over `dates`; every applicable requirement is conforme except
    `non_conformes` (requirement -> comment)."""

    dates: tuple[dt.date, ...]
    chapitres: tuple[str, ...] | None = None
    non_conformes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExampleLifecycle:
    chronologie: ExampleChronology
    journal: tuple[Event | Verdicts, ...] = ()


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _validation(day: str) -> Event:
    return Event(d(day), "validation-administrative", {"resultat": "acceptee"})


def _ins_day(proposal: str, test_day: str, confirmation: str) -> tuple[Event, Event]:
    return (
        Event(
            d(proposal),
            "ins-proposition",
            {
                "date_proposee": d(test_day),
                "message": "Journée de test INS en visioconférence ; les jeux de données vous "
                "sont transmis à part (exemple fictif).",
            },
        ),
        Event(
            d(confirmation),
            "ins-confirmation",
            {
                "proposition": f"{proposal}-ins-proposition.yaml",
                "message": "Date confirmée, environnement de test prêt (exemple fictif).",
            },
        ),
    )


def _ins_result(day: str) -> Event:
    return Event(
        d(day),
        "ins-resultat",
        {
            "resultat": "conforme",
            "enregistrement": RECORDING,
            "commentaire": "Scénarios de test déroulés sans écart (exemple fictif).",
        },
    )


def _signature_editeur(
    day: str, nom: str, prenom: str, fonction: str, qualite: str = "representant_legal"
) -> Event:
    return Event(
        d(day),
        "signature-editeur",
        {"signataire": {"nom": nom, "prenom": prenom}, "qualite": qualite, "fonction": fonction},
    )


def _decision(day: str, decision: str, motifs: tuple[str, ...] = ()) -> Event:
    data: dict[str, Any] = {"decision": decision, "seance": d(day)}
    if motifs:
        data["motifs"] = list(motifs)
    return Event(d(day), "decision-college", data)


def _signature_ans(day: str) -> Event:
    return Event(
        d(day),
        "signature-ans",
        {
            "signataire": {"nom": "Exemple-Direction", "prenom": "Anne"},
            "fonction": "Directrice de l'ANS (signataire fictive)",
        },
    )


def _notification(day: str, decision: str) -> Event:
    # Recipients, subject and attachments are those of `segur notify` (filled by the writer).
    sent = dt.datetime.combine(d(day), dt.time(10, 0), dt.timezone(dt.timedelta(hours=1)))
    return Event(
        d(day), "notification", {"evenement": f"{decision}-decision-college.yaml", "envoi": sent}
    )


def _days(*texts: str) -> tuple[dt.date, ...]:
    return tuple(d(t) for t in texts)


_MOTIFS_LGC = (
    "La version diffusée aux clients pilotes n'est pas la version technique candidate 3.0.1 : "
    "le référencement porte sur la version commercialisée (exemple fictif).",
    "L'éditeur n'a pas établi la compatibilité ascendante annoncée pour la version 3.1 "
    "(exemple fictif).",
)

LIFECYCLES: dict[str, ExampleLifecycle] = {
    # Référencée: both signatures, notified, audited after the referencing (§3.1.3).
    "dossiers/exemple-sante-logiciels/dpi-5-2": ExampleLifecycle(
        ExampleChronology(d("2026-08-31"), d("2026-09-14")),
        (
            _validation("2026-09-02"),
            *_ins_day("2026-09-21", "2026-10-06", "2026-09-22"),
            _ins_result("2026-10-07"),
            Verdicts(_days("2026-10-08"), ("INS",)),
            Verdicts(_days("2026-09-16", "2026-09-23", "2026-09-30", "2026-10-07", "2026-10-14")),
            _signature_editeur("2026-10-20", "Martin-Exemple", "Claire", "Présidente"),
            _decision("2026-10-27", "attribution"),
            _signature_ans("2026-10-30"),
            _notification("2026-10-30", "2026-10-27"),
            Event(
                d("2026-11-20"),
                "audit",
                {
                    "version": "5.2",
                    "resultat": "conforme",
                    "modalite": "in-situ",
                    "constats": ["Version 5.2 installée chez le client audité (exemple fictif)."],
                },
            ),
        ),
    ),
    # En instruction: INS test day done, a chapter non conforme and under solicitation,
    # other chapters in the FIFO queue; a pre-examination CNDA attestation still provisional.
    "dossiers/exemple-sante-logiciels/dpi-5-3": ExampleLifecycle(
        ExampleChronology(d("2026-09-21"), d("2026-10-12")),
        (
            _validation("2026-09-23"),
            *_ins_day("2026-10-14", "2026-10-22", "2026-10-15"),
            _ins_result("2026-10-23"),
            Verdicts(_days("2026-10-19", "2026-10-20", "2026-10-21"), ("PROCEDURE", "ANN", "CDA")),
            Verdicts(_days("2026-10-26"), ("INS",)),
            Verdicts(
                _days("2026-11-18"),
                ("DMP/UX",),
                {
                    "DMP/UX.06": "La vidéo ne montre pas l'alimentation du DMP depuis le "
                    "dossier du patient (exemple fictif)."
                },
            ),
            Event(
                d("2026-11-18"),
                "sollicitation",
                {
                    "chapitre": "DMP/UX",
                    "message": "Déposez une vidéo montrant l'alimentation du DMP depuis le "
                    "dossier du patient (exemple fictif).",
                },
                "dmp-ux",
            ),
            Event(
                d("2026-12-01"),
                "reponse",
                {
                    "sollicitation": "2026-11-18-sollicitation-dmp-ux.yaml",
                    "message": "Nouvelle vidéo déposée dans preuves/DMP-UX (exemple fictif).",
                },
            ),
            Event(
                d("2026-12-22"),
                "sollicitation",
                {
                    "chapitre": "HOP",
                    "message": "Précisez le format des messages échangés avec le SIH "
                    "(exemple fictif).",
                },
                "hop",
            ),
        ),
    ),
    # Sous sollicitation on 28 November (answer due on 1 December); answered in time, then
    # validated and the INS test day proposed.
    "dossiers/exemple-radiologie-conseil/ris-2024-2": ExampleLifecycle(
        ExampleChronology(d("2026-11-16"), d("2026-11-23")),
        (
            Event(
                d("2026-11-24"),
                "sollicitation",
                {
                    "message": "Le mandat d'Exemple Imagerie Partenaires SARL n'est pas signé : "
                    "déposez le mandat signé (exemple fictif)."
                },
            ),
            Event(
                d("2026-11-30"),
                "reponse",
                {
                    "sollicitation": "2026-11-24-sollicitation.yaml",
                    "message": "Mandat signé déposé dans documents/ (exemple fictif).",
                },
            ),
            _validation("2026-12-02"),
            Event(
                d("2026-12-04"),
                "ins-proposition",
                {
                    "date_proposee": d("2027-01-12"),
                    "message": "Journée de test INS proposée (exemple fictif).",
                },
            ),
        ),
    ),
    # Refusée: réserves bloquantes of the collège, with their reasons, notified.
    "dossiers/exemple-cabinet-numerique/lgc-3-0-1": ExampleLifecycle(
        ExampleChronology(d("2026-08-24"), d("2026-09-07")),
        (
            _validation("2026-08-26"),
            *_ins_day("2026-09-14", "2026-09-29", "2026-09-15"),
            _ins_result("2026-09-30"),
            Verdicts(_days("2026-10-01"), ("INS",)),
            Verdicts(_days("2026-09-08", "2026-09-22", "2026-10-06", "2026-10-20", "2026-10-27")),
            _signature_editeur("2026-11-03", "Exemple-Dubois", "Marc", "Président"),
            _decision("2026-11-17", "reserves-bloquantes", _MOTIFS_LGC),
            _notification("2026-11-18", "2026-11-17"),
        ),
    ),
    # Brouillon on 28 November: the administrative dossier, ready in the editor's branch, is
    # merged into main (deposited) on 14 December only.
    "dossiers/exemple-biologie-systemes/sgl-8-1": ExampleLifecycle(
        ExampleChronology(d("2026-12-14"))
    ),
    # Journée de test INS à planifier: due on 4 December, overdue by 24 December.
    "dossiers/exemple-plateforme-sante/pfi-1-4": ExampleLifecycle(
        ExampleChronology(d("2026-10-19"), d("2026-11-20")),
        (
            _validation("2026-10-21"),
            Verdicts(_days("2026-11-24", "2026-11-25"), ("PROCEDURE", "MSS/CONF")),
        ),
    ),
    # Dossier administratif déposé, awaiting validation; a complement is requested on
    # 24 December: the answer is due on 4 January 2027 (Christmas and New Year's Day skipped).
    "dossiers/exemple-teleradiologie-sud/db-3-1": ExampleLifecycle(
        ExampleChronology(d("2026-11-26")),
        (
            Event(
                d("2026-12-24"),
                "validation-administrative",
                {
                    "resultat": "complement-demande",
                    "message": "Joignez l'attestation de dépôt CNDA signée (exemple fictif).",
                },
            ),
        ),
    ),
    # Rejetée: solicited on Tuesday 10 November, no answer by Wednesday 18 November (the 11th
    # is a public holiday).
    "dossiers/exemple-logiciels-oublies/db-0-9": ExampleLifecycle(
        ExampleChronology(d("2026-11-09")),
        (
            Event(
                d("2026-11-10"),
                "sollicitation",
                {
                    "message": "Le SIRET déclaré pour le siège ne correspond pas à l'extrait "
                    "Kbis : corrigez-le (exemple fictif)."
                },
            ),
        ),
    ),
    # Journée de test INS planifiée on 8 December.
    "dossiers/exemple-messagerie-citoyenne/pfi-2-0": ExampleLifecycle(
        ExampleChronology(d("2026-10-05"), d("2026-10-26")),
        (
            _validation("2026-10-07"),
            Verdicts(_days("2026-10-28"), ("PROCEDURE",)),
            *_ins_day("2026-11-04", "2026-12-08", "2026-11-05"),
        ),
    ),
    # Conforme, convention à signer.
    "dossiers/exemple-imagerie-ouest/db-1-2": ExampleLifecycle(
        ExampleChronology(d("2026-09-07"), d("2026-09-28")),
        (
            _validation("2026-09-09"),
            Verdicts(_days("2026-10-05", "2026-10-19", "2026-11-02", "2026-11-16", "2026-11-24")),
        ),
    ),
    # Convention signée par l'éditeur: on the agenda of the collège of 1 December, which
    # attributes the referencing; the ANS signs on 4 December.
    "dossiers/exemple-partage-images/db-4-0": ExampleLifecycle(
        ExampleChronology(d("2026-08-31"), d("2026-09-21")),
        (
            _validation("2026-09-02"),
            Verdicts(_days("2026-09-28", "2026-10-12", "2026-10-26", "2026-11-09", "2026-11-16")),
            _signature_editeur("2026-11-26", "Exemple-Roux", "Léa", "Gérante"),
            _decision("2026-12-01", "attribution"),
            _signature_ans("2026-12-04"),
        ),
    ),
    # Attribuée by the collège of 10 November, awaiting the ANS signature.
    "dossiers/exemple-imagerie-nord/db-2-5": ExampleLifecycle(
        ExampleChronology(d("2026-08-17"), d("2026-09-07")),
        (
            _validation("2026-08-19"),
            Verdicts(_days("2026-09-14", "2026-09-28", "2026-10-12", "2026-10-26")),
            _signature_editeur("2026-11-02", "Exemple-Fontaine", "Paul", "Président"),
            _decision("2026-11-10", "attribution"),
        ),
    ),
}
