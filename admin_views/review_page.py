"""The review page, /admin/review/<id>/: the centre of a review, built from sections that each
area registers (``SECTIONS``), and "what happens next": only the steps that can be taken now,
with the reason for each step that cannot yet.

Mixed into ``ReviewView`` so that it is guarded like every admin screen: the base view's
``_handle_view`` (role may READ reviews) and each page's ``@secured`` row (404 for a review
the user may not see; the page uses the row that check loaded). Acting also needs the action's
permission (403), checked after the row, so that a review one may not see answers 404
whatever the request."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from inspect import isfunction
from typing import Callable, NamedTuple

from flask import current_app, flash, redirect, render_template, url_for
from flask_admin import expose
from flask_security import current_user
from markupsafe import Markup
from sqlalchemy import func, select, true
from sqlalchemy.orm import joinedload, selectinload

import access
import audit
from admin_views import review_forms as forms
from admin_views.base import checked_row, secured, suffixed_ids
from lifecycle import actions, stages, timeline
from lifecycle.clocks import clocks, open_hold
from lifecycle.deadlines import periods
from models import (AgencyConsidered, AuditAction, ChronologyLink, HomeOfficeSubmission, Lesson,
                    LinkStatus, Person, Review, ReviewHold, ReviewMember, ReviewStatus,
                    ReviewStatusChange, TargetDateChange, db)

S = ReviewStatus
ACT_ON = {  # page action -> (resource, permission) it needs besides seeing the review
    "stage": ("review", access.EDIT),
    "hold": ("review_hold", access.CREATE),
    "resume": ("review_hold", access.EDIT),
    "submission": ("home_office_submission", access.CREATE),
    "outcome": ("home_office_submission", access.EDIT),
    "publication": ("review", access.EDIT),
}
FORMS = {"stage": forms.StageForm, "hold": forms.HoldForm, "resume": forms.ResumeForm,
         "submission": forms.SubmissionForm, "outcome": forms.OutcomeForm,
         "publication": forms.PublicationForm}
DECIDING = (S.commissioned, S.not_commissioned)
REVIEW = (Review, "review_id")  # the row every page here is about
# What the page lists, in as many statements however long the lists (members and the stage
# history name their users; the data return reads people's traits and the notifying agency).
# A statement joins at most one collection (the review's row its few parallel proceedings,
# people their traits, submissions their areas): joining a second would multiply the rows.
PAGE_LOAD = (selectinload(Review.holds).joinedload(ReviewHold.proceeding),
             selectinload(Review.submissions).joinedload(HomeOfficeSubmission.areas),
             selectinload(Review.people).joinedload(Person.traits),
             joinedload(Review.notifying_agency), joinedload(Review.proceedings),
             selectinload(Review.target_date_changes).joinedload(TargetDateChange.changed_by),
             selectinload(Review.agencies_considered).joinedload(AgencyConsidered.agency),
             selectinload(Review.family_contacts),
             selectinload(Review.members).joinedload(ReviewMember.user),
             selectinload(Review.status_changes).joinedload(ReviewStatusChange.user))


class Step(NamedTuple):
    """A step that is not a stage, named as the "not possible yet" list names stages."""
    value: str
    label: str


SUBMISSION_STEP = Step("submission", "Record the submission to the Home Office")
OUTCOME_STEP = Step("outcome", "Record the Home Office outcome")


# -- the sections -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Section:
    """One part of the review page. ``render(review, context)`` returns its HTML; the page
    shows it to users whose roles may ``action`` ``needs`` (rows stay scoped inside).
    ``steps``: the page actions the section offers, each -> (resource, permission) it needs
    besides seeing the review."""
    id: str
    title: str
    resource: str
    render: Callable
    order: int = 100
    column: str = "main"  # "top", "main" (left), "side" (right), "wide" (full width, below)
    action: str = access.READ
    steps: Mapping = field(default_factory=dict)

    def visible(self):
        return access.allowed(self.resource, self.action)


def section(id, title, needs="review", order=100, column="main", steps=None):
    """Declare a renderer ``render(review, context)`` a part of the review page, shown to
    roles that may read ``needs``; the page collects every declared section at start-up."""
    def declare(render):
        render.review_section = Section(id, title, needs, render, order, column,
                                        steps=steps or {})
        return render
    return declare


def template_section(id, title, needs, template, order, column="main", steps=None):
    """A section that is one template over the page's context."""
    return section(id, title, needs, order, column, steps)(
        lambda review, context: Markup(render_template(template, **context)))


def init_app(app, modules):
    """Collect the sections declared in ``modules`` (the admin areas' modules)."""
    sections = [value.review_section for module in modules for value in vars(module).values()
                if isfunction(value) and isinstance(getattr(value, "review_section", None),
                                                    Section)]
    app.extensions["review_sections"] = {s.id: s for s in sections}


def sections():
    """id -> Section: every part of the review page."""
    return current_app.extensions["review_sections"]


def act_on():
    """Page action -> (resource, permission) it needs besides seeing the review."""
    return {action: need for s in sections().values() for action, need in s.steps.items()}


header = template_section("header", "Stage and clocks", "review", "admin/review/_header.html",
                          0, "top")
next_steps_section = template_section(
    "next-steps", "What happens next", "review", "admin/review/_next_steps.html", 0, "side",
    steps=ACT_ON)
timeline_section = template_section("timeline", "Milestones", "review",
                                    "admin/review/_timeline.html", 10)
holds = template_section("holds", "Holds", "review_hold", "admin/review/_holds.html", 20)
home_office = template_section("home-office", "Home Office Quality Assurance Panel",
                               "home_office_submission", "admin/review/_home_office.html", 30)
people = template_section("people", "Members and people", "person",
                          "admin/review/_people.html", 40)
history = template_section("history", "Stage history", "review_status_change",
                           "admin/review/_history.html", 50)
chronology = template_section("chronology", "Chronology", "chronology_entry",
                              "chronology/_section.html", 200, "wide")
# "home-office-data", "family", "forms", "meetings", "learning", "report" and "exports" are
# declared by their areas' admin modules.


def sections_for(review, context):
    """(section, html) of the sections the user may see, in page order."""
    shown = sorted((s for s in sections().values() if s.visible()), key=lambda s: s.order)
    return [(section, section.render(review, context)) for section in shown]


# -- "what happens next" ---------------------------------------------------------------------
def _may(action):
    return access.allowed(*act_on()[action])


def _asks_decision_date(review, stage):
    return stage in DECIDING and review.decision_on is None


def _missing(review, stage):
    """What must happen before ``stage``, leaving out what the step's own form asks for."""
    missing = stages.refusals(review, stage)
    if _asks_decision_date(review, stage):
        missing = [m for m in missing if not m.startswith("the date of the decision")]
    return missing


def next_steps(review, failed=None):
    """The steps offered now and those not possible yet, each with its form (bound to the
    posted data when that post failed, so that nothing typed is lost)."""
    failed = failed or {}
    latest = stages.latest_submission(review)
    awaiting = latest if latest is not None and latest.outcome is None else None
    steps = {"decision": None, "stages": [], "blocked": [], "hold": None, "resume": None,
             "submission": None, "outcome": None, "publication": None}
    if _may("stage"):
        options = stages.next_stages(review)
        for stage in options:
            missing = _missing(review, stage)
            if stage in DECIDING and set(options) == set(DECIDING):
                continue  # asked as one question below
            if missing:
                steps["blocked"].append((stage, missing))
            else:
                form = failed.get(("stage", stage.value)) or forms.StageForm(
                    formdata=None, target=stage.value)
                steps["stages"].append((stage, suffixed_ids(form, stage.value)))
        if set(options) == set(DECIDING):
            form = failed.get(("stage", "decision")) or forms.DecisionStepForm(formdata=None)
            steps["decision"] = {"form": form, "asks_date": review.decision_on is None,
                                 "missing": {s.value: _missing(review, s) for s in DECIDING}}
    if _may("resume") and open_hold(review):
        steps["resume"] = failed.get(("resume",)) or forms.ResumeForm(
            formdata=None, ended_on=date.today())
    elif _may("hold") and review.status in stages.HOLDABLE:
        steps["hold"] = (failed.get(("hold",)) or forms.HoldForm(
            formdata=None, started_on=date.today())).for_review(review)
    if _may("outcome") and awaiting:
        missing = list(stages.outcome_missing(review))
        if missing:
            steps["blocked"].append((OUTCOME_STEP, missing))
        else:
            steps["outcome"] = (awaiting, failed.get(("outcome",)) or forms.OutcomeForm(
                formdata=None, outcome_on=date.today()))
    elif _may("submission") and review.decision.value == "commission":
        missing = list(stages.submission_missing(review))
        if missing:
            steps["blocked"].append((SUBMISSION_STEP, missing))
        else:
            steps["submission"] = failed.get(("submission",)) or forms.SubmissionForm(
                formdata=None, sent_on=date.today())
    if _may("publication") and stages.is_approved(review):
        steps["publication"] = failed.get(("publication",)) or forms.PublicationForm(
            formdata=None, published_on=review.published_on or date.today(),
            publication_url=review.publication_url)
    return steps


def load_for_page(review_id):
    """The review with everything its page lists (``PAGE_LOAD``)."""
    return db.session.scalar(select(Review).where(Review.id == review_id).options(*PAGE_LOAD))


def counted():
    """name -> (resource, model, condition): the counts of a review's rows sections show."""
    return {"lessons": ("lesson", Lesson, true()),
            "links_waiting": ("chronology_link", ChronologyLink,
                              ChronologyLink.status == LinkStatus.suggested)}


def review_counts(review_id):
    """The counts sections show (``counted``) that the user may read, each narrowed to the rows
    the user may see, in one statement."""
    counts = {name: access.scope(select(func.count(model.id)), model)
              .where(model.review_id == review_id, condition).scalar_subquery()
              for name, (resource, model, condition) in counted().items()
              if access.allowed(resource, access.READ)}
    values = db.session.execute(select(*counts.values())).one() if counts else ()
    return dict(zip(counts, values))


def page_context(review, failed=None):
    today = date.today()
    review_clocks = clocks(review, today, periods())
    context = {
        "review": review, "clocks": review_clocks, "today": today,
        "milestones": timeline.milestones(review, review_clocks),
        "history": list(reversed(review.status_changes)),
        "open_hold": open_hold(review),
        "may": {action: access.allowed(*need) for action, need in act_on().items()},
        "steps": next_steps(review, failed),
        "failed_forms": [form for form in (failed or {}).values()],
        "review_counts": review_counts(review.id),
    }
    context["sections"] = sections_for(review, context)
    return context


class ReviewPageMixin:
    @expose("/<int:review_id>/")
    @secured("review", access.READ, row=REVIEW, load=PAGE_LOAD)
    def page(self, review_id):
        review = checked_row()  # loaded with all its page lists
        audit.record(AuditAction.view, obj=review)
        page = self.render("admin/review/page.html", **page_context(review))
        db.session.commit()  # the view's audit row; after the page, so nothing loaded expires
        return page

    def _page(self, review_id, failed=None, status=200):
        return self.render("admin/review/page.html",
                           **page_context(load_for_page(review_id), failed)), status

    def _attempt(self, review_id, action, form, change, done, key=None):
        """Check the form; on a mistake (400) or a refused step (409) show the page again with
        the error summary or the reason, and what was typed; else make the change and say so."""
        review = checked_row()  # seen (404 first), then open to the action (403)
        failed = {key or (action,): form}
        if not form.validate_on_submit():
            return self._page(review_id, failed, 400)
        try:
            change(review, form)
            db.session.commit()
        except actions.Refused as refused:
            db.session.rollback()
            flash(f"Nothing changed. {refused}", "danger")
            return self._page(review_id, failed, 409)
        flash(done, "success")
        return redirect(url_for(".page", review_id=review_id))

    @expose("/<int:review_id>/stage", methods=["POST"])
    @secured(*ACT_ON["stage"], row=REVIEW)
    def change_stage(self, review_id):
        deciding = forms.StepForm().step.data == "decision"
        form = forms.DecisionStepForm() if deciding else forms.StageForm()
        key = ("stage", "decision" if deciding else form.target.data)
        return self._attempt(review_id, "stage", form, lambda review, form: (
            actions.change_status(review, form.target.data, _user(), form.reason.data,
                                  form.decision_on.data)), "Stage changed.", key)

    @expose("/<int:review_id>/hold", methods=["POST"])
    @secured(*ACT_ON["hold"], row=REVIEW)
    def put_on_hold(self, review_id):
        return self._attempt(review_id, "hold", forms.HoldForm(), lambda review, form: (
            actions.put_on_hold(review, form.hold_reason.data, form.started_on.data, _user(),
                                form.details.data,
                                home_office_told_on=form.home_office_told_on.data,
                                proceeding=form.chosen_proceeding(review))),
            "The review is on hold.")

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
                                   form.feedback.data, panel_on=form.panel_on.data,
                                   letter_on=form.letter_on.data, areas=form.area_lines())),
            "Home Office outcome recorded.")

    @expose("/<int:review_id>/publication", methods=["POST"])
    @secured(*ACT_ON["publication"], row=REVIEW)
    def record_publication(self, review_id):
        return self._attempt(review_id, "publication", forms.PublicationForm(),
                             lambda review, form: actions.record_publication(
                                 review, form.published_on.data, form.publication_url.data),
                             "Publication recorded.")


def _user():
    return current_user._get_current_object()
