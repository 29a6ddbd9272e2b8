"""The Individual Management Review, under the Home Office headings (DESIGN section 5), with
one analysis answer per term of reference of the review."""
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import db
from models.form_answers import AnswersMixin, Question
from models.mixins import TimestampMixin
from models.scoping import RequestScoped


class IMR(AnswersMixin, db.Model):
    __tablename__ = "imr"
    QUESTIONS = (
        Question("author_name", "IMR author", "text"),
        Question("author_role", "Author's role", "text"),
        Question("independence_statement", "Independence statement",
                 hint="How the author is independent of the practice and line management "
                      "being reviewed."),
        Question("summary_of_involvement", "Summary of your agency's involvement"),
        Question("method", "How this IMR was written",
                 hint="The records read and the staff interviewed (by role).", required=False),
        Question("equality_diversity", "Equality and diversity",
                 hint="By protected characteristic (age, disability, sex, race, religion or "
                      "belief, sexual orientation, gender reassignment, pregnancy, marriage): "
                      "how each was considered in your agency's contact.", required=False),
        Question("good_practice", "Good practice"),
        Question("lessons", "Lessons learned"),
        Question("conclusions", "Conclusions", required=False),
        Question("recommendations", "Single-agency recommendations"),
    )
    ANALYSIS_AFTER = "summary_of_involvement"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_name: Mapped[str | None] = mapped_column(String(160))
    author_role: Mapped[str | None] = mapped_column(String(160))
    independence_statement: Mapped[str | None] = mapped_column(Text)
    summary_of_involvement: Mapped[str | None] = mapped_column(Text)
    good_practice: Mapped[str | None] = mapped_column(Text)
    lessons: Mapped[str | None] = mapped_column(Text)
    method: Mapped[str | None] = mapped_column(Text)
    equality_diversity: Mapped[str | None] = mapped_column(Text)
    conclusions: Mapped[str | None] = mapped_column(Text)
    recommendations: Mapped[str | None] = mapped_column(Text)


class IMRAnalysis(RequestScoped, TimestampMixin, db.Model):
    """The agency's analysis against one term of reference."""
    __tablename__ = "imr_analysis"
    __table_args__ = (UniqueConstraint("request_id", "term_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("term_of_reference.id", ondelete="CASCADE"))
    answer: Mapped[str | None] = mapped_column(Text)

    term = relationship("TermOfReference")

    def __str__(self):
        return f"{self.request} · {self.term}"
