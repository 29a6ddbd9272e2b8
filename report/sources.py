"""Sources a paragraph cites, written in the text as ``[[imr:12]]`` (the IMR of form request
12) or ``[[chronology:34]]``. Each kind registers a resolver here: ``resolve(review_id, id,
user)`` returns (label, url) when the source is of the same review and the user may open it,
else None. IMR answers and chronology entries are built in; another kind registers its own."""
import re

from flask import url_for
from sqlalchemy import select

import access
from models import IMR, FormRequest, FormType, db

CITATION = re.compile(r"\[\[(?P<kind>[a-z]+):(?P<id>\d{1,12})\]\]")
RESOLVERS = {}


def register(kind, resolver):
    RESOLVERS[kind] = resolver


def citations(text):
    return [(m.group("kind"), int(m.group("id"))) for m in CITATION.finditer(text or "")]


def resolve(kind, source_id, review_id, user):
    resolver = RESOLVERS.get(kind)
    return None if resolver is None else resolver(review_id, source_id, user)


def _imr(review_id, request_id, user):
    query = access.scope(select(IMR).join(FormRequest, IMR.request_id == FormRequest.id)
                         .where(FormRequest.id == request_id,
                                FormRequest.review_id == review_id,
                                FormRequest.form_type == FormType.imr), IMR, user=user)
    imr = db.session.scalar(query)
    if imr is None:
        return None
    return f"IMR: {imr.request.agency.name}", url_for("imr.details_view", id=imr.id)


register("imr", _imr)


def _chronology(review_id, entry_id, user):
    """A chronology entry opens on the consolidated chronology narrowed to its agency and day."""
    from models import ChronologyEntry
    query = access.scope(select(ChronologyEntry).where(ChronologyEntry.id == entry_id,
                                                       ChronologyEntry.review_id == review_id),
                         ChronologyEntry, user=user)
    entry = db.session.scalar(query)
    if entry is None:
        return None
    day = entry.day.isoformat()
    return (f"Chronology: {entry.agency.name}, {entry.day:%-d %b %Y}",
            url_for("chronology.review_view", review_id=review_id, agency=entry.agency_id,
                    **{"from": day, "to": day}) + f"#entry-{entry.id}")


register("chronology", _chronology)


def imr_choices(review_id, user):
    """The IMRs of the review the writer may cite: (marker, label)."""
    query = access.scope(select(IMR).join(FormRequest, IMR.request_id == FormRequest.id)
                         .where(FormRequest.review_id == review_id), IMR, user=user)
    return [(f"[[imr:{imr.request_id}]]", f"IMR: {imr.request.agency.name}")
            for imr in db.session.scalars(query)]
