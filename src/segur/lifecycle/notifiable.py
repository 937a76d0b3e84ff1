"""The acts of the journal that ask something of the editor, hence are e-mailed once each.

The editor must answer a solicitation (on the administrative dossier or on a chapter) and a
request for a complement of the administrative dossier (§3.2), confirm and organise the INS
test day the ANS proposes (§3.4), may correct a chapter judged non conforme, and receives the
collège decision (§3.5.2). Every other act asks nothing of them: notifying it is an error
(SEG-CYC-016), as is notifying an act twice. `segur notify` sends the pending ones; the replay
and the state of a candidature read which were sent.
"""

from __future__ import annotations

from segur.lifecycle.progress import Progress
from segur.model.evenements import (
    DecisionCollege,
    InsProposition,
    Notification,
    Resultat,
    Sollicitation,
    ValidationAdministrative,
    Verdict,
)
from segur.repository.journal import JournalEvent

# For the messages: what may be notified, in the procedure's words.
NOTIFIABLE = (
    "une sollicitation, une demande de complément, une proposition de journée de test INS, "
    "un verdict non conforme ou la décision du collège"
)


def non_conformes(event: JournalEvent) -> list[str]:
    """The requirements a verdict finds non conforme (none for any other act)."""
    model = event.event
    if not isinstance(model, Verdict):
        return []
    return [req for req, result in model.exigences.items() if result is Resultat.NON_CONFORME]


def asks_editor(event: JournalEvent) -> bool:
    """Whether the act asks something of the editor (and is e-mailed to them once)."""
    model = event.event
    if isinstance(model, Sollicitation | InsProposition | DecisionCollege):
        return True
    if isinstance(model, ValidationAdministrative):
        return model.resultat == "complement-demande"
    return bool(non_conformes(event))


def notification_of(progress: Progress, name: str) -> JournalEvent | None:
    """The notification event that already names the act `name`, if any."""
    for event in progress.notifications:
        if isinstance(event.event, Notification) and event.event.evenement == name:
            return event
    return None
