"""The database and the domain model: one module per aggregate, re-exported here."""
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True)

from models.mixins import LabelledEnum, TimestampMixin  # noqa: E402
from models import scoping  # noqa: E402
from models.agency import Agency, Sector  # noqa: E402
from models.user import Role, User, WebAuthn, RoleName  # noqa: E402
from models.incident import (  # noqa: E402
    Region, CauseOfDeath, DeathLocation, INCIDENT_FLAGS, TargetDateChange, AgencyConsidered,
    ProceedingKind, ParallelProceeding,
)
from models.equality import (  # noqa: E402
    Sex, SexualOrientation, Religion, Ethnicity, Relationship, Verdict, MentalHealth,
    Vulnerability, TraitKind, PersonTrait, age_band,
)
from models.family import FamilyContact  # noqa: E402
from models.review import (  # noqa: E402
    Review, ReviewMember, Person, ReviewType, DeathType, ReviewStatus, Decision,
    MemberRole, PersonRole,
)
from models.review_status_change import ReviewStatusChange  # noqa: E402
from models.review_hold import ReviewHold, HoldReason  # noqa: E402
from models.home_office import (  # noqa: E402
    HomeOfficeSubmission, HomeOfficeOutcome, DevelopmentArea,
)
from models.reminder import ReminderSent, ClockName  # noqa: E402
from models.audit import AuditEvent, AuditAction  # noqa: E402
from models.outbox import OutboxAttachment, OutboxMessage, OutboxStatus  # noqa: E402
from models.job_run import JobRun, JobStatus  # noqa: E402
from models.terms_of_reference import TermOfReference  # noqa: E402
from models.form_request import (  # noqa: E402
    FormRequest, FormStatus, FormType, FormVersion, VersionOutcome, DISTRIBUTABLE_TYPES,
)
from models.form_reminder import FormReminder, ReminderKind  # noqa: E402
from models.form_attachment import FormAttachment  # noqa: E402
from models.form_answers import Answer, Question  # noqa: E402
from models.notification import NotificationForm, JusticeStatus  # noqa: E402
from models.involvement import InvolvementReturn  # noqa: E402
from models.imr import IMR, IMRAnalysis  # noqa: E402
from models.meeting import (  # noqa: E402
    Attendance, Invitation, Meeting, MeetingKind, MeetingStatus, Minutes, PaperPack,
    PaperReminder, Response,
)
from models.document import Document, Visibility  # noqa: E402
from models.report import (  # noqa: E402
    ReportDocument, ReportSection, SectionRevision, ReportComment, SectionPresence, SectionDraft,
    FeedbackRound, FeedbackAsk, FeedbackItem, FeedbackReminder,
)
from models.chronology import (  # noqa: E402
    ChronologyEntry, ChronologyLink, ChronologyMapping, ChronologyUpload, DatePrecision,
    LinkKind, LinkStatus, StagedEntry, UploadStatus,
)
from models.learning import (  # noqa: E402
    Action, ActionReminder, ActionStatus, ActionUpdate, Lesson, LessonSource, Recommendation,
    RecommendationScope, Theme,
)


def init_app(app):
    scoping.check_declared(db.Model.registry)  # an undeclared table never starts
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.config.get("MIGRATIONS_DIR", "migrations")))
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        _enable_sqlite_foreign_keys(app)


def _enable_sqlite_foreign_keys(app):
    from sqlalchemy import event

    with app.app_context():
        @event.listens_for(db.engine, "connect")
        def _fk_on(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()


__all__ = [
    "db", "migrate", "init_app", "LabelledEnum", "TimestampMixin", "Agency", "Sector", "Role",
    "User", "WebAuthn", "RoleName", "Review", "ReviewMember", "Person", "ReviewType",
    "DeathType", "ReviewStatus", "Decision", "MemberRole", "PersonRole", "ReviewStatusChange",
    "ReviewHold", "HoldReason", "HomeOfficeSubmission", "HomeOfficeOutcome", "ReminderSent",
    "ClockName", "AuditEvent", "AuditAction", "OutboxMessage", "OutboxStatus",
    "OutboxAttachment", "JobRun", "JobStatus",
    "TermOfReference", "FormRequest", "FormStatus", "FormType", "DISTRIBUTABLE_TYPES",
    "FormVersion", "VersionOutcome", "FormReminder", "ReminderKind", "FormAttachment", "Answer",
    "Question", "NotificationForm", "JusticeStatus", "InvolvementReturn", "IMR", "IMRAnalysis",
    "Attendance", "Invitation", "Meeting", "MeetingKind", "MeetingStatus", "Minutes",
    "PaperPack", "PaperReminder", "Response", "Document", "Visibility",
    "ReportDocument", "ReportSection", "SectionRevision", "ReportComment", "SectionPresence",
    "SectionDraft", "FeedbackRound", "FeedbackAsk", "FeedbackItem", "FeedbackReminder",
    "ChronologyEntry", "ChronologyLink", "ChronologyMapping", "ChronologyUpload",
    "DatePrecision", "LinkKind", "LinkStatus", "StagedEntry", "UploadStatus",
    "Region", "CauseOfDeath", "DeathLocation", "INCIDENT_FLAGS", "TargetDateChange",
    "AgencyConsidered", "ProceedingKind", "ParallelProceeding", "Sex", "SexualOrientation",
    "Religion", "Ethnicity", "Relationship", "Verdict", "MentalHealth", "Vulnerability",
    "TraitKind", "PersonTrait", "age_band", "FamilyContact", "DevelopmentArea",
    "Theme", "Lesson", "LessonSource", "Recommendation", "RecommendationScope", "Action",
    "ActionStatus", "ActionUpdate", "ActionReminder",
]
