"""Row scoping is declared by every model (``models.scoping``) and fails closed: the walk over
every mapped table, the start-up refusal of an undeclared one, and a table scoped through its
parent (a test-only meeting and its invitations) narrowed by access, found by review in the
audit log and by the scoping tests' own oracle."""
import pytest
from flask_login import login_user
from sqlalchemy import ForeignKey, MetaData, String, select
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

import access
import audit
from formtools import HOUSING, POLICE
from models import (NAMING, Agency, AuditEvent, FormRequest, FormStatus, Review, User, db,
                    scoping)
from models.scoping import CspLevel, ReviewScoped, Through, UndeclaredScope
from security_helpers import FOREIGN, OWN, rows_of_review
import world
from world import ADMIN, ANALYST, CHAIR_A, GATHERING, MANAGER, ON_HOLD, PANEL_A

ROLE_ACCOUNTS = {
    "admin": ADMIN, "review_manager": MANAGER,
    "chair": CHAIR_A, "panel_member": PANEL_A,
    "agency_user": world.POLICE, "analyst": ANALYST,
}


def mapped_models():
    return sorted((m.class_ for m in db.Model.registry.mappers), key=lambda c: c.__name__)


def test_every_mapped_table_declares_how_its_rows_belong():
    undeclared = []
    for model in mapped_models():
        try:
            scoping.root_scope(model)
        except UndeclaredScope as problem:
            undeclared.append(str(problem))
    assert not undeclared, undeclared
    mapped = {m.__table__.name for m in mapped_models()}
    secondaries = {r.secondary.name for m in mapped_models()
                   for r in db.inspect(m).relationships if r.secondary is not None}
    assert set(db.metadata.tables) <= mapped | secondaries, "a table no model maps or declares"


@pytest.mark.parametrize("role", sorted(ROLE_ACCOUNTS))
def test_role_by_table_matrix(app, role):
    """For each role and every mapped table: a role that is not CSP-wide is narrowed on every
    table that is not CSP-level, and chairs and panel members never reach another review's
    rows, whichever table a new area adds."""
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == ROLE_ACCOUNTS[role]))
        login_user(user)
        for model in mapped_models():
            condition = access.row_condition(model, user)
            root = scoping.root_scope(model)
            askers = root is scoping.BY_ASKER  # narrowed to its asker for every role
            if root is scoping.CSP_LEVEL or (role in access.CSP_WIDE and not askers):
                assert condition is None, (role, model.__name__)
                continue
            assert condition is not None, (role, model.__name__)
            if role in ("chair", "panel_member"):
                seen = set(db.session.scalars(access.scope(select(model.id), model)))
                assert not seen & set(rows_of_review(model, FOREIGN)), (role, model.__name__)


# -- a table scoped through its parent: test-only models on their own metadata -------------

class Scratch(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


for _table in (Agency.__table__, Review.__table__):
    _table.to_metadata(Scratch.metadata)  # so that the foreign keys below resolve


class ScratchMeeting(ReviewScoped, Scratch):
    __tablename__ = "scratch_meeting"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(80))
    # Review lives in the app's registry and table: join to it explicitly.
    review = relationship(Review, primaryjoin=lambda: Meeting.review_id == Review.id,
                          foreign_keys=lambda: [Meeting.review_id])


# Named apart from the real models.meeting classes: audit rows name a row by its class.
Meeting = ScratchMeeting


class ScratchInvitation(Scratch):
    __tablename__ = "scratch_invitation"
    __scope__ = Through("meeting")
    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("scratch_meeting.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    meeting = relationship(Meeting)


Invitation = ScratchInvitation
INVITATION_RULE = {access.ADMIN: access.ALL, access.MANAGER: access.ALL,
                   access.CHAIR: access.READ_ONLY, access.PANEL: access.READ_ONLY,
                   access.AGENCY: access.READ_ONLY}


@pytest.fixture
def meetings(app, monkeypatch):
    """A meeting on every review, each inviting the police and housing (ids by reference);
    a rule for the invitations like the one the meetings area will add."""
    monkeypatch.setitem(access.RULES, Invitation.__tablename__, INVITATION_RULE)
    tables = [Meeting.__table__, Invitation.__table__]
    with app.app_context():
        Scratch.metadata.create_all(db.engine, tables=tables)
        agencies = {a.name: a.id for a in db.session.scalars(select(Agency))}
        ids = {}
        for review in db.session.scalars(select(Review)):
            reference = review.reference
            meeting = Meeting(review_id=review.id, title=f"Panel of {reference}")
            invitations = [Invitation(meeting=meeting, agency_id=agencies[name])
                           for name in (POLICE, HOUSING)]
            db.session.add_all([meeting, *invitations])
            db.session.flush()
            ids[reference] = [i.id for i in invitations]
        db.session.commit()
    yield ids
    with app.app_context():
        Scratch.metadata.drop_all(db.engine, tables=tables)
        db.engine.dispose()


def visible_invitations(app, email):
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        login_user(user)
        return set(db.session.scalars(access.scope(select(Invitation.id), Invitation)))


def test_a_table_through_its_parent_is_narrowed_like_the_parent(app, meetings):
    chair_a = {GATHERING, ON_HOLD}  # the reviews chair.a sits on
    assert visible_invitations(app, CHAIR_A) == {
        i for reference in chair_a for i in meetings[reference]}
    assert visible_invitations(app, MANAGER) == {
        i for ids in meetings.values() for i in ids}
    assert visible_invitations(app, ANALYST) == set()  # no rule: no rows


def test_agency_users_reach_only_their_agencys_rows_through_a_parent(app, meetings):
    with app.app_context():
        asked = set(db.session.scalars(select(Review.reference).join(FormRequest).join(Agency)
                                       .where(Agency.name == POLICE,
                                              FormRequest.status != FormStatus.draft)))
    assert asked and set(meetings) - asked, "the police are asked about some reviews only"
    seen = visible_invitations(app, world.POLICE)
    assert seen == {meetings[reference][0] for reference in asked}  # police: invited first
    assert not seen & {ids[1] for ids in meetings.values()}  # never housing's invitation


def test_rows_through_a_parent_are_found_by_review(app, meetings):
    with app.app_context():
        assert rows_of_review(Invitation, OWN) == meetings[OWN]
        own = db.session.scalar(select(Review.id).where(Review.reference == OWN))
        logged = set(db.session.scalars(select(AuditEvent.object_id).where(
            AuditEvent.object_type == Invitation.__name__, AuditEvent.review_id == own)))
    assert logged == set(meetings[OWN])


def test_a_model_without_a_declaration_is_refused():
    class Loose(DeclarativeBase):
        pass

    class Minutes(Loose):
        __tablename__ = "scratch_minutes"
        id: Mapped[int] = mapped_column(primary_key=True)

    with pytest.raises(UndeclaredScope, match="Minutes"):
        scoping.check_declared(Loose.registry)
    with pytest.raises(UndeclaredScope, match="Minutes"):
        access.row_condition(Minutes, None)
    with pytest.raises(UndeclaredScope, match="Minutes"):
        audit._row(audit.AuditAction.view, obj=Minutes(id=1))


def test_a_declaration_must_name_a_parent_it_has():
    class Loose(DeclarativeBase):
        pass

    class Topic(CspLevel, Loose):
        __tablename__ = "scratch_topic"
        id: Mapped[int] = mapped_column(primary_key=True)
        notes = relationship("Note", back_populates="topic")

    class Note(Loose):
        __tablename__ = "scratch_note"
        __scope__ = Through("author")  # no such relationship
        id: Mapped[int] = mapped_column(primary_key=True)
        topic_id: Mapped[int] = mapped_column(ForeignKey("scratch_topic.id"))
        topic = relationship(Topic, back_populates="notes")

    Topic.__scope__ = Through("notes")  # one-to-many: not a parent
    with pytest.raises(UndeclaredScope) as refused:
        scoping.check_declared(Loose.registry)
    assert "'author'" in str(refused.value) and "'notes'" in str(refused.value)


def test_the_app_refuses_to_start_with_an_undeclared_model(app, monkeypatch):
    from app import create_app
    monkeypatch.setattr(Agency, "__scope__", None)  # as if a new model forgot to declare
    with pytest.raises(UndeclaredScope, match="Agency"):
        create_app(dict(app.config))


def test_rows_of_a_form_request_are_audited_with_its_review(app):
    """Reminders, answers, versions and files carry no review_id of their own."""
    from datetime import date

    from models import FormReminder, ReminderKind
    with app.app_context():
        request = db.session.scalar(select(FormRequest).join(Review).where(
            Review.reference == OWN))
        reminder = FormReminder(request_id=request.id, kind=ReminderKind.manual,
                                sent_on=date(2026, 1, 5))
        db.session.add(reminder)
        db.session.commit()
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "FormReminder", AuditEvent.object_id == reminder.id))
        assert event.review_id == request.review_id
