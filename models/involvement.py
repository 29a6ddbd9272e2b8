"""The agency involvement (scoping) return: did the agency know those involved, and should it
write an IMR."""
from datetime import date

from sqlalchemy import Date, Text
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.form_answers import Answer, AnswersMixin, Question, answer_enum


class InvolvementReturn(AnswersMixin, db.Model):
    __tablename__ = "involvement_return"
    QUESTIONS = (
        Question("had_contact", "Did your agency have contact with the victim, the perpetrator "
                 "or their household in the scoping period?", "choice", choices=Answer),
        Question("victim_contact", "Contact with the victim", "choice", choices=Answer,
                 required=False),
        Question("perpetrator_contact", "Contact with the perpetrator", "choice",
                 choices=Answer, required=False),
        Question("children_contact", "Contact with the children of the household", "choice",
                 choices=Answer, required=False),
        Question("contact_from", "Earliest contact", "date", required=False),
        Question("contact_to", "Latest contact", "date", required=False),
        Question("people_known", "Who was known to your agency (by their role in the review)",
                 required=False),
        Question("contact_summary", "Summary of the contact"),
        Question("records_searched", "Records and systems searched"),
        Question("concerns", "Domestic abuse or safeguarding concerns recorded", required=False),
        Question("risk_assessments", "Risk assessments made",
                 hint="For example DASH or another risk assessment: when, and the level found.",
                 required=False),
        Question("referrals", "Referrals made",
                 hint="For example to MARAC, the MASH, adult or children's safeguarding, a "
                      "domestic abuse service.", required=False),
        Question("imr_recommended", "Should your agency write an IMR?", "choice",
                 choices=Answer),
        Question("imr_reasons", "Reasons", required=False),
        Question("immediate_learning", "Learning already identified, or action already taken",
                 required=False),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    had_contact: Mapped[Answer | None] = mapped_column(answer_enum())
    contact_from: Mapped[date | None] = mapped_column(Date)
    contact_to: Mapped[date | None] = mapped_column(Date)
    people_known: Mapped[str | None] = mapped_column(Text)
    contact_summary: Mapped[str | None] = mapped_column(Text)
    records_searched: Mapped[str | None] = mapped_column(Text)
    concerns: Mapped[str | None] = mapped_column(Text)
    victim_contact: Mapped[Answer | None] = mapped_column(answer_enum())
    perpetrator_contact: Mapped[Answer | None] = mapped_column(answer_enum())
    children_contact: Mapped[Answer | None] = mapped_column(answer_enum())
    risk_assessments: Mapped[str | None] = mapped_column(Text)
    referrals: Mapped[str | None] = mapped_column(Text)
    imr_recommended: Mapped[Answer | None] = mapped_column(answer_enum())
    imr_reasons: Mapped[str | None] = mapped_column(Text)
    immediate_learning: Mapped[str | None] = mapped_column(Text)
