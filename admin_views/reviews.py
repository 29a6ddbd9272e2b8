"""Reviews (list with stage and clocks, the review page), their members and the people in them."""
from datetime import date

from flask_security import current_user
from wtforms.validators import ValidationError

import access
from admin_views import review_list as listing
from admin_views.hodata_forms import (FAMILY_COLUMNS, INCIDENT_COLUMNS, INCIDENT_LABELS,
                                      PERSON_LABELS, PERSON_OVERRIDES,
                                      AgencyConsideredInline,
                                      FamilyContactInline, PersonInline, ProceedingInline,
                                      trait_fields)
from admin_views.base import SecureModelView
from admin_views import hodata_page
from admin_views.hodata_page import HoDataPageMixin
from admin_views.review_page import ReviewPageMixin
from lifecycle import actions, stages
from lifecycle.clocks import Periods
from models import AgencyConsidered, FamilyContact, ParallelProceeding, Person, Review, \
    ReviewMember


class ReviewListView(SecureModelView):
    """The list: stage, next deadline and days left, sortable and filterable in SQL."""
    column_list = ("reference", "title", "status", "next_deadline", "days_left", "review_type",
                   "notified_on")
    column_default_sort = [(listing.DEADLINE_ORDER, False)]
    column_sortable_list = ("reference", "title", "status", "review_type", "notified_on",
                            ("next_deadline", listing.DEADLINE_ORDER),
                            ("days_left", listing.DEADLINE_ORDER))
    column_searchable_list = ("reference", "title")
    column_filters = ("status", "review_type", "death_type", "decision", "notified_on",
                      "date_of_death", "region", "cause_of_death")
    named_filter_urls = True
    column_labels = {"status": "Stage", "notified_on": "Date notified",
                     "decision_on": "Decision date",
                     "home_office_told_on": "Home Office told", "notifying_agency": "Notified by",
                     "next_deadline": "Next deadline", "days_left": "Days left",
                     "published_on": "Published", "publication_url": "Publication link",
                     **INCIDENT_LABELS}
    column_formatters = {"reference": listing.reference_link,
                         "next_deadline": listing.next_deadline_text,
                         "days_left": listing.days_left_badge}
    column_formatters_export = {"next_deadline": listing.next_deadline_text,
                                "days_left": listing.days_left_export}
    column_export_list = column_list
    # Stage and deadlines are not typed in: the stage moves only through the review page.
    form_columns = ("reference", "title", "review_type", "death_type", "date_of_death",
                    "notified_on", "notifying_agency", "decision", "decision_on",
                    "decision_reasons", "home_office_told_on", "scoping_start", "scoping_end"
                    ) + INCIDENT_COLUMNS + FAMILY_COLUMNS
    # The incident's data is read on the review page (its "Home Office data" section).
    column_details_list = form_columns[:13] + ("status", "next_deadline", "target_date",
                                          "published_on", "publication_url")
    inline_models = (PersonInline(Person), AgencyConsideredInline(AgencyConsidered),
                     ProceedingInline(ParallelProceeding), FamilyContactInline(FamilyContact))

    def __init__(self, model, warning_days, **kwargs):
        self.column_filters = (self.column_filters[0], listing.DeadlineFilter(warning_days),
                               *self.column_filters[1:])
        super().__init__(model, **kwargs)

    def on_model_change(self, form, model, is_created):
        try:  # the life cycle's rules on dates (nothing in the future, ...) on every save
            if is_created:
                actions.record_creation(model, current_user._get_current_object())
            else:
                actions.check_dates(model)
        except actions.Refused as refused:
            raise ValidationError(str(refused)) from None


class ReviewView(HoDataPageMixin, ReviewPageMixin, ReviewListView):
    """/admin/review/: the list and, at /admin/review/<id>/, the review page."""


class MyReviewsView(ReviewListView):
    """The reviews the signed-in chair or panel member sits on (already scoped by access;
    narrowed here to their own memberships). Read-only: its own rule in access.RULES."""
    resource = "my_reviews"

    def _narrow(self, query):
        return query.filter(Review.id.in_(access.member_review_ids(current_user)))


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
    column_labels = PERSON_LABELS
    form_extra_fields = trait_fields()
    form_overrides = PERSON_OVERRIDES

    def on_model_change(self, form, model, is_created):
        missing = stages.not_future(model.date_of_birth, "a date of birth", date.today())
        if missing:
            raise ValidationError(stages.refusal_message("save this person", missing))


def register(admin):
    hodata_page.init_jinja(admin.app)
    warning_days = Periods.from_config(admin.app.config).warning_days
    admin.add_view(ReviewView(Review, warning_days, name="Reviews", category="Reviews",
                              endpoint="review"))
    admin.add_view(MyReviewsView(Review, warning_days, name="My reviews", category="Reviews",
                                 endpoint="myreviews", url="/admin/my-reviews"))
    admin.add_view(ReviewMemberView(ReviewMember, category="Reviews", endpoint="reviewmember"))
    admin.add_view(PersonView(Person, category="Reviews", endpoint="person"))
