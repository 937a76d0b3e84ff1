"""The impossible sequences of the lifecycle tests: for each, the history it starts from, what
happens next, and the findings expected as (rule, event file, line)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from lifecycle_support import (
    RECORDING,
    SIGNATURE_ANS,
    SIGNATURE_EDITEUR,
    VALIDATION,
    Story,
    all_verdicts,
    chapter_digest,
    decision,
    event,
    ins_result,
    verdict,
)
from proof_support import SAMPLES, sha


def _conforme(story: Story, day: str = "2026-03-06") -> None:
    story.events(day, all_verdicts(day))


def signed(story: Story) -> None:
    _conforme(story)
    story.events("2026-03-09", {"2026-03-09-signature-editeur.yaml": SIGNATURE_EDITEUR})


Scenario = Callable[[Story], None]


def ins_day(story: Story, proposed: str, day: str) -> None:
    """The ANS proposes the INS test day `day` on `proposed`; the editor confirms it at once;
    the recording is merged on `day`."""
    name = f"{proposed}-ins-proposition.yaml"
    story.events(
        proposed,
        {
            name: event("ins-proposition", date_proposee=dt.date.fromisoformat(day)),
            f"{proposed}-ins-confirmation.yaml": event("ins-confirmation", proposition=name),
        },
    )
    story.recording(day)


def ins_outcome(resultat: str) -> str:
    return event(
        "ins-resultat",
        resultat=resultat,
        enregistrement={"chemin": RECORDING, "sha256": sha(SAMPLES["video"])},
    )


def failed_ins_day(story: Story) -> None:
    """A test day on 10 March, recorded non conforme on the 11th."""
    ins_day(story, "2026-03-06", "2026-03-10")
    story.events("2026-03-11", {"2026-03-11-ins-resultat.yaml": ins_outcome("non-conforme")})


def steps(*actions: Scenario) -> Scenario:
    """One scenario made of several actions, run in order."""

    def run(story: Story) -> None:
        for action in actions:
            action(story)

    return run


# name -> (base fixture, what happens after it, the expected (rule, file, line) findings)
SCENARIOS: dict[str, tuple[str, Scenario, set[tuple[str, str, int]]]] = {
    "nom de fichier invalide": (
        "base",
        lambda s: s.events("2026-03-06", {"notes.yaml": "type: verdict\n"}),
        {("SEG-CYC-001", "notes.yaml", 1)},
    ),
    "date inexistante": (
        "base",
        lambda s: s.events("2026-03-06", {"2026-02-30-verdict-ins.yaml": verdict("INS")}),
        {("SEG-CYC-001", "2026-02-30-verdict-ins.yaml", 1)},
    ),
    "type différent du nom": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {"2026-03-06-verdict-ins.yaml": event("sollicitation", message="?")},
        ),
        {("SEG-CYC-002", "2026-03-06-verdict-ins.yaml", 1)},
    ),
    "réponse à une sollicitation inconnue": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {
                "2026-03-06-reponse.yaml": event(
                    "reponse", sollicitation="2026-03-05-sollicitation.yaml", message="ok"
                )
            },
        ),
        {("SEG-CYC-003", "2026-03-06-reponse.yaml", 2)},
    ),
    "verdict sur un chapitre incomplet à son arrivée": (
        "admin",
        steps(
            lambda s: s.events(
                "2026-03-03", {"2026-03-03-validation-administrative.yaml": VALIDATION}
            ),
            lambda s: s.events("2026-03-04", {"2026-03-04-verdict-ins.yaml": verdict("INS")}),
            lambda s: s.chapters("2026-03-05"),
        ),
        {("SEG-CYC-004", "2026-03-04-verdict-ins.yaml", 2)},
    ),
    "verdict sans résultat pour une exigence applicable": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {
                "2026-03-06-verdict-ins.yaml": event(
                    "verdict",
                    chapitre="INS",
                    exigences={"INS.01": "conforme"},
                    empreinte=chapter_digest("INS"),
                )
            },
        ),
        {("SEG-CYC-005", "2026-03-06-verdict-ins.yaml", 3)},
    ),
    "verdict sur une exigence hors du chapitre": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {
                "2026-03-06-verdict-ins.yaml": event(
                    "verdict",
                    chapitre="INS",
                    exigences={"INS.01": "conforme", "INS.02": "conforme", "MSS.01": "conforme"},
                    empreinte=chapter_digest("INS"),
                )
            },
        ),
        {("SEG-CYC-005", "2026-03-06-verdict-ins.yaml", 6)},
    ),
    "verdict sur un chapitre non attendu": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {
                "2026-03-06-verdict-doc.yaml": event(
                    "verdict",
                    chapitre="DOC",
                    exigences={"DOC.01": "conforme"},
                    empreinte=chapter_digest("DOC"),
                )
            },
        ),
        {("SEG-CYC-005", "2026-03-06-verdict-doc.yaml", 2)},
    ),
    "signature de l'éditeur avant tous les chapitres conformes": (
        "base",
        lambda s: s.events("2026-03-06", {"2026-03-06-signature-editeur.yaml": SIGNATURE_EDITEUR}),
        {("SEG-CYC-006", "2026-03-06-signature-editeur.yaml", 1)},
    ),
    "décision du collège avant la signature de l'éditeur": (
        "base",
        steps(
            _conforme,
            lambda s: s.events(
                "2026-03-10", {"2026-03-10-decision-college.yaml": decision("2026-03-10")}
            ),
        ),
        {("SEG-CYC-007", "2026-03-10-decision-college.yaml", 2)},
    ),
    "attribution avec un chapitre non conforme": (
        "base",
        steps(
            signed,
            lambda s: s.events(
                "2026-03-09",
                {"2026-03-09-verdict-mss.yaml": verdict("MSS", non_conformes=("MSS.01",))},
            ),
            lambda s: s.events(
                "2026-03-10", {"2026-03-10-decision-college.yaml": decision("2026-03-10")}
            ),
        ),
        {("SEG-CYC-008", "2026-03-10-decision-college.yaml", 2)},
    ),
    "réserves bloquantes sans motif": (
        "base",
        steps(
            signed,
            lambda s: s.events(
                "2026-03-10",
                {"2026-03-10-decision-college.yaml": decision("2026-03-10", "reserves-bloquantes")},
            ),
        ),
        {("SEG-CYC-009", "2026-03-10-decision-college.yaml", 2)},
    ),
    "signature de l'ANS avant l'attribution": (
        "base",
        steps(
            signed,
            lambda s: s.events("2026-03-10", {"2026-03-10-signature-ans.yaml": SIGNATURE_ANS}),
        ),
        {("SEG-CYC-010", "2026-03-10-signature-ans.yaml", 1)},
    ),
    "verdict daté avant la complétude du chapitre": (
        "base",
        lambda s: s.events("2026-03-06", {"2026-03-04-verdict-ins.yaml": verdict("INS")}),
        {("SEG-CYC-011", "2026-03-04-verdict-ins.yaml", 1)},
    ),
    "réponse datée avant sa sollicitation": (
        "base",
        steps(
            lambda s: s.events(
                "2026-03-06",
                {
                    "2026-03-06-sollicitation-mss.yaml": event(
                        "sollicitation", chapitre="MSS", message="?"
                    )
                },
            ),
            lambda s: s.events(
                "2026-03-09",
                {
                    "2026-03-05-reponse.yaml": event(
                        "reponse", sollicitation="2026-03-06-sollicitation-mss.yaml", message="ok"
                    )
                },
            ),
        ),
        {("SEG-CYC-011", "2026-03-05-reponse.yaml", 1)},
    ),
    "événement daté après son arrivée sur main": (
        "base",
        lambda s: s.events("2026-03-06", {"2026-03-09-verdict-ins.yaml": verdict("INS")}),
        {("SEG-CYC-012", "2026-03-09-verdict-ins.yaml", 1)},
    ),
    "confirmation d'une proposition inconnue": (
        "base_ins",
        lambda s: s.events(
            "2026-03-06",
            {
                "2026-03-06-ins-confirmation.yaml": event(
                    "ins-confirmation", proposition="2026-03-05-ins-proposition.yaml"
                )
            },
        ),
        {("SEG-CYC-013", "2026-03-06-ins-confirmation.yaml", 2)},
    ),
    "résultat INS sans date confirmée": (
        "base_ins",
        steps(
            lambda s: s.recording("2026-03-06"),
            lambda s: s.events("2026-03-09", {"2026-03-09-ins-resultat.yaml": ins_result()}),
        ),
        {("SEG-CYC-013", "2026-03-09-ins-resultat.yaml", 2)},
    ),
    "verdict INS avant la journée de test": (
        "base_ins",
        lambda s: s.events("2026-03-06", {"2026-03-06-verdict-ins.yaml": verdict("INS")}),
        {("SEG-CYC-013", "2026-03-06-verdict-ins.yaml", 2)},
    ),
    "enregistrement INS modifié depuis l'examen": (
        "base_ins",
        steps(
            lambda s: s.events(
                "2026-03-06",
                {
                    "2026-03-06-ins-proposition.yaml": event(
                        "ins-proposition", date_proposee=dt.date(2026, 3, 10)
                    ),
                    "2026-03-06-ins-confirmation.yaml": event(
                        "ins-confirmation", proposition="2026-03-06-ins-proposition.yaml"
                    ),
                },
            ),
            lambda s: s.files("2026-03-10", {RECORDING: SAMPLES["video"] + b"\x00"}),
            lambda s: s.events("2026-03-11", {"2026-03-11-ins-resultat.yaml": ins_result()}),
        ),
        {("SEG-CYC-014", "2026-03-11-ins-resultat.yaml", 5)},
    ),
    "enregistrement INS qui n'est pas une vidéo": (
        "base_ins",
        steps(
            lambda s: s.events(
                "2026-03-06",
                {
                    "2026-03-06-ins-proposition.yaml": event(
                        "ins-proposition", date_proposee=dt.date(2026, 3, 10)
                    ),
                    "2026-03-06-ins-confirmation.yaml": event(
                        "ins-confirmation", proposition="2026-03-06-ins-proposition.yaml"
                    ),
                },
            ),
            lambda s: s.files("2026-03-10", {RECORDING: SAMPLES["pdf"]}),
            lambda s: s.events(
                "2026-03-11",
                {
                    "2026-03-11-ins-resultat.yaml": event(
                        "ins-resultat",
                        resultat="conforme",
                        enregistrement={
                            "chemin": RECORDING,
                            "sha256": sha(SAMPLES["pdf"]),
                        },
                    )
                },
            ),
        ),
        {("SEG-CYC-014", "2026-03-11-ins-resultat.yaml", 4)},
    ),
    "notification d'une décision inconnue": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {
                "2026-03-06-notification.yaml": event(
                    "notification",
                    evenement="2026-03-05-decision-college.yaml",
                    destinataires=["a@example.fr"],
                    objet="Décision",
                    envoi=dt.datetime(2026, 3, 6, 10, tzinfo=dt.UTC),
                )
            },
        ),
        {("SEG-CYC-016", "2026-03-06-notification.yaml", 2)},
    ),
    "sollicitation sur un chapitre non complet": (
        "admin",
        lambda s: s.events(
            "2026-03-04",
            {
                "2026-03-04-sollicitation-ins.yaml": event(
                    "sollicitation", chapitre="INS", message="?"
                )
            },
        ),
        {("SEG-CYC-018", "2026-03-04-sollicitation-ins.yaml", 2)},
    ),
    "validation avant le dépôt du dossier administratif": (
        "empty",
        steps(
            lambda s: s.events(
                "2026-03-01", {"2026-03-01-validation-administrative.yaml": VALIDATION}
            ),
            lambda s: s.admin("2026-03-02"),
        ),
        {("SEG-CYC-019", "2026-03-01-validation-administrative.yaml", 1)},
    ),
    "audit avant le référencement": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {"2026-03-06-audit.yaml": event("audit", version="5.10", resultat="conforme")},
        ),
        {("SEG-CYC-020", "2026-03-06-audit.yaml", 1)},
    ),
    "seconde décision du collège": (
        "base",
        steps(
            signed,
            lambda s: s.events(
                "2026-03-10", {"2026-03-10-decision-college.yaml": decision("2026-03-10")}
            ),
            lambda s: s.events(
                "2026-03-17",
                {
                    "2026-03-17-decision-college.yaml": decision(
                        "2026-03-17", "reserves-bloquantes", ["Non."]
                    )
                },
            ),
        ),
        {("SEG-CYC-021", "2026-03-17-decision-college.yaml", 2)},
    ),
    "séance un autre jour que le mardi": (
        "base",
        steps(
            signed,
            lambda s: s.events(
                "2026-03-11", {"2026-03-11-decision-college.yaml": decision("2026-03-11")}
            ),
        ),
        {("SEG-CYC-022", "2026-03-11-decision-college.yaml", 3)},
    ),
    "attribution avec des motifs": (
        "base",
        steps(
            signed,
            lambda s: s.events(
                "2026-03-10",
                {"2026-03-10-decision-college.yaml": decision("2026-03-10", motifs=["?"])},
            ),
        ),
        {("SEG-CYC-023", "2026-03-10-decision-college.yaml", 4)},
    ),
    "verdict avant la validation du dossier administratif": (
        "admin",
        steps(
            lambda s: s.chapters("2026-03-03"),
            lambda s: s.events("2026-03-04", {"2026-03-04-verdict-mss.yaml": verdict("MSS")}),
        ),
        {("SEG-CYC-030", "2026-03-04-verdict-mss.yaml", 1)},
    ),
    "proposition INS avant la validation du dossier administratif": (
        "admin",
        steps(
            lambda s: s.chapters("2026-03-03"),
            lambda s: s.events(
                "2026-03-04",
                {
                    "2026-03-04-ins-proposition.yaml": event(
                        "ins-proposition", date_proposee=dt.date(2026, 3, 10)
                    )
                },
            ),
        ),
        {("SEG-CYC-030", "2026-03-04-ins-proposition.yaml", 1)},
    ),
    "verdict INS conforme après une journée de test non conforme": (
        "base_ins",
        steps(
            failed_ins_day,
            lambda s: s.events("2026-03-12", {"2026-03-12-verdict-ins.yaml": verdict("INS")}),
        ),
        {("SEG-CYC-031", "2026-03-12-verdict-ins.yaml", 2)},
    ),
    "second résultat INS sans nouvelle journée de test": (
        "base_ins",
        steps(
            failed_ins_day,
            lambda s: s.events(
                "2026-03-12", {"2026-03-12-ins-resultat.yaml": ins_outcome("conforme")}
            ),
        ),
        {("SEG-CYC-013", "2026-03-12-ins-resultat.yaml", 2)},
    ),
    "audit d'une autre version que la version référencée": (
        "base",
        lambda s: s.events(
            "2026-03-06",
            {"2026-03-06-audit.yaml": event("audit", version="9.9", resultat="conforme")},
        ),
        {("SEG-CYC-020", "2026-03-06-audit.yaml", 1), ("SEG-CYC-032", "2026-03-06-audit.yaml", 2)},
    ),
    "complément demandé sans message": (
        "admin",
        lambda s: s.events(
            "2026-03-03",
            {
                "2026-03-03-validation-administrative.yaml": event(
                    "validation-administrative", resultat="complement-demande"
                )
            },
        ),
        {("SEG-CYC-023", "2026-03-03-validation-administrative.yaml", 2)},
    ),
}
