"""What agencies are told about a review with a request: its people's pseudonyms and the terms
of reference' scoping period (the review's own dates, never fixed text)."""
from dates import day
from models import PersonRole

BRIEFING = ("The review concerns {victim} (the victim) and {perpetrator} (the perpetrator). "
            "Please search your records for contact with either of them, or with their "
            "household, {period}.")


def scoping_words(review):
    if review.scoping_start and review.scoping_end:
        return f"from {day(review.scoping_start)} to {day(review.scoping_end)}"
    return "in the period the terms of reference will set"


def default_briefing(review):
    names = {p.role: p.pseudonym for p in reversed(review.people) if p.pseudonym}
    return BRIEFING.format(victim=names.get(PersonRole.victim, "the person who died"),
                           perpetrator=names.get(PersonRole.perpetrator, "the suspect"),
                           period=scoping_words(review))
