"""The initial notification of a death: what the notifying agency knows on day one."""
from datetime import date

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models import db
from models.form_answers import Answer, AnswersMixin, Question, answer_enum
from models.mixins import LabelledEnum, enum_column
from models.equality import Sex
from models.review import DeathType


class JusticeStatus(LabelledEnum):
    investigating = "investigating", "Under police investigation"
    arrested = "arrested", "Suspect arrested / on bail"
    charged = "charged", "Suspect charged, awaiting trial"
    convicted = "convicted", "Convicted"
    no_further_action = "no_further_action", "No further action"
    suspect_deceased = "suspect_deceased", "Suspect deceased"
    inquest = "inquest", "Inquest only"
    not_known = "not_known", "Not known"


class NotificationForm(AnswersMixin, db.Model):
    __tablename__ = "notification_form"
    QUESTIONS = (
        Question("victim_name", "Name of the person who died", "text"),
        Question("victim_age", "Their age", "int", required=False),
        Question("victim_sex", "Their sex", "choice", choices=Sex, required=False),
        Question("date_of_death", "Date of death", "date"),
        Question("place_of_death", "Place of death", "text"),
        Question("victim_date_of_birth", "Date of birth of the person who died", "date",
                 required=False),
        Question("victim_address_area", "The area they lived in (town or district)", "text",
                 required=False),
        Question("death_type", "Type of death", "choice", choices=DeathType),
        Question("circumstances", "Circumstances, as far as known"),
        Question("suspect_name", "Suspected perpetrator (if any)", "text", required=False),
        Question("suspect_relationship", "Their relationship to the person who died", "text",
                 required=False),
        Question("suspect_age", "The suspect's age", "int", required=False),
        Question("suspect_sex", "The suspect's sex", "choice", choices=Sex, required=False),
        Question("suspect_deceased", "Has the suspect died?", "choice", choices=Answer,
                 required=False),
        Question("other_victims", "Other victims (injured or killed), if any", required=False),
        Question("children_in_household", "Were there children in the household?", "choice",
                 choices=Answer, required=False),
        Question("abuse_history", "Known history of domestic abuse",
                 hint="Reports, arrests, orders, disclosures: what your agency knows now.",
                 required=False),
        Question("marac", "Was the victim discussed at a MARAC?", "choice", choices=Answer,
                 required=False),
        Question("mappa", "Was the suspect managed under MAPPA?", "choice", choices=Answer,
                 required=False),
        Question("other_reviews", "Other reviews under consideration",
                 hint="A safeguarding adult review, child safeguarding practice review or "
                      "mental-health homicide review, if you know of one.", required=False),
        Question("agency_contact", "What is known of agencies' contact with those involved",
                 required=False),
        Question("justice_status", "Criminal justice status", "choice", choices=JusticeStatus),
        Question("notifier_name", "Your name", "text"),
        Question("notifier_role", "Your role", "text"),
        Question("notifier_phone", "Your telephone number", "text", required=False),
        Question("notifier_email", "Your e-mail address", "text"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    victim_name: Mapped[str | None] = mapped_column(String(160))
    victim_age: Mapped[int | None] = mapped_column(Integer)
    victim_sex: Mapped[Sex | None] = mapped_column(enum_column(Sex))
    date_of_death: Mapped[date | None] = mapped_column(Date)
    place_of_death: Mapped[str | None] = mapped_column(String(255))
    death_type: Mapped[DeathType | None] = mapped_column(
        enum_column(DeathType))
    circumstances: Mapped[str | None] = mapped_column(Text)
    suspect_name: Mapped[str | None] = mapped_column(String(160))
    suspect_relationship: Mapped[str | None] = mapped_column(String(120))
    victim_date_of_birth: Mapped[date | None] = mapped_column(Date)
    victim_address_area: Mapped[str | None] = mapped_column(String(160))
    suspect_age: Mapped[int | None] = mapped_column(Integer)
    suspect_sex: Mapped[Sex | None] = mapped_column(enum_column(Sex))
    suspect_deceased: Mapped[Answer | None] = mapped_column(answer_enum())
    other_victims: Mapped[str | None] = mapped_column(Text)
    children_in_household: Mapped[Answer | None] = mapped_column(answer_enum())
    abuse_history: Mapped[str | None] = mapped_column(Text)
    marac: Mapped[Answer | None] = mapped_column(answer_enum())
    mappa: Mapped[Answer | None] = mapped_column(answer_enum())
    other_reviews: Mapped[str | None] = mapped_column(Text)
    agency_contact: Mapped[str | None] = mapped_column(Text)
    justice_status: Mapped[JusticeStatus | None] = mapped_column(
        enum_column(JusticeStatus))
    notifier_name: Mapped[str | None] = mapped_column(String(160))
    notifier_role: Mapped[str | None] = mapped_column(String(160))
    notifier_phone: Mapped[str | None] = mapped_column(String(40))
    notifier_email: Mapped[str | None] = mapped_column(String(255))
