"""Exports of a review's learning in the Home Office layout, as jobs through the job record
(``jobs.start``; the file is downloaded from the job's one audited view) and from the command
line (``flask export action-plan``):

- the action plan as xlsx: one header row holding the seven Home Office columns, one row per
  action, grouped by theme (a second sheet names each row's theme); every text cell forced to
  text (openpyxl write_only), so nothing typed becomes a formula;
- the action plan and the one-page learning briefing as docx, from templates/exports/ (a CSP
  may replace them), rendered with ``autoescape=True`` so that ``<``, ``&`` and ``{{ }}`` in
  what people typed appear literally.

A job's rows are those the person who asked may see when it runs; the command line sees all."""
import io
import tempfile
from datetime import date
from pathlib import Path

from docxtpl import DocxTemplate
from openpyxl import Workbook
from sqlalchemy import select

import access
import filestore
import jobs
import sheets
from dates import day
from learning import plan
from models import Lesson, PersonRole, Review, db

AREA = "jobs"
BACK = "learning.plan_view"  # the page that starts the exports
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "exports"
REFUSED = "You may no longer export this review's action plan."


# -- the files --------------------------------------------------------------------------------
def action_plan_xlsx(review, user=None, out=None, today=None):
    """Write the plan to ``out`` (a binary stream); returns the number of actions written."""
    groups = plan.grouped(plan.recommendations_of(review.id, user), today)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Action plan")
    sheet.append([sheets.text(sheet, name, bold=True) for name in plan.HOME_OFFICE_COLUMNS])
    themes = workbook.create_sheet("Themes")
    themes.append([sheets.text(themes, name, bold=True) for name in
                   ("Theme", "Recommendation", "Action to take")])
    written = 0
    for theme, recommendation, action in plan.rows(groups):
        sheet.append(_action_cells(sheet, recommendation, action))
        themes.append([sheets.text(themes, theme), sheets.text(themes, recommendation.text),
                       sheets.text(themes, action.action_to_take)])
        written += 1
    workbook.save(out)
    return written


def action_plan_docx(review, user=None, out=None, today=None):
    groups = plan.grouped(plan.recommendations_of(review.id, user), today)
    context = {"reference": review.reference, "as_at": day(today or date.today()),
               "groups": [{"theme": g.theme, "rows": [_docx_row(item.recommendation, a)
                                                      for item in g.recommendations
                                                      for a in item.actions]}
                          for g in groups]}
    _render("action_plan.docx", context, out)
    return sum(len(g["rows"]) for g in context["groups"])


def briefing_docx(review, user=None, out=None, today=None):
    """The one-page "7-minute briefing": the case in two lines by pseudonym, the key lessons
    by theme, the recommendations and who owns them."""
    recommendations = plan.recommendations_of(review.id, user)
    context = {"reference": review.reference, "as_at": day(today or date.today()),
               **_case_lines(review), "lesson_groups": _lessons_by_theme(review, user),
               "recommendations": [{
                   "text": r.text, "addressed_to": ", ".join(r.addressed_to) or "Not yet set",
                   "owners": ", ".join(sorted({_owner(a) for a in r.actions})) or "No actions yet",
               } for r in recommendations]}
    _render("learning_briefing.docx", context, out)
    return len(recommendations)


def _case_lines(review):
    """Two lines by pseudonym only: never a real name."""
    victim = next((p for p in review.people if p.role is PersonRole.victim), None)
    perpetrator = next((p for p in review.people if p.role is PersonRole.perpetrator), None)
    victim_name = (victim.pseudonym if victim and victim.pseudonym else "the victim")
    line_1 = f"This review concerns the death of {victim_name}"
    if victim and victim.age:
        line_1 += f", aged {victim.age}"
    line_1 += f" ({review.death_type.label.lower()}"
    line_1 += f", {day(review.date_of_death)})." if review.date_of_death else ")."
    line_2 = "The panel examined how agencies responded to the domestic abuse"
    if perpetrator and perpetrator.pseudonym:
        line_2 += f" by {perpetrator.pseudonym}"
    return {"case_line_1": line_1, "case_line_2": line_2 + " and what should change."}


def _lessons_by_theme(review, user):
    query = select(Lesson).where(Lesson.review_id == review.id).order_by(Lesson.id)
    if user is not None:
        query = access.scope(query, Lesson, user=user)
    groups = {}
    for lesson in db.session.scalars(query):
        name = lesson.themes[0].name if lesson.themes else "Other lessons"
        groups.setdefault(name, []).append(lesson.text)
    return [{"theme": name, "lessons": texts} for name, texts in sorted(groups.items())]


def _owner(action):
    who = action.lead_agency.name if action.lead_agency else "No lead agency"
    return f"{who} ({action.owner.full_name})" if action.owner and action.owner.full_name else who


def _docx_row(recommendation, action):
    return {"recommendation": recommendation.text, "scope": recommendation.scope.label,
            "action": action.action_to_take,
            "lead_agency": action.lead_agency.name if action.lead_agency else "",
            "milestones": action.key_milestones or "", "target_date": day(action.target_date),
            "completion": plan.completion(action)}


def _render(template, context, out):
    document = DocxTemplate(TEMPLATES / template)
    document.render(context, autoescape=True)
    document.save(out)


def _action_cells(sheet, recommendation, action):
    return [sheets.text(sheet, recommendation.text), sheets.text(sheet, recommendation.scope.label),
            sheets.text(sheet, action.action_to_take),
            sheets.text(sheet, action.lead_agency.name if action.lead_agency else ""),
            sheets.text(sheet, action.key_milestones or ""), sheets.day(sheet, action.target_date),
            sheets.text(sheet, plan.completion(action))]


# -- the jobs ---------------------------------------------------------------------------------
FORMATS = {"xlsx": (action_plan_xlsx, XLSX, "Action plan"),
           "docx": (action_plan_docx, DOCX, "Action plan"),
           "briefing": (briefing_docx, DOCX, "Learning briefing")}


def _produce(record, kind):
    user = record.requested_by
    if not access.may_still_export(user, "action", record.review_id):
        raise jobs.JobFailed(REFUSED)
    writer, content_type, title = FORMATS[kind]
    review = db.session.get(Review, record.review_id)
    today = date.today()
    name = f"{title} {review.reference} {today:%d %b %Y}.{'xlsx' if kind == 'xlsx' else 'docx'}"
    jobs.progress(0, 1, "Writing the file")
    buffer = io.BytesIO()
    written = writer(review, user, buffer, today)
    jobs.progress(1, 1, f"Written {written} rows")
    with tempfile.TemporaryFile() as out:
        out.write(buffer.getvalue())
        out.seek(0)
        return filestore.put_produced(AREA, out, name, content_type)


@jobs.job("learning.plan_xlsx", startable=jobs.Startable("Download the action plan (Excel)", back=BACK),
          needs=("action", access.EXPORT))
def plan_xlsx_job(record):
    return _produce(record, "xlsx")


@jobs.job("learning.plan_docx", startable=jobs.Startable("Download the action plan (Word)", back=BACK),
          needs=("action", access.EXPORT))
def plan_docx_job(record):
    return _produce(record, "docx")


@jobs.job("learning.briefing", startable=jobs.Startable("Download the learning briefing (Word)", back=BACK),
          needs=("action", access.EXPORT))
def briefing_job(record):
    return _produce(record, "briefing")
