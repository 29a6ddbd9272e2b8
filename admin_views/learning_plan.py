"""The action plan page (grouped by theme and recommendation, overdue first, with its exports
as jobs), the learning library across every review the user may see, "seen before" and theme
suggestions as the page's script asks for them, and the review page's learning section."""
from datetime import date

from flask import jsonify, render_template, request, url_for
from flask_admin import expose
from markupsafe import Markup
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

import access
import audit
from admin_views import learning_forms as forms
from admin_views import review_page
from admin_views.base import checked_row, secured
from learning import is_overdue, plan, similar
from models import (Action, ActionStatus, AuditAction, Lesson, Recommendation, Review, db)
from models.learning import lesson_theme, recommendation_agency, recommendation_theme

PAGE_SIZE = 25
JOBS = ("learning.plan_xlsx", "learning.plan_docx", "learning.briefing")  # learning.exports


class PlanPages:
    """Mixed into LearningView (/admin/learning/)."""

    @expose("/review/<int:review_id>/plan/")
    @secured("action", access.READ, row=(Review, "review_id"))
    def plan_view(self, review_id):
        review = checked_row()
        audit.record(AuditAction.view, obj=review, changes={"page": "action plan"},
                     commit=True)
        today = date.today()
        groups = plan.grouped(plan.recommendations_of(review_id, _me()), today)
        overdue = [a for _, _, a in plan.rows(groups) if is_overdue(a, today)]
        return self.render("learning/plan.html", review=review,
                           groups=groups, overdue=overdue, today=today,
                           is_overdue=is_overdue, kinds=list(JOBS))

    @expose("/")
    @secured("lesson", access.READ)
    def index(self):
        form = forms.fill_choices(forms.LibraryForm(request.args))
        form.validate()
        page = max(request.args.get("page", 1, type=int) or 1, 1)
        found = library(form, page) if not form.errors else {"lessons": [], "recommendations":
                                                              [], "more": False}
        args = {k: v for k, v in request.args.items() if k != "page"}
        return self.render("learning/library.html", form=form, page=page, args=args, **found)

    @expose("/seen-before.json", methods=("POST",))
    @secured("recommendation", access.READ)
    def seen_before_json(self):
        form = forms.TextLookupForm()
        form.validate_on_submit()
        text, review_id = form.text.data, None if form.review_id.errors else form.review_id.data
        return jsonify(similar=[_as_json(item) for item in seen_before(text, review_id)])

    @expose("/suggest-themes.json", methods=("POST",))
    @secured("lesson", access.CREATE)
    def suggest_themes_json(self):
        text = forms.TextLookupForm().text.data
        themes = similar.suggest_themes(text) if len(text.split()) >= 3 else []
        return jsonify(themes=[{"id": t.id, "name": t.name} for t in themes])


def _me():
    from flask_security import current_user
    return current_user._get_current_object()


# -- seen before --------------------------------------------------------------------------------
def seen_before(text, review_id=None, exclude=None, limit=5):
    """The recommendations of other reviews the user may see most like ``text``, best first,
    each with its review and its actions' status: [(recommendation, score, statuses)]."""
    if not (text or "").strip():
        return []
    allowed = _visible_review_ids()
    ranked = similar.rank(Recommendation, text, allowed=allowed, exclude_review_id=review_id,
                          limit=limit + 1)
    ids = [i for i, _ in ranked if i != exclude][:limit]
    rows = {r.id: r for r in db.session.scalars(select(Recommendation).where(
        Recommendation.id.in_(ids)).options(selectinload(Recommendation.actions),
                                            selectinload(Recommendation.review)))}
    scores = dict(ranked)
    return [(rows[i], scores[i], _statuses(rows[i])) for i in ids if i in rows]


def _visible_review_ids():
    """None for a role that sees every review; else the ids of those the user may see."""
    condition = access.row_condition(Recommendation, _me())
    if condition is None:
        return None
    return set(db.session.scalars(select(Review.id).where(Review.id.in_(
        access.scope(select(Recommendation.review_id), Recommendation)))))


def _statuses(recommendation):
    counts = {}
    for action in recommendation.actions:
        counts[action.status.label] = counts.get(action.status.label, 0) + 1
    return counts


def _as_json(item):
    recommendation, score, statuses = item
    return {"id": recommendation.id, "text": recommendation.text,
            "review": recommendation.review.reference, "score": round(score, 2),
            "statuses": statuses,
            "url": url_for("learning.recommendation_view", recommendation_id=recommendation.id)}


# -- the library --------------------------------------------------------------------------------
def library(form, page):
    """Lessons and recommendations of every review the user may see, by the form's filters."""
    words = [w for w in (form.words.data or "").split() if w][:8]
    theme = int(form.theme.data) if (form.theme.data or "").isdigit() else None
    agency = int(form.agency.data) if (form.agency.data or "").isdigit() else None
    scope, status = form.scope.data or None, form.status.data or None
    recommendations = _recommendations(words, theme, agency, scope, status, page)
    lessons = [] if scope or status else _lessons(words, theme, agency, page)
    more = len(recommendations) > PAGE_SIZE or len(lessons) > PAGE_SIZE
    return {"recommendations": recommendations[:PAGE_SIZE], "lessons": lessons[:PAGE_SIZE],
            "more": more}


def _matching(column, words):
    return [func.lower(column).contains(word.lower(), autoescape=True) for word in words]


def _recommendations(words, theme, agency, scope, status, page):
    query = access.scope(select(Recommendation), Recommendation).where(
        *_matching(Recommendation.text, words))
    if theme:
        query = query.where(exists().where(recommendation_theme.c.recommendation_id
                                           == Recommendation.id,
                                           recommendation_theme.c.theme_id == theme))
    if agency:
        query = query.where(or_(
            exists().where(recommendation_agency.c.recommendation_id == Recommendation.id,
                           recommendation_agency.c.agency_id == agency),
            exists().where(Action.recommendation_id == Recommendation.id,
                           Action.lead_agency_id == agency)))
    if scope:
        query = query.where(Recommendation.scope == scope)
    if status:
        query = query.where(exists().where(Action.recommendation_id == Recommendation.id,
                                           Action.status == ActionStatus(status)))
    return db.session.scalars(query.options(
        selectinload(Recommendation.review), selectinload(Recommendation.themes),
        selectinload(Recommendation.actions)).order_by(Recommendation.id.desc())
        .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()


def _lessons(words, theme, agency, page):
    query = access.scope(select(Lesson), Lesson).where(*_matching(Lesson.text, words))
    if theme:
        query = query.where(exists().where(lesson_theme.c.lesson_id == Lesson.id,
                                           lesson_theme.c.theme_id == theme))
    if agency:
        query = query.where(Lesson.agency_id == agency)
    return db.session.scalars(query.options(
        selectinload(Lesson.review), selectinload(Lesson.themes), selectinload(Lesson.agency))
        .order_by(Lesson.id.desc()).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE + 1)).all()


# -- the review page's section ------------------------------------------------------------------
@review_page.section("learning", "Learning", needs="lesson", order=220, column="wide")
def learning_section(review, context):
    lessons = context["review_counts"]["lessons"]
    recommendations = db.session.scalars(access.scope(
        select(Recommendation), Recommendation).where(Recommendation.review_id == review.id)
        .options(joinedload(Recommendation.actions)).order_by(Recommendation.id)).unique().all()
    actions = [a for r in recommendations for a in r.actions]
    counts = {s: sum(a.status is s for a in actions) for s in ActionStatus}
    return Markup(render_template("learning/_section.html", review=review, lessons=lessons,
                                  recommendations=recommendations, actions=actions,
                                  counts=counts,
                                  overdue=sum(is_overdue(a) for a in actions),
                                  may_plan=access.allowed("action", access.READ)))
