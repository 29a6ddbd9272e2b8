"""Demo chronologies: three agencies on DHR-2026-001 and two on DHR-2026-003, each read from a
spreadsheet of its own layout through the importer, with one duplicate (police and health on
the same night) and one conflict (police and housing, days apart) for the chair."""
import csv
import io
from datetime import timedelta

from sqlalchemy import select

from chronology import links, uploads
from models import Agency, Review, User, db

POLICE, HEALTH, HOUSING = "Northshire Police", "Northshire NHS Foundation Trust", \
    "Northshire Homes"

# days before today, event, outcome; {v} and {p} are the victim's and perpetrator's names.
POLICE_ROWS = (
    (400, "Call from neighbour reporting shouting at the address of {v}.",
     "Officers attended; no offences disclosed."),
    (300, "Police attended after a 999 call: {v} assaulted by {p}, facial injuries. DASH "
          "risk assessment completed, high risk.", "Referred to MARAC; {p} arrested."),
    (250, "Rent arrears visit: {v} said {p} had damaged the front door during an argument.",
     "Repair logged; no referral made."),
    (120, "Domestic incident call-out: {p} refused to leave the address.",
     "Words of advice given."),
)
HEALTH_ROWS = (
    (300, "{v} attended A&E after a 999 call: assaulted by {p}, facial injuries.",
     "Treated and discharged; safeguarding referral made."),
    (200, "{v} did not attend her follow-up appointment at the fracture clinic.",
     "Letter sent offering a new appointment."),
)
HOUSING_ROWS = (
    (247, "Rent arrears visit: {v} said {p} had damaged the front door during an argument.",
     "Repair ordered and tenancy officer told."),
    (150, "Missed appointment for a tenancy review.", "Card left at the address."),
)
SECOND_REVIEW = (
    (POLICE, ((180, "MARAC meeting discussed {v}; safety plan agreed.", "Actions set."),
              (90, "Police attended after {p} breached a non-molestation order.",
               "{p} arrested and charged."))),
    (HEALTH, ((95, "{v} told her GP she felt unsafe at home.", "Referred to IDVA."),)),
)


def _csv(rows, today, names, title):
    """Each agency's own layout: a title row, then its own headings."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title])
    writer.writerow([])
    writer.writerow(["Date of contact", "Details", "Outcome", "Source / Ref"])
    for number, (days, event, outcome) in enumerate(rows, start=1):
        writer.writerow([(today - timedelta(days=days)).strftime("%d/%m/%Y"),
                         event.format(**names), outcome.format(**names), f"REF-{number:03d}"])
    return out.getvalue().encode("utf-8")


def _load_one(review, agency, rows, today, manager):
    victim, perpetrator = (p.real_name for p in review.people[:2])
    data = _csv(rows, today, {"v": victim, "p": perpetrator},
                f"{agency.name} chronology for {review.reference}")
    upload = uploads.receive(review, agency, io.BytesIO(data), f"{agency.name}.csv", manager)
    db.session.commit()
    upload = uploads.read_upload(upload, today=today)
    uploads.commit(upload, manager)


def load(today):
    reviews = {r.reference: r for r in db.session.scalars(select(Review))}
    agencies = {a.name: a for a in db.session.scalars(select(Agency))}
    manager = db.session.scalar(select(User).where(User.email == "manager@example.org"))
    first = reviews["DHR-2026-001"]
    for name, rows in ((POLICE, POLICE_ROWS), (HEALTH, HEALTH_ROWS), (HOUSING, HOUSING_ROWS)):
        _load_one(first, agencies[name], rows, today, manager)
    second = reviews["DHR-2026-003"]
    for name, rows in SECOND_REVIEW:
        _load_one(second, agencies[name], rows, today, manager)
    for review in (first, second):
        links.detect(review.id)
