"""Reviews, their members and the people in them."""
from flask_admin.model.form import InlineFormAdmin
from wtforms.validators import ValidationError

from admin_views.base import SecureModelView
from models import Person, Review, ReviewMember


class PersonInline(InlineFormAdmin):
    form_columns = ("id", "role", "real_name", "pseudonym", "date_of_birth", "age", "sex",
                    "gender_identity", "ethnicity", "religion", "sexual_orientation",
                    "disability", "relationship_to_victim")
    form_label = "Person"


class ReviewView(SecureModelView):
    name = "Reviews"
    column_list = ("reference", "title", "review_type", "death_type", "notified_on",
                   "decision", "status")
    column_default_sort = ("notified_on", True)
    column_searchable_list = ("reference", "title")
    column_filters = ("status", "review_type", "death_type", "decision", "notified_on",
                      "date_of_death")
    column_labels = {"notified_on": "Notified", "decision_on": "Decision date",
                     "home_office_told_on": "Home Office told", "notifying_agency": "Notified by"}
    form_columns = ("reference", "title", "review_type", "death_type", "date_of_death",
                    "notified_on", "notifying_agency", "decision", "decision_on",
                    "decision_reasons", "home_office_told_on", "status")
    column_details_list = form_columns
    inline_models = (PersonInline(Person),)

    def on_model_change(self, form, model, is_created):
        if model.decision_on and model.notified_on and model.decision_on < model.notified_on:
            raise ValidationError("The decision date cannot be before the notification date.")


class ReviewMemberView(SecureModelView):
    name = "Members"
    column_list = ("review", "user", "role")
    column_filters = ("role", "review.reference")
    column_searchable_list = ("review.reference",)
    form_columns = ("review", "user", "role")
    form_ajax_refs = {"user": {"fields": ("email", "full_name"), "page_size": 10}}


class PersonView(SecureModelView):
    name = "People"
    column_list = ("review", "role", "pseudonym", "real_name", "age", "sex", "ethnicity")
    column_filters = ("role", "review.reference")
    column_searchable_list = ("pseudonym", "real_name")
    form_columns = ("review",) + PersonInline.form_columns[1:]


def register(admin):
    admin.add_view(ReviewView(Review, category="Reviews", endpoint="review"))
    admin.add_view(ReviewMemberView(ReviewMember, category="Reviews", endpoint="reviewmember"))
    admin.add_view(PersonView(Person, category="Reviews", endpoint="person"))
