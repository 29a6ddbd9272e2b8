"""Pages that list rows of several kinds cost the same number of SQL statements however many
rows they show: no query per row (N+1) on the review page, the forms grid, the side-by-side
reading, the answer and reminder lists, or the portal's task list."""
from datetime import date

from sqlalchemy import select

from dbtools import review_id, statements
from formtools import POLICE
from models import (Agency, FormReminder, FormRequest, FormStatus, FormType, FormVersion,
                    InvolvementReturn, MemberRole, ReminderKind, Review, ReviewMember,
                    ReviewStatusChange, User, VersionOutcome, db)
from models.mixins import utcnow
import world
from world import AT_HOME_OFFICE, DECISION_OVERDUE, GATHERING, MANAGER, NOT_COMMISSIONED, PUBLISHED

OWN = GATHERING
NEW_AGENCIES = ("Northshire Mental Health Partnership", "Northern Ambulance Service",
                "Probation Service North", "HMP Northgate", "Northshire Adult Social Care")
POLICE_ALSO_ASKED_ON = (AT_HOME_OFFICE, PUBLISHED, NOT_COMMISSIONED, DECISION_OVERDUE)


def add_rows(app):
    """More members, stage changes by other users, agencies' returns and police tasks."""
    with app.app_context():
        review = db.session.scalar(select(Review).where(Review.reference == OWN))
        users = db.session.scalars(select(User).where(User.id.not_in(
            select(ReviewMember.user_id).where(ReviewMember.review_id == review.id)))).all()
        for user in users:
            review.members.append(ReviewMember(user=user, role=MemberRole.observer))
            review.status_changes.append(ReviewStatusChange(
                from_status=review.status, to_status=review.status, user=user,
                changed_at=utcnow(), reason="Noted"))
        data = db.session.scalars(select(FormVersion.data).join(FormVersion.request).where(
            FormRequest.review_id == review.id,
            FormRequest.form_type == FormType.involvement)).first()
        for agency in db.session.scalars(select(Agency).where(Agency.name.in_(NEW_AGENCIES))):
            request = FormRequest(review=review, agency=agency, form_type=FormType.involvement,
                                  status=FormStatus.accepted, due_on=date.today())
            db.session.add_all([
                request, InvolvementReturn(request=request),
                FormVersion(request=request, number=1, data=data, submitted_at=utcnow(),
                            outcome=VersionOutcome.accepted),
                FormReminder(request=request, kind=ReminderKind.manual, sent_on=date.today())])
        police = db.session.scalar(select(Agency).where(Agency.name == POLICE))
        for other in db.session.scalars(select(Review).where(
                Review.reference.in_(POLICE_ALSO_ASKED_ON))):
            db.session.add(FormRequest(review=other, agency=police, form_type=FormType.imr,
                                       status=FormStatus.sent, due_on=date.today()))
        db.session.commit()


def costs(app, client, urls):
    return {url: statements(app, client, url) for url in urls}


def test_staff_pages_cost_the_same_for_more_rows(app, client, auth):
    rid = review_id(app, OWN)
    urls = [f"/admin/review/{rid}/", f"/admin/formrequest/review/{rid}/",
            f"/admin/formrequest/review/{rid}/compare/involvement/", "/admin/involvementreturn/",
            "/admin/formreminder/", "/admin/formrequest/"]
    auth.login(MANAGER)
    before = costs(app, client, urls)
    add_rows(app)
    assert costs(app, client, urls) == before


def test_the_portal_task_list_costs_the_same_for_more_tasks(app, client, auth):
    auth.login(world.POLICE)
    before = statements(app, client, "/portal/")
    add_rows(app)
    assert statements(app, client, "/portal/") == before
