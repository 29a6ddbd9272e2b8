"""The action plan's rules without the app: complete only with an outcome, overdue, the plan's
grouping (theme, recommendation, overdue first), reminder windows, and the ranking of "seen
before" on texts the test writes (the on-server model, and the lexical fallback)."""
from datetime import date, timedelta

import numpy as np
import pytest

import learning
from learning import plan, similar
from learning.reminders import window_for
from models import Action, ActionStatus, Recommendation, RecommendationScope, Theme

TODAY = date(2026, 12, 2)
ORIGINAL = ("Northshire Police should ensure that a DASH risk assessment is completed at every "
            "domestic abuse incident, and audit compliance quarterly.")
REWORDED = ("The police must make sure officers complete the DASH risk assessment at each "
            "domestic abuse call-out, with regular audits of compliance.")
UNRELATED = "Commissioners should fund a specialist domestic abuse service for older people."
RELATED = ("GP practices should routinely ask about domestic abuse when patients present with "
           "unexplained injuries.")


def action(status=ActionStatus.not_started, due_in=10, **values):
    found = Action(action_to_take=values.pop("text", "Do it"), status=status,
                   target_date=TODAY + timedelta(days=due_in), **values)
    return found


def test_an_action_is_complete_only_with_an_outcome():
    item = action()
    with pytest.raises(learning.LearningError, match="only be marked complete with its outcome"):
        learning.set_status(item, ActionStatus.complete, outcome="  ", today=TODAY)
    assert item.status is ActionStatus.not_started and item.completed_on is None
    learning.set_status(item, ActionStatus.complete, outcome="Training delivered", today=TODAY)
    assert (item.status, item.completed_on, item.outcome) == (
        ActionStatus.complete, TODAY, "Training delivered")
    learning.set_status(item, ActionStatus.on_track, today=TODAY)  # reopened: no completion
    assert item.completed_on is None and item.outcome == "Training delivered"
    learning.set_status(item, ActionStatus.complete, today=TODAY)  # the outcome recorded before
    assert item.status is ActionStatus.complete


def test_overdue_is_past_the_target_date_and_not_complete():
    assert learning.is_overdue(action(due_in=-1), TODAY)
    assert not learning.is_overdue(action(due_in=0), TODAY)
    assert not learning.is_overdue(action(ActionStatus.complete, due_in=-30, outcome="x"), TODAY)
    assert learning.is_overdue(action(ActionStatus.overdue, due_in=3), TODAY)


def test_the_plan_groups_by_theme_then_recommendation_with_overdue_first():
    risk, housing = Theme(name="Risk assessment"), Theme(name="Housing")
    on_time = Recommendation(id=1, text="A", scope=RecommendationScope.local, themes=[risk])
    late = Recommendation(id=2, text="B", scope=RecommendationScope.local, themes=[housing])
    other = Recommendation(id=3, text="C", scope=RecommendationScope.local, themes=[risk])
    untagged = Recommendation(id=4, text="D", scope=RecommendationScope.local, themes=[])
    on_time.actions = [action(text="soon", due_in=5, id=1)]
    late.actions = [action(text="fine", due_in=9, id=2), action(text="late", due_in=-2, id=3)]
    other.actions = [action(text="later", due_in=40, id=4)]
    untagged.actions = [action(text="none", due_in=1, id=5)]
    groups = plan.grouped([on_time, late, other, untagged], TODAY)
    assert [g.theme for g in groups] == ["Housing", "Risk assessment", plan.NO_THEME]
    assert [a.action_to_take for a in groups[0].recommendations[0].actions] == ["late", "fine"]
    assert [r.recommendation.text for r in groups[1].recommendations] == ["A", "C"]
    assert [a.action_to_take for _, _, a in plan.rows(groups)] == [
        "late", "fine", "soon", "later", "none"]


def test_reminder_windows_before_the_target_date_and_once_overdue():
    windows = (14, 3)
    assert window_for(action(due_in=20), TODAY, windows) is None
    assert window_for(action(due_in=14), TODAY, windows) == "14d"
    assert window_for(action(due_in=4), TODAY, windows) == "14d"
    assert window_for(action(due_in=3), TODAY, windows) == "3d"
    assert window_for(action(due_in=0), TODAY, windows) == "3d"
    assert window_for(action(due_in=-1), TODAY, windows) == "overdue"
    assert window_for(action(due_in=-40), TODAY, windows) == "overdue"


def _ranked(found, text):
    keep = np.ones(len(found.ids), dtype=bool)
    scores = similar._scores(found, text, keep)
    return [found.texts[i] for i in np.argsort(-scores)]


def test_seen_before_ranks_a_reworded_recommendation_first_and_an_unrelated_one_low():
    texts = [UNRELATED, RELATED, ORIGINAL]
    vectors = similar.embed(texts)
    assert vectors is not None, "the embedding model ships in the wheel and loads offline"
    assert vectors.shape == (3, similar.DIMENSIONS)
    found = similar.Matrix((), np.arange(3), np.arange(3), texts, vectors)
    ranked = _ranked(found, REWORDED)
    assert ranked[0] == ORIGINAL
    assert ranked[-1] != ORIGINAL and ranked.index(UNRELATED) > ranked.index(ORIGINAL)
    scores = dict(zip(texts, found.vectors @ similar.embed([REWORDED])[0]))
    assert scores[ORIGINAL] > 0.6 > scores[UNRELATED] + 0.2


def test_the_lexical_fallback_ranks_the_reworded_recommendation_first_too():
    texts = [UNRELATED, RELATED, ORIGINAL]
    found = similar.Matrix((), np.arange(3), np.arange(3), texts, None)  # no vectors at all
    assert _ranked(found, REWORDED)[0] == ORIGINAL
