"""In a real browser: the coordinator schedules a meeting, invites an agency user and adds a
paper shared with that agency; the agency user sees the meeting in the portal, accepts, and
downloads the paper."""
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from meetings_helpers import review_id
from models import Agency, Invitation, Response, User, db
from world import GATHERING, MANAGER, POLICE, POLICE_AGENCY

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)  # one backend is enough here
def test_schedule_invite_and_the_agency_accepts_and_downloads(app, signed_in_page):
    rid = review_id(app, GATHERING)
    with app.app_context():
        police = db.session.scalar(select(User.id).where(User.email == POLICE))
        agency = db.session.scalar(select(Agency.id).where(Agency.name == POLICE_AGENCY))
    on = date.today() + timedelta(days=20)
    page = signed_in_page(MANAGER)
    page.goto(f"/admin/review/{rid}/")
    page.click("#schedule-meeting")
    page.select_option("#kind", "scoping")
    for field, at in (("starts_at", "10:00"), ("ends_at", "12:30")):
        page.fill(f"#{field}", str(on.day))
        page.fill(f"#{field}-month", str(on.month))
        page.fill(f"#{field}-year", str(on.year))
        page.fill(f"#{field}-time", at)
    page.fill("#place", "Civic Centre")
    page.click("#meeting-save")
    page.wait_for_selector("#meeting-title")
    page.check(f"input[value='user-{police}']")
    page.click("#send-invitations")
    assert "Invitation sent to 1 people" in page.inner_text("main")
    page.set_input_files("#file", {"name": "scoping paper.pdf", "mimeType": "application/pdf",
                                   "buffer": PDF})
    page.select_option("#visibility", "agency")
    page.select_option("#agency", str(agency))
    page.click("#add-paper")
    assert "scoping paper.pdf added to the agenda" in page.inner_text("main")
    meeting = int(re.search(r"/admin/meetings/(\d+)/", page.url).group(1))

    portal = signed_in_page(POLICE)
    portal.click(f"#meeting-task-{meeting} a")
    portal.wait_for_selector("#meeting-title")
    assert "Scoping meeting for " + GATHERING in portal.inner_text("h1")
    portal.click("#answer-accept")
    assert "you will attend" in portal.inner_text("main")
    with portal.expect_download() as download:
        portal.click("#paper-list a")
    assert download.value.suggested_filename == "scoping paper.pdf"
    with open(download.value.path(), "rb") as received:
        assert received.read() == PDF
    with app.app_context():
        invitation = db.session.scalar(select(Invitation).where(
            Invitation.meeting_id == meeting, Invitation.user_id == police))
        assert invitation.response is Response.accepted
