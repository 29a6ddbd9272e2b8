"""The review page, /admin/review/<id>/: the centre of a review (clocks, timeline, members,
people, holds, Home Office submissions, stage history) and its actions.

Mixed into ``ReviewView`` so that it is guarded like every admin screen: the base view's
``_handle_view`` (role may READ reviews) and scoped ``get_one`` (404, audited, for a review
the user may not see). Acting also needs the action's permission in ``access.RULES`` (403),
checked after the row, so that a review one may not see answers 404 whatever the request."""
from datetime import date

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_security import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
import audit
from admin_views import review_forms as forms
from admin_views.base import secured
from lifecycle import actions, stages, timeline
from lifecycle.clocks import clocks, open_hold
from lifecycle.deadlines import periods
from models import (AuditAction, HoldReason, HomeOfficeOutcome, Review, ReviewMember,
                    ReviewStatusChange, db)

ACT_ON = {  # page action -> (resource, permission) it needs besides seeing the review
    "stage": ("review", access.EDIT),
    "hold": ("review_hold", access.CREATE),
    "resume": ("review_hold", access.EDIT),
    "submission": ("home_office_submission", access.CREATE),
    "outcome": ("home_office_submission", access.EDIT),
    "publication": ("review", access.EDIT),
}
REVIEW = (Review, "review_id")  # the row every page here is about


def _may(action):
    return access.allowed(*ACT_ON[action])


def load_for_page(review_id):
    """The review with everything its page lists, in as many statements however long the
    lists (members and the stage history name their users)."""
    return db.session.scalar(select(Review).where(Review.id == review_id).options(
        selectinload(Review.holds), selectinload(Review.submissions),
        selectinload(Review.people),
        selectinload(Review.members).joinedload(ReviewMember.user),
        selectinload(Review.status_changes).joinedload(ReviewStatusChange.user)))


FORMS = {"hold": forms.HoldForm, "resume": forms.ResumeForm,
         "submission": forms.SubmissionForm, "outcome": forms.OutcomeForm,
         "publication": forms.PublicationForm}


def action_forms(review, failed=None):
    """The action forms to render, empty (their defaults: today); ``failed`` is the form just
    posted and refused, under its key, so that what was typed is shown again with the error.
    Stage forms are keyed "stage-<target>"."""
    shown = {key: form_class(formdata=None) for key, form_class in FORMS.items()}
    shown.update({f"stage-{stage.value}": forms.StageForm(formdata=None)
                  for stage in stages.next_stages(review)})
    if failed is not None:
        shown.update([failed])
    return shown


def page_context(review, failed=None):
    today = date.today()
    review_clocks = clocks(review, today, periods())
    latest = stages.latest_submission(review)
    return {
        "review": review, "clocks": review_clocks, "today": today,
        "milestones": timeline.milestones(review, review_clocks),
        "history": list(reversed(review.status_changes)),
        "next_stages": [(stage, stages.refusals(review, stage))
                        for stage in stages.next_stages(review)],
        "open_hold": open_hold(review),
        "holdable": review.status in stages.HOLDABLE,
        "awaiting_outcome": latest if not list(stages.outcome_missing(review)) else None,
        "may_submit": not list(stages.submission_missing(review)),
        "forms": action_forms(review, failed),
        "approved": stages.is_approved(review),
        "hold_reasons": HoldReason.choices(), "outcomes": HomeOfficeOutcome.choices(),
        "may": {action: _may(action) for action in ACT_ON},
    }


class ReviewPageMixin:
    @expose("/<int:review_id>/")
    @secured("review", access.READ, row=REVIEW)
    def page(self, review_id):
        review = self.get_one(review_id)  # 404, audited, for a review the user may not see
        audit.record(AuditAction.view, obj=review, commit=True)
        return self.render("admin/review/page.html", **page_context(load_for_page(review_id)))

    def _acting_on(self, review_id, action):
        resource, permission = ACT_ON[action]
        return self.get_for(review_id, permission, resource)  # 404 first, then 403

    def _attempt(self, review_id, action, form, change, done):
        """Done: back to the page. Refused or unreadable: the page again, at once, with the
        message and the form as typed (nothing typed is lost)."""
        review = self._acting_on(review_id, action)
        if not form.validate_on_submit():
            flash(f"Nothing changed. {forms.errors_text(form)}", "danger")
        else:
            try:
                change(review, form)
                db.session.commit()
                flash(done, "success")
                return redirect(url_for(".page", review_id=review_id))
            except actions.Refused as refused:
                db.session.rollback()
                flash(f"Nothing changed. {refused}", "danger")
        key = f"stage-{request.form.get('target')}" if action == "stage" else action
        return self.render("admin/review/page.html", **page_context(
            load_for_page(review_id), failed=(key, form)))

    @expose("/<int:review_id>/stage", methods=["POST"])
    @secured(*ACT_ON["stage"], row=REVIEW)
    def change_stage(self, review_id):
        return self._attempt(review_id, "stage", forms.StageForm(), lambda review, form: (
            actions.change_status(review, form.target.data, _user(), form.reason.data,
                                  form.decision_on.data)), "Stage changed.")

    @expose("/<int:review_id>/hold", methods=["POST"])
    @secured(*ACT_ON["hold"], row=REVIEW)
    def put_on_hold(self, review_id):
        return self._attempt(review_id, "hold", forms.HoldForm(), lambda review, form: (
            actions.put_on_hold(review, form.hold_reason.data, form.started_on.data, _user(),
                                form.details.data)), "The review is on hold.")

    @expose("/<int:review_id>/resume", methods=["POST"])
    @secured(*ACT_ON["resume"], row=REVIEW)
    def take_off_hold(self, review_id):
        return self._attempt(review_id, "resume", forms.ResumeForm(), lambda review, form: (
            actions.take_off_hold(review, form.ended_on.data, _user(), form.reason.data)),
            "The review is off hold.")

    @expose("/<int:review_id>/submission", methods=["POST"])
    @secured(*ACT_ON["submission"], row=REVIEW)
    def record_submission(self, review_id):
        return self._attempt(review_id, "submission", forms.SubmissionForm(),
                             lambda review, form: actions.record_submission(
                                 review, form.sent_on.data),
                             "Submission to the Home Office recorded.")

    @expose("/<int:review_id>/outcome", methods=["POST"])
    @secured(*ACT_ON["outcome"], row=REVIEW)
    def record_outcome(self, review_id):
        return self._attempt(review_id, "outcome", forms.OutcomeForm(), lambda review, form: (
            actions.record_outcome(review, form.outcome.data, form.outcome_on.data,
                                   form.feedback.data)), "Home Office outcome recorded.")

    @expose("/<int:review_id>/publication", methods=["POST"])
    @secured(*ACT_ON["publication"], row=REVIEW)
    def record_publication(self, review_id):
        return self._attempt(review_id, "publication", forms.PublicationForm(),
                             lambda review, form: actions.record_publication(
                                 review, form.published_on.data, form.publication_url.data),
                             "Publication recorded.")


def _user():
    return current_user._get_current_object()
