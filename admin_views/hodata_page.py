"""The review page's Home Office parts (issue 14): the incident and the data the Home Office
collects, the agreed target date and its history, parallel proceedings, agencies considered,
family involvement, and the steps: the dates the Home Office was told, a direction to review,
the panel's letter and its areas for final development, copies to the Library and the
Commissioner. Mixed into ``ReviewView`` like ``ReviewPageMixin`` (same guard: the review's
row first, 404, then the action's permission, 403)."""
from flask import abort, current_app
from flask_admin import expose

import access
import filestore
from admin_views import hodata_steps as steps
from admin_views.base import checked_row, secured, suffixed_ids
from admin_views.review_page import REVIEW, _user, template_section
from hodata import records
from hodata.records import DIRECTABLE, flags_of, prompts
from lifecycle import actions, stages
from models import Decision

AREA = "reviews"  # the file store's area of review documents (letters)
STEPS = {  # the review page's Home Office steps -> (resource, permission) besides the review
    "target_date": ("review", access.EDIT),
    "told": ("review", access.EDIT),
    "direction": ("review", access.EDIT),
    "copies": ("review", access.EDIT),
    "hold_told": ("review_hold", access.EDIT),
    "letter": ("home_office_submission", access.EDIT),
    "area_done": ("development_area", access.EDIT),
}
home_office_data = template_section("home-office-data", "Home Office data", "review",
                                    "admin/review/_hodata.html", 15, steps=STEPS)
family = template_section("family", "Family involvement", "family_contact",
                          "admin/review/_family.html", 45)


# -- what the templates read ------------------------------------------------------------------
def _form(failed_forms, form_class, **defaults):
    """The form as posted when its step failed (what was typed kept), else a fresh one."""
    for form in failed_forms or ():
        if type(form) is form_class:
            return form
    return form_class(formdata=None, **defaults)


def hodata_steps(review, failed_forms=()):
    """The Home Office step forms the user may use now, for the templates."""
    may = {action: access.allowed(*need) for action, need in STEPS.items()}
    latest = stages.latest_submission(review)
    offered = {
        "target_date": may["target_date"] and _form(
            failed_forms, steps.TargetDateForm, target_date=review.target_date),
        "told": may["told"] and "told" in prompts(review) and _form(failed_forms, steps.ToldForm),
        "direction": (may["direction"] and review.status in DIRECTABLE
                      and review.decision is Decision.no_review
                      and _form(failed_forms, steps.DirectionForm)),
        "letter": (may["letter"] and latest is not None and latest.outcome is not None
                   and _form(failed_forms, steps.LetterForm, letter_on=latest.letter_on)),
        "copies": may["copies"] and review.published_on is not None and _form(
            failed_forms, steps.CopiesForm, library_sent_on=review.library_sent_on,
            commissioner_sent_on=review.commissioner_sent_on),
        "hold_told": {hold.id: suffixed_ids(steps.HoldToldForm(formdata=None), f"hold-{hold.id}")
                      for hold in review.holds
                      if may["hold_told"] and hold.home_office_told_on is None},
        "area_done": {area.id: suffixed_ids(steps.AreaDoneForm(formdata=None), f"area-{area.id}")
                      for submission in review.submissions for area in submission.areas
                      if may["area_done"] and area.done_on is None},
    }
    return offered


# -- the steps --------------------------------------------------------------------------------
def _upload(field):
    """The uploaded letter kept by the file store, or Refused (nothing kept) in the life
    cycle's words."""
    try:
        return filestore.accept_upload(AREA, field.data.stream, field.data.filename,
                                       current_app.config["FORM_ATTACHMENT_MAX_BYTES"])
    except filestore.Refused as refused:
        raise actions.Refused(f"Cannot keep the letter. {refused}") from None


def _with_letter(field, step):
    """Run ``step(letter)``; the kept file is removed again when the step is refused."""
    letter = _upload(field)
    try:
        step(letter)
    except actions.Refused:
        filestore.delete(AREA, letter.key)
        raise


def _one(rows, row_id):
    """The review's own row by id (another review's id answers 404)."""
    for row in rows:
        if row.id == row_id:
            return row
    abort(404)


def _areas(review):
    return [area for submission in review.submissions for area in submission.areas]


class HoDataPageMixin:
    @expose("/<int:review_id>/target-date", methods=["POST"])
    @secured(*STEPS["target_date"], row=REVIEW)
    def set_target_date(self, review_id):
        return self._attempt(review_id, "target_date", steps.TargetDateForm(), lambda r, f: (
            records.set_target_date(r, f.target_date.data, f.reason.data, _user())),
            "Target date recorded.")

    @expose("/<int:review_id>/home-office-told", methods=["POST"])
    @secured(*STEPS["told"], row=REVIEW)
    def record_home_office_told(self, review_id):
        return self._attempt(review_id, "told", steps.ToldForm(), lambda r, f: (
            records.record_home_office_told(r, f.told_on.data)),
            "Date the Home Office was told recorded.")

    @expose("/<int:review_id>/holds/<int:hold_id>/home-office-told", methods=["POST"])
    @secured(*STEPS["hold_told"], row=REVIEW)
    def record_hold_told(self, review_id, hold_id):
        return self._attempt(review_id, "hold_told", steps.HoldToldForm(), lambda r, f: (
            records.record_hold_told(_one(r.holds, hold_id), f.told_on.data)),
            "Date the Home Office was told of the hold recorded.")

    @expose("/<int:review_id>/direction", methods=["POST"])
    @secured(*STEPS["direction"], row=REVIEW)
    def direct_commission(self, review_id):
        return self._attempt(review_id, "direction", steps.DirectionForm(), lambda r, f: (
            _with_letter(f.letter, lambda letter: records.direct_commission(
                r, f.directed_on.data, letter, _user()))),
            "The review is commissioned by the Home Office's direction.")

    @expose("/<int:review_id>/panel-letter", methods=["POST"])
    @secured(*STEPS["letter"], row=REVIEW)
    def attach_panel_letter(self, review_id):
        return self._attempt(review_id, "letter", steps.LetterForm(), lambda r, f: (
            _with_letter(f.letter, lambda letter: records.attach_panel_letter(
                stages.latest_submission(r) or abort(404), letter, f.letter_on.data))),
            "The panel's letter is attached.")

    @expose("/<int:review_id>/areas/<int:area_id>/done", methods=["POST"])
    @secured(*STEPS["area_done"], row=REVIEW)
    def complete_area(self, review_id, area_id):
        return self._attempt(review_id, "area_done", steps.AreaDoneForm(), lambda r, f: (
            records.complete_area(_one(_areas(r), area_id), f.done_on.data)),
            "Area for final development marked done.")

    @expose("/<int:review_id>/copies", methods=["POST"])
    @secured(*STEPS["copies"], row=REVIEW)
    def record_copies_sent(self, review_id):
        return self._attempt(review_id, "copies", steps.CopiesForm(), lambda r, f: (
            records.record_copies_sent(r, f.library_sent_on.data, f.commissioner_sent_on.data)),
            "Copies recorded.")

    @expose("/<int:review_id>/panel-letters/<int:submission_id>")
    @secured("home_office_submission", access.READ, row=REVIEW)
    def panel_letter(self, review_id, submission_id):
        submission = _one(checked_row().submissions, submission_id)
        if not submission.letter_key:
            abort(404)
        return filestore.download(AREA, submission.letter_key, submission.letter_name,
                                  submission.letter_type)

    @expose("/<int:review_id>/direction-letter")
    @secured("review", access.READ, row=REVIEW)
    def direction_letter(self, review_id):
        review = checked_row()
        if not review.direction_letter_key:
            abort(404)
        return filestore.download(AREA, review.direction_letter_key,
                                  review.direction_letter_name, review.direction_letter_type)


def init_jinja(app):
    app.jinja_env.globals.update(hodata_steps=hodata_steps, hodata_flags=flags_of,
                                 hodata_prompts=prompts)
