"""The chronology's actions shared by the portal and the admin: an import submits the agency's
request through the agency forms' workflow (its compare-and-set moves the revision once)."""
from sqlalchemy import select

from chronology import actions
from chronology_files import csv_bytes
from chronology_helpers import ask_for_chronologies
from models import ChronologyUpload, FormRequest, FormStatus, FormVersion, db
from test_chronology_portal import ROWS, _upload
from world import ON_HOLD, POLICE, POLICE_AGENCY


def test_an_import_submits_its_request_once_through_the_workflow(app, client, auth):
    rid = ask_for_chronologies(app, ON_HOLD, POLICE_AGENCY)[POLICE_AGENCY]
    auth.login(POLICE)
    _upload(client, rid, csv_bytes(ROWS))
    with app.test_request_context():
        upload = db.session.scalar(select(ChronologyUpload).where(
            ChronologyUpload.request_id == rid))
        revision, upload_id = upload.request.revision or 0, upload.id

        outcome = actions.import_upload(upload, None)

        assert outcome.done and outcome.message.startswith("2 entries imported")
    with app.app_context():
        request = db.session.get(FormRequest, rid)
        assert request.status is FormStatus.submitted and request.revision == revision + 1
        versions = db.session.scalars(select(FormVersion).where(
            FormVersion.request_id == rid)).all()
        assert len(versions) == 1 and versions[0].data["upload_id"] == upload_id
