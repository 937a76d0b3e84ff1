"""The SSI maturity questionnaire ("maturité SSI", §2.1 of the procedure).

Two files:
- the questions: `src/segur/repository/data/questionnaire-ssi.yaml`, the single editable source
  (`QuestionnaireSsi`);
- an editor's answers: `dossiers/<editeur>/<candidature>/questionnaire-ssi.yaml`
  (`ReponsesSsi`).

Answering every question with an allowed value is required for the completeness of a dossier.
The answers are INFORMATIVE ONLY: the procedure says the level obtained is not a referencing
criterion. No conformity rule reads them (only the questionnaire's own completeness rules do,
and a test guards that) and they are NEVER published: the publication model must not take them.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from segur.model.base import Model

QUESTIONNAIRE_FILE = "questionnaire-ssi.yaml"


class Question(Model):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    intitule: str = Field(min_length=1)
    reponses: list[str] = Field(min_length=2, description="valeurs de réponse autorisées")


class QuestionnaireSsi(Model):
    version: str = Field(min_length=1)
    titre: str = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)

    @field_validator("questions")
    @classmethod
    def _unique_ids(cls, questions: list[Question]) -> list[Question]:
        ids = [q.id for q in questions]
        doubles = sorted({i for i in ids if ids.count(i) > 1})
        if doubles:
            raise ValueError(f"identifiant(s) de question en double : {', '.join(doubles)}")
        return questions

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class ReponsesSsi(Model):
    """An editor's answers: question id -> allowed value (empty while not answered)."""

    reponses: dict[str, str | None] = Field(
        title="Réponses au questionnaire de maturité SSI",
        description="une réponse par question ; informatif uniquement, jamais publié",
    )
    commentaire: str | None = Field(default=None, title="Commentaire libre (facultatif)")
