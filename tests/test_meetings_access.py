"""Who reaches which meeting and paper: agency staff only the meetings their agency is invited
to and the papers shared with it (by id too), members their reviews' meetings, the pack exactly
the papers its asker may see, minutes approved by the review's chair only; and the daily
reminder of a missing paper, sent once."""
import html
import io
import re
import zipfile
from datetime import date, timedelta

from sqlalchemy import select

import jobs
from formtools import last_outbox_id, outbox
from meetings import papers
from meetings_helpers import document_id, meeting_id
from models import JobRun, Minutes, MeetingKind, db
from trust_forms import form_data
from world import (CHAIR_A, CHAIR_B, DUE_SOON, GATHERING, HEALTH, HOUSING, PANEL_A, PANEL_B,
                   POLICE)

PANEL, EVENT = MeetingKind.panel, MeetingKind.practitioner_event
POLICE_PAPER = "Police briefing note.txt"  # shared with the police only (and the chair)
HEALTH_PAPER = "Health IMR summary.txt"  # shared with health only
MEMBERS_PAPER = "Combined chronology summary.txt"
PANEL_PAPER = "Panel notes from the chair.txt"


def test_agency_staff_reach_only_their_meetings_and_papers(app, client, auth):
    past = meeting_id(app, GATHERING, PANEL, upcoming=False)
    upcoming = meeting_id(app, GATHERING, PANEL, upcoming=True)
    housing_event = meeting_id(app, DUE_SOON, EVENT, upcoming=False)
    auth.login(POLICE)
    home = client.get("/portal/")
    assert f"meeting-task-{upcoming}" in home.text and f"meeting-task-{past}" in home.text
    assert f"meeting-task-{housing_event}" not in home.text
    page = client.get(f"/portal/meetings/{past}")
    assert page.status_code == 200 and POLICE_PAPER in page.text
    assert MEMBERS_PAPER not in page.text and PANEL_PAPER not in page.text
    assert "The panel agreed the terms of reference" in page.text  # approved minutes
    assert client.get(f"/portal/meetings/{housing_event}").status_code == 404
    download = client.get(f"/documents/{document_id(app, POLICE_PAPER)}/download")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith("attachment")
    for other in (HEALTH_PAPER, MEMBERS_PAPER, PANEL_PAPER):
        assert client.get(f"/documents/{document_id(app, other)}/download").status_code == 404
    assert client.get(f"/admin/meetings/{past}/").status_code == 403
    answered = client.post(f"/portal/meetings/{upcoming}/answer", data=form_data(
        client.get(f"/portal/meetings/{upcoming}").text, {"response": "declined"},
        form_id="answer-form"))
    assert answered.status_code == 302
    assert "Declined" in client.get(f"/portal/meetings/{upcoming}").text

    auth.logout()
    auth.login(PANEL_B)  # a panel member of another review
    assert client.get(f"/admin/meetings/{past}/").status_code == 404
    assert client.get(f"/admin/meetings/{past}/calendar.ics").status_code == 404
    assert client.get(f"/documents/{document_id(app, MEMBERS_PAPER)}/download").status_code \
        == 404
    auth.logout()
    auth.login(PANEL_A)
    page = client.get(f"/admin/meetings/{past}/")
    assert page.status_code == 200 and MEMBERS_PAPER in page.text \
        and PANEL_PAPER in page.text
    assert POLICE_PAPER not in page.text
    review_page = client.get(f"/admin/review/{_review(app, GATHERING)}/")
    assert f"meeting-{past}" in review_page.text and "Not built yet. This part of the page " \
        "will hold panel" not in review_page.text


def _review(app, reference):
    from meetings_helpers import review_id
    return review_id(app, reference)


def packed_names(app, client, meeting):
    page = client.get(f"/admin/meetings/{meeting}/")
    started = client.post(f"/admin/meetings/{meeting}/pack",
                          data=form_data(page.text, form_id=None))
    assert started.status_code == 302
    page = client.get(f"/admin/meetings/{meeting}/")
    assert 'id="pack-download"' in page.text
    with app.app_context():
        record = db.session.scalars(select(JobRun).order_by(JobRun.id.desc())).first()
        record_id = record.id
    download = client.get(f"/admin/jobrun/{record_id}/download/")
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        return sorted(name.split(" ", 1)[1] for name in archive.namelist())


def test_the_pack_holds_exactly_the_papers_its_asker_may_see(app, client, auth):
    past = meeting_id(app, GATHERING, PANEL, upcoming=False)
    auth.login(PANEL_A)
    assert packed_names(app, client, past) == sorted([MEMBERS_PAPER, PANEL_PAPER])
    auth.logout()
    auth.login(CHAIR_A)  # the chair also reads papers shared with one agency
    assert packed_names(app, client, past) == sorted([MEMBERS_PAPER, PANEL_PAPER, POLICE_PAPER])


def test_minutes_are_approved_by_the_reviews_chair_then_locked_and_circulated(
        app, client, auth):
    event = meeting_id(app, DUE_SOON, EVENT, upcoming=False)
    auth.login(PANEL_B)
    page = client.get(f"/admin/meetings/{event}/")
    assert "approve-minutes" not in page.text
    token = form_data(page.text, form_id="attendance")["csrf_token"]
    assert client.post(f"/admin/meetings/{event}/minutes/approve",
                       data={"csrf_token": token}).status_code == 403
    auth.logout()
    auth.login(CHAIR_B)
    page = client.get(f"/admin/meetings/{event}/")
    since = last_outbox_id(app)
    approved = client.post(f"/admin/meetings/{event}/minutes/approve",
                           data=form_data(page.text, form_id="minutes-form"))
    assert approved.status_code == 302
    assert sorted(m.recipient for m in outbox(app, since)) == [CHAIR_B, HOUSING]  # attended
    assert all("practitioners described" not in m.body for m in outbox(app, since))
    page = client.get(f"/admin/meetings/{event}/")
    assert "minutes-approved" in page.text and 'id="minutes-form"' not in page.text
    with app.app_context():
        minutes = db.session.scalar(select(Minutes).where(Minutes.meeting_id == event))
        assert minutes.is_locked and minutes.circulated_at is not None
    # An item of the approved minutes becomes a lesson in one step: the review's learning page
    # with the lesson's source already set to the panel meeting.
    link = re.search(r'id="minutes-learning".*?href="([^"]+)"', page.text, re.S).group(1)
    lesson_page = client.get(html.unescape(link))
    assert lesson_page.status_code == 200
    assert form_data(lesson_page.text, form_id="lesson-form")["source"] == ["panel_meeting"]


def test_a_missing_paper_is_chased_once(app):
    upcoming = meeting_id(app, GATHERING, PANEL, upcoming=True)  # papers due in 7 days
    signoff = meeting_id(app, DUE_SOON, PANEL, upcoming=True)  # papers due in 2 days
    with app.app_context():
        assert "meetings.papers.remind_missing_papers" in jobs.registry().daily
        assert papers.missing_agencies(upcoming) == [_agency_id(POLICE)]  # health sent theirs
        assert papers.missing_agencies(signoff) == [_agency_id(HOUSING)]
        since = last_outbox_id(app)
        assert papers.remind_missing_papers(date.today()) == 1  # the sign-off's, due soon
        today = outbox(app, since)
        in_window = date.today() + timedelta(days=5)
        assert jobs.run_daily_tasks(in_window)["meetings.papers.remind_missing_papers"] == 1
        assert papers.remind_missing_papers(in_window) == 0  # never twice
        assert papers.remind_missing_papers(date.today()) == 0
    # The day's other tasks (action plan, report feedback) send their own reminders too.
    later = [m for m in outbox(app, today[-1].id) if "paper for" in m.subject]
    assert [m.recipient for m in today] == [HOUSING] and DUE_SOON in today[0].subject
    assert [m.recipient for m in later] == [POLICE]
    assert GATHERING in later[0].subject and HEALTH not in later[0].body


def _agency_id(email):
    from models import User
    return db.session.scalar(select(User.agency_id).where(User.email == email))


ADMIN_PAGES = ("", "edit", "calendar.ics")
ADMIN_POSTS = ("edit", "cancel", "invite", "papers", "attendance", "minutes",
               "minutes/approve", "pack")
PORTAL_POSTS = ("answer", "papers")


def test_every_meeting_page_refuses_another_review_or_agency(app, client, auth):
    from conftest import csrf_token
    from models import AuditEvent
    from world import ANALYST
    past = meeting_id(app, GATHERING, PANEL, upcoming=False)
    auth.login(PANEL_B)
    token = {"csrf_token": csrf_token(client.get("/admin/").text)}
    for page in ADMIN_PAGES:
        assert client.get(f"/admin/meetings/{past}/{page}").status_code == 404, page
    for action in ADMIN_POSTS:
        assert client.post(f"/admin/meetings/{past}/{action}", data=token).status_code \
            == 404, action
    assert client.get(f"/admin/meetings/review/{_review(app, GATHERING)}/new").status_code \
        == 404
    auth.logout()
    auth.login(PANEL_A)  # sees the meeting, may not change it
    token = {"csrf_token": csrf_token(client.get("/admin/").text)}
    for action in ("edit", "cancel", "invite", "papers", "attendance", "minutes"):
        assert client.post(f"/admin/meetings/{past}/{action}", data=token).status_code \
            == 403, action
    auth.logout()
    auth.login(HOUSING)  # not invited to the review's panel meetings
    token = {"csrf_token": csrf_token(client.get("/portal/").text)}
    assert client.get(f"/portal/meetings/{past}").status_code == 404
    for action in PORTAL_POSTS:
        assert client.post(f"/portal/meetings/{past}/{action}",
                           data={**token, "response": "accepted"}).status_code == 404, action
    auth.logout()
    auth.login(ANALYST)
    assert client.get(f"/documents/{document_id(app, MEMBERS_PAPER)}/download").status_code \
        == 403
    with app.app_context():
        refusals = db.session.scalar(select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action.in_(["not_found", "permission_denied"])))
    assert refusals >= len(ADMIN_PAGES) + len(ADMIN_POSTS) + 6
