"""Learning screens under /admin/learning/: a review's lessons and recommendations, one
recommendation (its actions and what earlier reviews recommended like it), one action (its
progress updates and evidence), and the themes list for admins. The plan page, the library
and the review page's section are in ``learning_plan``. Every page declares what it needs
(``@secured``); every query goes through ``access.scope``."""
from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_security import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
import audit
import learning
from admin_views import learning_forms as forms
from admin_views.base import (SecureModelView, SecureView, checked_row, secured,
                              suffixed_ids)
from admin_views.learning_plan import PlanPages, seen_before
from learning import similar, updates
from models import (Action, ActionUpdate, Agency, AuditAction, Lesson, LessonSource,
                    Recommendation, Review, Theme, User, db)

REVIEW = (Review, "review_id")
RECOMMENDATION = (Recommendation, "recommendation_id")
ACTION = (Action, "action_id")


class ThemeView(SecureModelView):
    name = "Themes"
    column_list = ("name", "description", "active")
    column_searchable_list = ("name",)
    form_columns = ("name", "description", "active")
    column_default_sort = "name"


class LearningView(PlanPages, SecureView):
    resource = "lesson"

    # -- a review's learning ------------------------------------------------------------------
    @expose("/review/<int:review_id>/")
    @secured("lesson", access.READ, row=REVIEW)
    def review_view(self, review_id):
        review = checked_row()
        audit.record(AuditAction.view, obj=review, changes={"page": "learning"}, commit=True)
        return self._review_page(review_id)

    def _review_page(self, review_id, lesson_form=None, recommendation_form=None, status=200):
        review = checked_row()
        lessons = db.session.scalars(access.scope(select(Lesson), Lesson).where(
            Lesson.review_id == review_id).options(selectinload(Lesson.themes),
                                                   selectinload(Lesson.agency))
            .order_by(Lesson.id)).all()
        recommendations = db.session.scalars(access.scope(
            select(Recommendation), Recommendation).where(
            Recommendation.review_id == review_id).options(
            selectinload(Recommendation.actions), selectinload(Recommendation.themes),
            selectinload(Recommendation.agencies)).order_by(Recommendation.id)).all()
        may = {"lesson": access.allowed("lesson", access.CREATE) and access.can_see_review(
                   review_id, action=access.CREATE, resource="lesson"),
               "recommendation": access.allowed("recommendation", access.CREATE)
               and access.can_see_review(review_id, action=access.CREATE,
                                         resource="recommendation")}
        if may["lesson"]:
            lesson_form = lesson_form or _new_lesson_form()
        if may["recommendation"]:
            recommendation_form = recommendation_form or forms.fill_choices(
                forms.RecommendationForm(formdata=None), review)
        imr = learning.imr_recommendations(review) if may["recommendation"] else []
        for form, suffix in ((lesson_form, "lesson"), (recommendation_form, "recommendation")):
            if form is not None:
                suffixed_ids(form, suffix)  # both forms have a text and themes
        return self.render("learning/review.html", review=review, lessons=lessons,
                           recommendations=recommendations, lesson_form=lesson_form,
                           recommendation_form=recommendation_form, imr=imr,
                           failed=[f for f in (lesson_form, recommendation_form)
                                   if f is not None and f.errors]), status

    @expose("/review/<int:review_id>/lessons/", methods=("POST",))
    @secured("lesson", access.CREATE, row=REVIEW)
    def add_lesson_view(self, review_id):
        review = checked_row()
        form = forms.fill_choices(forms.LessonForm())
        if not form.validate_on_submit():
            return self._review_page(review_id, lesson_form=form, status=400)
        lesson = learning.add_lesson(review, form.text.data, form.source.data, _user(),
                                     agency=_agency(form.agency.data),
                                     themes=learning.themes_by_ids(form.themes.data or []))
        db.session.commit()
        similar.queue_embedding(lesson)
        flash("Lesson added.", "success")
        return redirect(url_for(".review_view", review_id=review_id) + "#lessons")

    @expose("/review/<int:review_id>/recommendations/", methods=("POST",))
    @secured("recommendation", access.CREATE, row=REVIEW)
    def add_recommendation_view(self, review_id):
        review = checked_row()
        form = forms.fill_choices(forms.RecommendationForm(), review)
        if not form.validate_on_submit():
            return self._review_page(review_id, recommendation_form=form, status=400)
        lessons = [lesson for lesson in review.lessons if lesson.id in (form.lessons.data or [])]
        recommendation = learning.add_recommendation(
            review, form.text.data, form.scope.data,
            agencies=learning.agencies_by_ids(form.agencies.data or []),
            national_bodies=form.national_bodies.data, lessons=lessons,
            themes=learning.themes_by_ids(form.themes.data or []),
            multi_agency=form.multi_agency.data or len(form.agencies.data or []) > 1)
        db.session.commit()
        similar.queue_embedding(recommendation)
        flash("Recommendation added. Add its actions below.", "success")
        return redirect(url_for(".recommendation_view", recommendation_id=recommendation.id))

    @expose("/review/<int:review_id>/imr-recommendations/", methods=("POST",))
    @secured("recommendation", access.CREATE, row=REVIEW)
    def take_imr_view(self, review_id):
        review = checked_row()
        taken = learning.take_imr_recommendations(review)
        db.session.commit()
        similar.queue_embedding(*taken)
        flash(f"{len(taken)} single-agency recommendation(s) taken from the IMRs."
              if taken else "There were no IMR recommendations left to take.", "success")
        return redirect(url_for(".review_view", review_id=review_id) + "#recommendations")

    # -- one recommendation -------------------------------------------------------------------
    @expose("/recommendation/<int:recommendation_id>/")
    @secured("recommendation", access.READ, row=RECOMMENDATION)
    def recommendation_view(self, recommendation_id):
        item = checked_row()
        audit.record(AuditAction.view, obj=item, commit=True)
        return self._recommendation_page(recommendation_id)

    def _recommendation_page(self, recommendation_id, action_form=None, status=200):
        item = checked_row()
        actions = db.session.scalars(access.scope(select(Action), Action).where(
            Action.recommendation_id == item.id).order_by(Action.id)).all()
        may_add = access.allowed("action", access.CREATE) and access.can_see_review(
            item.review_id, action=access.CREATE, resource="action")
        if may_add:
            action_form = action_form or forms.fill_choices(forms.ActionForm(formdata=None))
        return self.render("learning/recommendation.html", item=item, actions=actions,
                           action_form=action_form,
                           similar=seen_before(item.text, item.review_id, exclude=item.id)), \
            status

    @expose("/recommendation/<int:recommendation_id>/actions/", methods=("POST",))
    @secured("action", access.CREATE, row=RECOMMENDATION)
    def add_action_view(self, recommendation_id):
        item = checked_row()
        form = forms.fill_choices(forms.ActionForm())
        if not form.validate_on_submit():
            return self._recommendation_page(recommendation_id, form, 400)
        try:
            learning.add_action(item, form.action_to_take.data, _agency(form.lead_agency.data),
                                owner=_owner(form.owner.data),
                                target_date=form.target_date.data,
                                key_milestones=form.key_milestones.data,
                                status=form.status.data, outcome=form.outcome.data)
        except learning.LearningError as refused:
            db.session.rollback()
            form.outcome.errors.append(str(refused))
            return self._recommendation_page(recommendation_id, form, 409)
        db.session.commit()
        flash("Action added to the plan.", "success")
        return redirect(url_for(".recommendation_view", recommendation_id=recommendation_id)
                        + "#actions")

    # -- one action ---------------------------------------------------------------------------
    @expose("/action/<int:action_id>/")
    @secured("action", access.READ, row=ACTION)
    def action_view(self, action_id):
        action = checked_row()
        audit.record(AuditAction.view, obj=action, commit=True)
        return self._action_page(action_id)

    def _action_page(self, action_id, update_form=None, status=200):
        action = checked_row()
        may_update = access.allowed("action_update", access.CREATE) and access.can_see_review(
            action.recommendation.review_id, action=access.CREATE, resource="action_update")
        if may_update and update_form is None:
            update_form = updates.blank_form(action)
        return self.render("learning/action.html", action=action, update_form=update_form,
                           updates=list(reversed(action.updates))), status

    @expose("/action/<int:action_id>/updates/", methods=("POST",))
    @secured("action_update", access.CREATE, row=ACTION)
    def add_update_view(self, action_id):
        action = checked_row()
        return updates.record_update(action, lambda form, status: self._action_page(
            action_id, form, status), url_for(".action_view", action_id=action_id))

    @expose("/evidence/<int:update_id>/")
    @secured("action_update", access.READ, row=(ActionUpdate, "update_id"))
    def evidence_view(self, update_id):
        update = checked_row()
        return updates.download_evidence(update)


def _agency(raw):
    return db.session.get(Agency, int(raw)) if raw and str(raw).isdigit() else None


def _owner(raw):
    return db.session.get(User, int(raw)) if raw and str(raw).isdigit() else None


def _user():
    return current_user._get_current_object()


def register(admin):
    admin.add_view(LearningView(name="Learning library", category="Learning",
                                endpoint="learning", url="/admin/learning"))
    admin.add_view(ThemeView(Theme, category="Learning", endpoint="theme"))


def _new_lesson_form():
    """An empty lesson form; "?source=panel_meeting" (from approved minutes) preselects where
    the lesson came from."""
    form = forms.fill_choices(forms.LessonForm(formdata=None))
    source = request.args.get("source")
    if source in LessonSource.__members__:
        form.source.data = source
    return form
