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

from segur.model.base import Code, Identifiant, Message, Model, Texte, TexteFacultatif

QUESTIONNAIRE_FILE = "questionnaire-ssi.yaml"
# Bounds: the questionnaire of 2024 has 10 questions of 3 answers each; a questionnaire of 200
# questions would take an editor a day, and a question offers a handful of answers.
MAX_QUESTIONS = 200
MAX_REPONSES = 20


class Question(Model):
    id: Code
    intitule: Message
    reponses: list[Code] = Field(
        min_length=2, max_length=MAX_REPONSES, description="valeurs de réponse autorisées"
    )


class QuestionnaireSsi(Model):
    version: Identifiant
    titre: Texte
    questions: list[Question] = Field(min_length=1, max_length=MAX_QUESTIONS)

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

    # Which question and which answer is the questionnaire rules' judgement (SEG-ADM-028 to
    # 030), with the allowed values in the message; the model only refuses what no rule should
    # echo: control characters, bidirectional overrides, oversized keys, values or mappings.
    reponses: dict[Texte, TexteFacultatif | None] = Field(
        max_length=MAX_QUESTIONS,
        title="Réponses au questionnaire de maturité SSI",
        description="une réponse par question ; informatif uniquement, jamais publié",
    )
    commentaire: Message | None = Field(default=None, title="Commentaire libre (facultatif)")
