"""What every typed answer model shares: one row per form request, and the list of its
questions (label, kind, whether submission needs it), used by the portal form, the side-by-side
reading and the frozen versions alike."""
from typing import NamedTuple

from models.mixins import LabelledEnum, TimestampMixin, enum_column
from models.scoping import RequestScoped


class Question(NamedTuple):
    key: str
    label: str
    kind: str = "textarea"  # textarea, text, date, int or choice
    hint: str = ""
    required: bool = True
    choices: type | None = None  # a LabelledEnum for kind "choice"


class Answer(LabelledEnum):
    yes = "yes", "Yes"
    no = "no", "No"
    not_known = "not_known", "Not known"


def answer_enum(cls=Answer):
    return enum_column(cls)


class AnswersMixin(RequestScoped, TimestampMixin):
    """One row of answers per form request (created when the agency first saves)."""
    QUESTIONS: tuple = ()
    ANALYSIS_AFTER: str | None = None  # the question the per-term analysis follows (IMR only)

    __request_unique__ = True

    def __str__(self):
        return str(self.request)

    def answers(self):
        return {q.key: getattr(self, q.key) for q in self.QUESTIONS}

    @classmethod
    def unanswered(cls, values):
        """Labels of the required questions that ``values`` (question key -> answer) leave
        blank."""
        return [q.label for q in cls.QUESTIONS if q.required and values.get(q.key) in (None, "")]

    def missing(self):
        """Labels of required questions still unanswered."""
        return self.unanswered(self.answers())
