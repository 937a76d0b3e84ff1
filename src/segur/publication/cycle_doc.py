"""The generated part of `docs/cycle-de-vie.md`: the state diagram (Mermaid), the states and the
lifecycle rules, all from the code (`TRANSITIONS`, `Etat`, the rule registry), so that the
documentation cannot drift from what `segur` does (a test compares them).
"""

from __future__ import annotations

from segur.findings.finding import Severity
from segur.findings.registry import all_rules
from segur.lifecycle.analysis import ANS, EDITEUR, TRANSITIONS, Etat

BEGIN = (
    "<!-- début du bloc généré par « segur etats --doc docs/cycle-de-vie.md » : "
    "ne pas modifier à la main -->"
)
END = "<!-- fin du bloc généré -->"

# Who is expected to act in each state (the next action depends on the files; see the text).
SIDE = {
    Etat.BROUILLON: EDITEUR,
    Etat.DEPOSE: ANS,
    Etat.SOUS_SOLLICITATION: EDITEUR,
    Etat.REJETEE: "personne (close)",
    Etat.EN_INSTRUCTION: f"{ANS} ou {EDITEUR}",
    Etat.INS_A_PLANIFIER: f"{ANS} (proposition), puis {EDITEUR} (confirmation)",
    Etat.INS_PLANIFIEE: f"{EDITEUR} (journée de test), puis {ANS} (résultat)",
    Etat.CONFORME: EDITEUR,
    Etat.CONVENTION_SIGNEE: f"{ANS} (collège)",
    Etat.REFUSEE: f"{ANS} (notification), puis close",
    Etat.ATTRIBUEE: f"{ANS} (signature de la direction)",
    Etat.REFERENCEE: f"{ANS} (notification), puis close",
}


def _id(etat: Etat | None) -> str:
    return "[*]" if etat is None else etat.name


def mermaid() -> str:
    lines = ["```mermaid", "stateDiagram-v2"]
    lines += [f'    state "{etat.value}" as {etat.name}' for etat in Etat]
    for source, target, label in TRANSITIONS:
        arrow = f"    {_id(source)} --> {_id(target)}"
        lines.append(f"{arrow} : {label}" if label else arrow)
    lines.append("```")
    return "\n".join(lines)


def generated_block() -> str:
    lines = [BEGIN, "", mermaid(), "", "| état | qui doit agir |", "|---|---|"]
    lines += [f"| {etat.value} | {SIDE[etat]} |" for etat in Etat]
    lines += ["", "| règle | gravité | contrôle |", "|---|---|---|"]
    for rule in all_rules():
        if rule.id.startswith("SEG-CYC-"):
            severity = "erreur" if rule.severity is Severity.ERROR else "avertissement"
            lines.append(f"| `{rule.id}` | {severity} | {rule.title} |")
    lines += ["", END]
    return "\n".join(lines)


def update(text: str) -> str:
    """`text` with its generated block replaced (appended when it has none)."""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        return before + generated_block() + after
    return text.rstrip("\n") + "\n\n" + generated_block() + "\n"
