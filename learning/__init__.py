"""Learning and the action plan: the only code that records lessons, recommendations, actions
and their progress, so that every screen (admin, portal, a meeting's minutes later) keeps the
same rules: an action is complete only with an outcome; an overdue action is one past its
target date and not complete."""
from datetime import date

from sqlalchemy import select

from models import (Action, ActionStatus, ActionUpdate, Agency, IMR, Lesson, LessonSource,
                    Recommendation, RecommendationScope, Theme, db)


class LearningError(ValueError):
    """A change refused by the rules, in words a coordinator understands."""


def add_lesson(review, text, source, user, agency=None, themes=()):
    """Record a lesson on ``review`` (at any stage). ``source``: a LessonSource (or its name)."""
    text = _required(text, "Enter the lesson")
    lesson = Lesson(review=review, text=text, source=LessonSource(source), agency=agency,
                    created_by=user, themes=list(themes))
    db.session.add(lesson)
    return lesson


def add_recommendation(review, text, scope=RecommendationScope.local, agencies=(),
                       national_bodies="", lessons=(), themes=(), multi_agency=None):
    text = _required(text, "Enter the recommendation")
    agencies = list(agencies)
    recommendation = Recommendation(
        review=review, text=text, scope=RecommendationScope(scope), agencies=agencies,
        national_bodies=(national_bodies or "").strip() or None, lessons=list(lessons),
        themes=list(themes),
        multi_agency=len(agencies) > 1 if multi_agency is None else bool(multi_agency))
    db.session.add(recommendation)
    return recommendation


def add_action(recommendation, action_to_take, lead_agency=None, owner=None, target_date=None,
               key_milestones=None, status=ActionStatus.not_started, outcome=None,
               completed_on=None):
    """Add one row of the action plan to ``recommendation``."""
    action = Action(recommendation=recommendation,
                    action_to_take=_required(action_to_take, "Enter the action to take"),
                    lead_agency=lead_agency, owner=owner, target_date=target_date,
                    key_milestones=key_milestones or None)
    set_status(action, status, outcome=outcome, completed_on=completed_on)
    db.session.add(action)
    return action


def set_status(action, status, outcome=None, completed_on=None, today=None):
    """Change an action's status; complete needs an outcome (given now or recorded before)."""
    status = ActionStatus(status)
    outcome = (outcome or "").strip() or action.outcome
    if status is ActionStatus.complete:
        if not outcome:
            raise LearningError("An action can only be marked complete with its outcome: "
                                "enter the outcome")
        action.completed_on = completed_on or action.completed_on or today or date.today()
    else:
        action.completed_on = None
    action.outcome = outcome or None
    action.status = status
    return action


def add_update(action, note, user, status=None, outcome=None, evidence=None, today=None):
    """A dated progress update (and optionally a new status, an outcome, an evidence file:
    ``evidence`` is the (key, name) the file store gave)."""
    today = today or date.today()
    note = _required(note, "Enter what progress has been made")
    if status:
        set_status(action, status, outcome=outcome, today=today)
    elif outcome:
        action.outcome = outcome.strip()
    key, name = evidence or (None, None)
    update = ActionUpdate(action=action, date=today, note=note, who=user, evidence_key=key,
                          evidence_name=name, status=ActionStatus(status) if status else None)
    db.session.add(update)
    return update


def is_overdue(action, today=None):
    today = today or date.today()
    return action.status is not ActionStatus.complete and (
        action.status is ActionStatus.overdue
        or (action.target_date is not None and action.target_date < today))


def mark_overdue(today=None):
    """Set every action past its target date (and not complete) to overdue; returns them."""
    today = today or date.today()
    late = db.session.scalars(select(Action).where(
        Action.target_date < today,
        Action.status.not_in([ActionStatus.complete, ActionStatus.overdue]))).all()
    for action in late:
        action.status = ActionStatus.overdue
    return late


def imr_recommendations(review):
    """The single-agency recommendations of the review's accepted or submitted IMRs not yet
    taken into its list: (form request, its agency, the text), one per non-empty line."""
    from models import FormRequest, FormStatus, FormType
    from models.form_request import SUBMITTED_STATES
    taken = {r.imr_request_id for r in review.recommendations if r.imr_request_id}
    found = []
    requests = db.session.scalars(select(FormRequest).where(
        FormRequest.review_id == review.id, FormRequest.form_type == FormType.imr,
        FormRequest.status.in_(SUBMITTED_STATES - {FormStatus.returned}))
        .order_by(FormRequest.id)).all()
    for request in requests:
        imr = db.session.scalar(select(IMR).where(IMR.request_id == request.id))
        if request.id in taken or imr is None or not (imr.recommendations or "").strip():
            continue
        for line in imr.recommendations.splitlines():
            line = line.strip(" -*•\t")
            if line:
                found.append((request, request.agency, line))
    return found


def take_imr_recommendations(review):
    """Take every IMR's single-agency recommendations into the review's list in one step."""
    taken = []
    for request, agency, text in imr_recommendations(review):
        recommendation = add_recommendation(review, text, RecommendationScope.local,
                                            agencies=[agency], multi_agency=False)
        recommendation.imr_request_id = request.id
        taken.append(recommendation)
    return taken


def minutes_link(minutes):
    """Where an item of approved minutes becomes a lesson (or, through a recommendation, an
    action): the review's learning page with the lesson's source set to the panel meeting."""
    from flask import url_for
    return url_for("learning.review_view", review_id=minutes.meeting.review_id,
                   source=LessonSource.panel_meeting.name) + "#lessons"


def ensure_themes():
    """The seeded reference list (the migration seeds it; a database emptied since gets it
    back): adds the themes of models.learning.THEMES that are missing."""
    from models.learning import THEMES
    present = set(db.session.scalars(select(Theme.name)))
    db.session.add_all(Theme(name=name) for name in THEMES if name not in present)
    db.session.flush()


def themes_by_ids(ids):
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not ids:
        return []
    return db.session.scalars(select(Theme).where(Theme.id.in_(ids))).all()


def agencies_by_ids(ids):
    ids = [int(i) for i in ids if str(i).isdigit()]
    if not ids:
        return []
    return db.session.scalars(select(Agency).where(Agency.id.in_(ids))).all()


def _required(text, message):
    text = (text or "").strip()
    if not text:
        raise LearningError(message)
    return text
