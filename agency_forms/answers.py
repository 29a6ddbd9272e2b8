"""Reading and writing a request's answers, and freezing them into a version."""
from datetime import date
from enum import Enum

from sqlalchemy import select

from dates import day
from models import (IMR, FormType, IMRAnalysis, InvolvementReturn, NotificationForm,
                    Question, db)

ANSWER_MODELS = {FormType.initial_notification: NotificationForm,
                 FormType.involvement: InvolvementReturn, FormType.imr: IMR}

DECLARATION = (
    Question("declaration_name", "Name of the person submitting", "text"),
    Question("declaration_role", "Their role", "text"),
    Question("senior_signoff_name", "Senior manager signing off", "text"),
    Question("senior_signoff_role", "Senior manager's role", "text"),
)
DECLARATION_TEXT = ("I confirm that these answers are complete and accurate to the best of my "
                    "knowledge and have been signed off by the senior manager named.")


def answer_model(form_type):
    return ANSWER_MODELS[form_type]


def questions(form_type):
    return answer_model(form_type).QUESTIONS


def answers_for(request, create=False):
    model = answer_model(request.form_type)
    row = db.session.scalar(select(model).where(model.request_id == request.id))
    if row is None and create:
        row = model(request=request)
        db.session.add(row)
    return row


def terms_for(request):
    """The terms of reference an IMR answers, in order; none for other forms."""
    if request.form_type is not FormType.imr:
        return []
    return list(request.review.terms_of_reference)


def analyses_for(request):
    rows = db.session.scalars(select(IMRAnalysis).where(IMRAnalysis.request_id == request.id))
    return {row.term_id: row for row in rows}


def save_answers(request, values, analysis=None, declaration=None):
    """Write the given answers (question key -> value) without judging completeness."""
    row = answers_for(request, create=True)
    for question in row.QUESTIONS:
        if question.key in values:
            setattr(row, question.key, blank_to_none(values[question.key]))
    existing = analyses_for(request)
    for term in terms_for(request):
        if term.id in (analysis or {}):
            entry = existing.get(term.id) or IMRAnalysis(request=request, term=term)
            entry.answer = blank_to_none(analysis[term.id])
            db.session.add(entry)
    for key, value in (declaration or {}).items():
        setattr(request, key, blank_to_none(value) if key != "declaration_confirmed" else value)
    return row


def missing(request):
    """What still stops submission: unanswered required questions and declaration."""
    row = answers_for(request)
    gaps = row.missing() if row is not None else [q.label for q in questions(
        request.form_type) if q.required]
    answered = analyses_for(request)
    for term in terms_for(request):
        if not (answered.get(term.id) and answered[term.id].answer):
            gaps.append(f"Analysis against term of reference {term.position}")
    if request.form_type is not FormType.initial_notification:
        gaps += [q.label for q in DECLARATION if not getattr(request, q.key)]
        if not request.declaration_confirmed:
            gaps.append("The declaration")
    return gaps


def snapshot(request):
    """The answers as plain JSON, with labels, as the reader sees them (frozen on submit)."""
    row = answers_for(request)
    answered = analyses_for(request)
    return {
        "form_type": request.form_type.name,
        "analysis_after": answer_model(request.form_type).ANALYSIS_AFTER,
        "answers": [{"key": q.key, "label": q.label,
                     "value": display(getattr(row, q.key) if row else None)}
                    for q in questions(request.form_type)],
        "analysis": [{"term_id": t.id, "label": f"{t.position}. {t.text}",
                      "value": display(answered[t.id].answer if t.id in answered else None)}
                     for t in terms_for(request)],
        "declaration": [{"key": q.key, "label": q.label, "value": display(getattr(request, q.key))}
                        for q in DECLARATION],
        "attachments": [{"id": a.id, "name": a.original_name, "size": a.size,
                         "sha256": a.sha256} for a in request.attachments],
    }


def display(value):
    if value is None:
        return ""
    if isinstance(value, Enum):
        return getattr(value, "label", value.name)
    if isinstance(value, date):
        return day(value)
    return str(value)


def blank_to_none(value):
    return None if isinstance(value, str) and not value.strip() else value
