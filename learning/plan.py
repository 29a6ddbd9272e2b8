"""The action plan of one review as its page and its exports show it: actions grouped by theme,
then by recommendation, overdue first (DESIGN section 5: "Rows grouped by theme")."""
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

import access
from dates import day
from learning import is_overdue
from models import Action, Recommendation, db

NO_THEME = "Other recommendations"
HOME_OFFICE_COLUMNS = (
    "Recommendation", "Scope of recommendation", "Action to take", "Lead agency",
    "Key milestones achieved in enacting recommendation", "Target date",
    "Date of completion and outcome",
)


@dataclass
class PlanRecommendation:
    recommendation: Recommendation
    actions: list
    overdue: int = 0


@dataclass
class ThemeGroup:
    theme: str
    recommendations: list = field(default_factory=list)

    @property
    def overdue(self):
        return sum(r.overdue for r in self.recommendations)


def group_theme(recommendation):
    """The theme a recommendation is grouped under: its first theme by name."""
    return recommendation.themes[0].name if recommendation.themes else NO_THEME


def recommendations_of(review_id, user=None):
    """The review's recommendations with their actions, as ``user`` may see them (None: the
    command line, which sees everything)."""
    query = select(Recommendation).where(Recommendation.review_id == review_id).options(
        selectinload(Recommendation.themes), selectinload(Recommendation.agencies),
        selectinload(Recommendation.lessons),
        selectinload(Recommendation.actions).selectinload(Action.lead_agency),
        selectinload(Recommendation.actions).selectinload(Action.owner))
    if user is not None:
        query = access.scope(query, Recommendation, user=user)
    return db.session.scalars(query.order_by(Recommendation.id)).all()


def grouped(recommendations, today=None):
    """[ThemeGroup], overdue first at every level, then by theme name and target date."""
    today = today or date.today()
    groups = {}
    for recommendation in recommendations:
        actions = sorted(recommendation.actions, key=lambda a: (
            not is_overdue(a, today), a.target_date or date.max, a.id))
        item = PlanRecommendation(recommendation, actions,
                                  sum(is_overdue(a, today) for a in actions))
        name = group_theme(recommendation)
        groups.setdefault(name, ThemeGroup(name)).recommendations.append(item)
    for group in groups.values():
        group.recommendations.sort(key=lambda r: (not r.overdue, r.recommendation.id))
    return sorted(groups.values(), key=lambda g: (not g.overdue, g.theme == NO_THEME, g.theme))


def completion(action):
    """The Home Office's "Date of completion and outcome" in one cell."""
    if action.completed_on is None:
        return action.outcome or ""
    return f"{day(action.completed_on)}: {action.outcome or ''}".strip()


def rows(groups):
    """(theme, recommendation, action) per action, in plan order."""
    for group in groups:
        for item in group.recommendations:
            for action in item.actions:
                yield group.theme, item.recommendation, action
