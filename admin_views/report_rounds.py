"""Feedback rounds on the overview report: the chair opens one (agencies asked, due date) on
the report as it stands, sees every item the agencies sent in one place, and marks each dealt
with. What agencies see and send is portal/report.py."""
from flask import flash, redirect, url_for
from flask_admin import expose
from flask_security import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import StringField
from wtforms.validators import DataRequired, Length

import access
import audit
from admin_views.base import SecureView, checked_row, secured
from admin_views.report_forms import DealtForm
from agency_forms.fields import MultiCheckboxField
from wtforms.fields import SelectChoice
from dates import GovDateField
from models import Agency, AuditAction, FeedbackItem, FeedbackRound, Review, db
from report import feedback

REVIEW = (Review, "review_id")
ROUND = (FeedbackRound, "round_id")
ITEM = (FeedbackItem, "item_id")


class RoundForm(FlaskForm):
    title = StringField("Name of the round", [DataRequired("Enter a name for the round."),
                                              Length(max=200)],
                        default="Factual accuracy check")
    agencies = MultiCheckboxField("Agencies asked", [DataRequired("Choose at least one agency.")],
                                  coerce=int)
    due_on = GovDateField("Due date", [DataRequired()])


def round_form():
    form = RoundForm()
    agencies = db.session.scalars(select(Agency).where(Agency.active.is_(True))
                                  .order_by(Agency.name)).all()
    form.agencies.choices = [SelectChoice(a.id, a.name) for a in agencies]
    return form


class ReportRoundView(SecureView):
    resource = "feedback_round"

    def is_visible(self):
        return False

    @expose("/")
    @secured(None, None)
    def index(self):
        return redirect(url_for("admin.index"))  # reports are reached from each review

    @expose("/review/<int:review_id>/", methods=("GET", "POST"))
    @secured("feedback_round", access.CREATE, row=REVIEW)
    def open_view(self, review_id):
        review = checked_row()
        form = round_form()
        if form.validate_on_submit():
            round_ = feedback.open_round(review_id, form.title.data, form.due_on.data,
                                         form.agencies.data, current_user)
            db.session.commit()
            flash(f"Feedback round \u201c{round_.title}\u201d opened.", "success")
            return redirect(url_for(".round_view", round_id=round_.id))
        return self.render("report/round_open.html", review=review, form=form)

    @expose("/<int:round_id>/")
    @secured("feedback_round", access.READ, row=ROUND)
    def round_view(self, round_id):
        round_ = checked_row()
        audit.record(AuditAction.view, obj=round_, commit=True)
        return self.render("report/round.html", round=round_, review=round_.review,
                           items=feedback.items_of(round_id),
                           may_deal=access.allowed("feedback_item", access.EDIT))

    @expose("/item/<int:item_id>/dealt/", methods=("POST",))
    @secured("feedback_item", access.EDIT, row=ITEM)
    def dealt_view(self, item_id):
        item = checked_row()
        feedback.deal_with(item, current_user, DealtForm().response.data)
        db.session.commit()
        flash("Marked as dealt with.", "success")
        return redirect(url_for(".round_view", round_id=item.ask.round_id) + f"#item-{item_id}")


def register(admin):
    admin.add_view(ReportRoundView(name="Feedback rounds", endpoint="reportround",
                                   url="/admin/report-rounds"))
