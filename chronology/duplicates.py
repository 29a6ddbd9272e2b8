"""Entries two agencies reported about the same event. Blocked by date (an entry is compared
only with other agencies' entries of the next few days), each block scored at once with
rapidfuzz's C++ ``cdist``, so the work grows with the entries, not with their square.

- duplicate: similar text (score >= DUPLICATE_SCORE), same or adjacent day;
- conflict: similar text a few days apart, or the same day at clearly different times: one
  event told differently, a question for the panel."""
from collections import defaultdict
from datetime import timedelta

from rapidfuzz import fuzz, process, utils

DUPLICATE_SCORE = 75
CONFLICT_DAYS = 4  # similar entries further apart are different events
TIME_APART_MINUTES = 120


class Candidate:
    """An entry as compared: its words lower-cased, de-duplicated and sorted once, so that
    each comparison is a plain (bit-parallel) ratio rather than a token-set scorer that
    splits and sorts both texts every time."""
    __slots__ = ("id", "agency_id", "day", "minutes", "text")

    def __init__(self, id, agency_id, day, minutes, text):
        self.id, self.agency_id, self.day = id, agency_id, day
        self.minutes = minutes
        self.text = " ".join(sorted(set(utils.default_process(text or "").split())))


def find_pairs(candidates, score=DUPLICATE_SCORE):
    """[(first id, second id, kind, score, reason)] for candidates of day precision."""
    by_day = defaultdict(list)
    for candidate in candidates:
        by_day[candidate.day].append(candidate)
    days = sorted(by_day)
    pairs = []
    for position, day in enumerate(days):
        here = by_day[day]
        later = [c for d in days[position:position + CONFLICT_DAYS + 1]
                 if d - day <= timedelta(days=CONFLICT_DAYS) for c in by_day[d]]
        pairs += _block(here, later, score)
    return pairs


def _block(here, later, cutoff):
    matrix = process.cdist([c.text for c in here], [c.text for c in later],
                           scorer=fuzz.ratio, score_cutoff=cutoff, workers=-1)
    found = []
    for i, j in zip(*matrix.nonzero()):
        first, second = here[i], later[j]
        if first.agency_id == second.agency_id or (first.day == second.day
                                                   and first.id >= second.id):
            continue
        kind, reason = judge(first, second)
        found.append((min(first.id, second.id), max(first.id, second.id), kind,
                      int(matrix[i, j]), reason))
    return found


def judge(first, second):
    apart = abs((second.day - first.day).days)
    if apart > 1:
        return "conflict", f"similar accounts {apart} days apart"
    if (first.minutes is not None and second.minutes is not None and apart == 0
            and abs(first.minutes - second.minutes) > TIME_APART_MINUTES):
        return "conflict", "similar accounts at different times of the same day"
    return "duplicate", "similar accounts on the same day" if apart == 0 else \
        "similar accounts a day apart"
