"""Migration 0006_hodata on both backends: the free text the choice lists replace becomes a
choice when it matches one and is kept word for word otherwise; the review types of the name
(DHR, DARDR) become standalone reviews. Rows as 0005 left them, migrated up."""
import pytest
from alembic import command
from sqlalchemy import select, text

from models import Ethnicity, Person, Review, ReviewType, Sex, db

pytestmark = pytest.mark.both_backends  # migrations

NOW = "2026-01-02 03:04:05"
REVIEW = ("INSERT INTO review (reference, title, review_type, notified_on, decision, status, "
          "created_at, updated_at) VALUES (:reference, 'Old', :type, '2026-01-01', 'pending', "
          "'notified', :now, :now)")
PERSON = ("INSERT INTO person (review_id, role, real_name, sex, ethnicity, religion, "
          "created_at, updated_at) VALUES ((SELECT id FROM review WHERE reference = :reference),"
          " 'victim', 'Old Name', :sex, :ethnicity, :religion, :now, :now)")


def test_free_text_becomes_choices_and_nothing_typed_is_lost(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config("migrations")
        db.session.remove()
        command.downgrade(config, "0005_scoping_period")
        with db.engine.begin() as connection:
            for reference, kind in (("OLD-1", "dardr"), ("OLD-2", "joint"), ("OLD-3", "dhr")):
                connection.execute(text(REVIEW), {"reference": reference, "type": kind,
                                                  "now": NOW})
            connection.execute(text(PERSON), {"reference": "OLD-1", "sex": " female ",
                                              "ethnicity": "White British", "religion": "Pagan",
                                              "now": NOW})
        command.upgrade(config, "head")
        types = dict(db.session.execute(select(Review.reference, Review.review_type).where(
            Review.reference.like("OLD-%"))).all())
        assert types == {"OLD-1": ReviewType.standalone, "OLD-2": ReviewType.joint_sar,
                         "OLD-3": ReviewType.standalone}
        person = db.session.scalar(select(Person).where(Person.real_name == "Old Name"))
        assert (person.sex, person.ethnicity, person.religion) == (
            Sex.female, Ethnicity.white_british, None)
        assert person.equality_notes == "religion: Pagan"
        db.session.remove()
        db.engine.dispose()
