"""The Home Office data collection return: the mapping file (every mapped field lands in its
column, a wrong field refused), the completeness check on the review page with links to where
each missing field is entered, the job through the job record, and the command line."""
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from dashboards import returns
from dbtools import review_id
from models import (Agency, FormRequest, FormStatus, FormType, HomeOfficeSubmission, JobRun,
                    JobStatus, Person, Review, db)
from models.home_office import HomeOfficeOutcome
from models.equality import (Ethnicity, MentalHealth, Relationship, Religion, Sex,
                             SexualOrientation, Verdict, Vulnerability)
from models.incident import INCIDENT_FLAGS, CauseOfDeath, DeathLocation, Region
from models.review import Decision, DeathType, PersonRole, ReviewStatus, ReviewType
from world import CHAIR_A, CHAIR_B, GATHERING, MANAGER, POLICE_AGENCY

pytestmark = [pytest.mark.both_backends, pytest.mark.dates]  # the dashboards' SQL

FORMULA = '=HYPERLINK("http://evil.example","x")'


def _complete_review():
    police = db.session.scalar(select(Agency).where(Agency.name == POLICE_AGENCY))
    review = Review(
        reference="FULL-1", title="Everything entered", review_type=ReviewType.joint_sar,
        death_type=DeathType.homicide_suicide, date_of_death=date(2025, 1, 2),
        notified_on=date(2025, 1, 31), notifying_agency=police, decision=Decision.commission,
        decision_on=date(2025, 2, 20), home_office_told_on=date(2025, 2, 21),
        scoping_start=date(2020, 1, 1), scoping_end=date(2025, 1, 2),
        status=ReviewStatus.published, published_on=date(2025, 11, 3),
        police_force_area=FORMULA, region=Region.north_west, victim_count=1,
        cause_of_death=CauseOfDeath.shooting, location_of_death=DeathLocation.residential,
        target_date=date(2026, 1, 31), ipv=True, stalking=True)
    review.submissions = [HomeOfficeSubmission(sent_on=date(2025, 8, 1),
                                               outcome=HomeOfficeOutcome.adequate)]
    victim = Person(role=PersonRole.victim, real_name="Never Exported", pseudonym="Adult Z",
                    age=40, sex=Sex.female, gender_identity="Woman",
                    sexual_orientation=SexualOrientation.bisexual, religion=Religion.christian,
                    ethnicity=Ethnicity.asian_indian, disability="None known",
                    relationship_to_victim="Self",
                    relationship_to_perpetrator=Relationship.spouse, verdict=Verdict.murder,
                    previous_offending=False, previous_victimisation=True)
    victim.mental_health = [MentalHealth.anxiety, MentalHealth.dementia]
    victim.vulnerabilities = [Vulnerability.alcohol]
    review.people = [victim]
    db.session.add(review)
    db.session.add(FormRequest(review=review, agency=police, form_type=FormType.imr,
                               status=FormStatus.accepted, due_on=date(2025, 4, 1)))
    db.session.commit()
    return review.id


EXPECTED = {  # sheet -> heading -> the value in the one row of FULL-1
    "Reviews": {
        "CSP": None, "Review reference": "FULL-1",
        "Review type": "Joint review with a safeguarding adult review",
        "Death type": "Homicide-suicide", "Date of death": date(2025, 1, 2),
        "Police force area": FORMULA, "Region": "North West", "Number of victims": 1,
        "Method of death": "Shooting", "Location of death": "Residential",
        **{label: "Yes" if name in ("ipv", "stalking") else "No"
           for name, label in INCIDENT_FLAGS},
        "Agreed target date": date(2026, 1, 31), "Date CSP notified": date(2025, 1, 31),
        "Notifying agency": POLICE_AGENCY, "Decision": "Commission a review",
        "Date of decision": date(2025, 2, 20), "Decision due": date(2025, 2, 28),
        "Date Home Office told of decision": date(2025, 2, 21),
        "Scoping period start": date(2020, 1, 1), "Scoping period end": date(2025, 1, 2),
        "Completion due (statutory, with holds)": date(2025, 8, 20), "Days on hold": 0,
        "Date first submitted to Home Office": date(2025, 8, 1),
        "Quality Assurance Panel outcome": "Content to publish", "Stage": "Published",
        "Date published": date(2025, 11, 3), "Number of agencies involved": 1},
    "Victims and perpetrators": {
        "Review reference": "FULL-1", "Victim or perpetrator": "Victim", "Age band": "35-44",
        "Sex": "Female", "Gender identity": "Woman", "Sexual orientation": "Bisexual",
        "Religion": "Christian", "Ethnicity": "Asian: Indian", "Disability": "None known",
        "Relationship to the victim": "Self",
        "Victim's relationship to the perpetrator": "Spouse or civil partner",
        "Mental health": "Anxiety; Dementia", "Vulnerabilities": "Alcohol",
        "Previous offending": "No", "Previous victimisation": "Yes",
        "Court verdict": "Murder"},
    "Agencies involved": {
        "Review reference": "FULL-1", "Agency": POLICE_AGENCY, "Sector": "Police",
        "Forms asked for": 1, "Forms returned": 1},
}


def _value(cell):
    value = cell.value
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def test_every_mapped_field_lands_in_its_column(app):
    from dashboards.jobs import write_return
    with app.app_context():
        made = _complete_review()
        assert returns.completeness(made) == []
        out = io.BytesIO()
        write_return(out, [made])
        _, sheets = returns.load()
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert [sheet.name for sheet in sheets] == list(EXPECTED)
    for sheet in sheets:
        rows = list(book[sheet.name].iter_rows())
        header = 1 if sheet.name == "Reviews" else 0  # the title line above the first sheet
        headings = [cell.value for cell in rows[header]]
        assert headings == [column.heading for column in sheet.columns]
        assert set(headings) == set(EXPECTED[sheet.name]), sheet.name
        [row] = rows[header + 1:]
        for heading, cell in zip(headings, row):
            assert _value(cell) == EXPECTED[sheet.name][heading], (sheet.name, heading)
            if isinstance(cell.value, str):
                assert cell.data_type == "s"  # text, never a formula
    assert "Never Exported" not in str([[c.value for c in r] for r in book["Victims and "
                                                                          "perpetrators"]])


def test_the_mapping_refuses_a_field_we_do_not_hold(tmp_path):
    for field, enter in (("review.nonsense", "review"), ("person.real_name", "person"),
                         ("derived.nothing", "review"), ("review.reference", "somewhere")):
        path = tmp_path / "mapping.toml"
        path.write_text(f'[[sheet]]\nname = "S"\nrows = "person"\n[[sheet.column]]\n'
                        f'heading = "H"\nfield = "{field}"\nenter = "{enter}"\n')
        with pytest.raises(returns.MappingError):
            returns.load(path)


def test_missing_fields_are_listed_with_where_to_enter_them(app, auth, client):
    target = review_id(app, GATHERING)
    with app.app_context():
        victim = db.session.scalar(select(Person).where(
            Person.review_id == target, Person.role == PersonRole.victim))
        victim.ethnicity = None
        db.session.get(Review, target).police_force_area = None
        db.session.commit()
        victim_id, label = victim.id, str(victim)
    auth.login(MANAGER)
    url = f"/admin/review/{target}/"
    section = client.get(url).text.split('id="exports"')[1]
    assert "Home Office data collection return" in section
    assert re.search(rf'{label}</td><td>Ethnicity</td>\s*<td><a href="/admin/person/edit/\?id='
                     rf'{victim_id}">Enter ethnicity', section)
    assert re.search(rf'Police force area</td>\s*<td><a href="/admin/review/edit/\?id={target}">',
                     section)
    with app.app_context():
        db.session.get(Person, victim_id).ethnicity = Ethnicity.white_british
        db.session.commit()
    section = client.get(url).text.split('id="exports"')[1]
    assert not re.search(rf"{label}</td><td>Ethnicity<", section)
    assert "Police force area</td>" in section


def test_the_return_is_made_as_a_job_and_refused_to_others(app, auth, client):
    auth.login(MANAGER)
    target = review_id(app, GATHERING)
    page = client.get(f"/admin/review/{target}/").text
    action = f"/admin/jobrun/start/exports.data_collection/{target}/"
    assert f'action="{action}"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    response = client.post(action, data={"csrf_token": token})
    assert response.status_code == 302 and f"/admin/review/{target}/" in response.location
    with app.app_context():
        record = db.session.scalar(select(JobRun).order_by(JobRun.id.desc()).limit(1))
        assert (record.kind, record.status) == ("exports.data_collection", JobStatus.done)
        record_id = record.id
    download = client.get(f"/admin/jobrun/{record_id}/download/")
    book = load_workbook(io.BytesIO(download.data))
    assert book.sheetnames == ["Reviews", "Victims and perpetrators", "Agencies involved"]
    assert list(book["Reviews"].values)[2][1] == GATHERING
    auth.logout()

    auth.login(CHAIR_A)  # reads the completeness of their review, may not export it
    page = client.get(f"/admin/review/{target}/").text
    assert 'id="exports"' in page and action not in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    assert client.post(action, data={"csrf_token": token}).status_code == 403
    assert client.get(f"/admin/jobrun/{record_id}/download/").status_code == 404
    auth.logout()
    auth.login(CHAIR_B)  # another chair's review: not even there
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/admin/", follow_redirects=True).text)[1]
    assert client.post(action, data={"csrf_token": token}).status_code == 404


def test_the_command_line_writes_one_review_or_a_period(app, tmp_path):
    runner = app.test_cli_runner()
    one = tmp_path / "one.xlsx"
    result = runner.invoke(args=["export", "data-collection", GATHERING, "--output", str(one)])
    assert result.exit_code == 0, result.output
    assert "1 review," in result.output and "missing: DHR-2026-001" in result.output
    assert list(load_workbook(one)["Reviews"].values)[2][1] == GATHERING
    period = tmp_path / "period.xlsx"
    with app.app_context():  # the calendar year GATHERING was notified in (the world moves)
        year = db.session.scalar(select(Review.notified_on).where(
            Review.reference == GATHERING)).year
    result = runner.invoke(args=["export", "data-collection", "--from", f"{year}-01-01", "--to",
                                 f"{year}-12-31", "--output", str(period)])
    assert result.exit_code == 0, result.output
    references = [row[1] for row in list(load_workbook(period)["Reviews"].values)[2:]]
    with app.app_context():
        expected = set(db.session.scalars(select(Review.reference).where(
            Review.notified_on.between(date(year, 1, 1), date(year, 12, 31)))))
    assert set(references) == expected and GATHERING in expected
    bad = runner.invoke(args=["export", "data-collection", "NOPE", "--output", str(one)])
    assert bad.exit_code != 0 and "No review NOPE" in bad.output


def test_a_periods_missing_fields_are_those_of_the_reviews_one_may_see(app, auth, client):
    auth.login(CHAIR_A)  # DHR-2026-001 and -002 only
    page = client.get("/admin/dashboards/data-collection/?notified_from=2020-01-01")
    assert page.status_code == 200
    listed = set(re.findall(r"<td>(DHR-[\d-]+)</td>", page.text))
    assert listed == {GATHERING, "DHR-2026-002"}
    auth.logout()
    auth.login(MANAGER)
    page = client.get("/admin/dashboards/data-collection/?notified_from=2020-01-01")
    assert len(set(re.findall(r"<td>(DHR-[\d-]+)</td>", page.text))) > 2
    assert re.search(r'id="period">\d+ reviews notified 1 Jan 2020', page.text)
