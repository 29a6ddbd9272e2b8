"""Learning: themes by frequency over time, lessons by agency and by theme, recommendations
by scope, actions by status with the overdue ones, and themes recommended on in more than one
review. One grouped statement each, over the lessons and recommendations of the population."""
from sqlalchemy import case, extract, func, or_, select

from dashboards.registry import Row, Table, figure
from models import Action, Agency, Lesson, Recommendation, Review, Theme, db
from models.learning import ActionStatus, RecommendationScope, lesson_theme, recommendation_theme

NO_AGENCY = "(none)"


def _year(column):
    return extract("year", column)


@figure("themes_by_year", "learning", "Themes of lessons, by year of notification",
        drill=lambda ctx, key: select(Lesson.review_id).join(
            lesson_theme, lesson_theme.c.lesson_id == Lesson.id).where(
            ctx.within(Lesson.review_id), lesson_theme.c.theme_id == int(key)))
def themes_by_year(ctx):
    year = _year(Review.notified_on).label("year")
    theme_id = lesson_theme.c.theme_id
    found = db.session.execute(  # grouped by numbers only: the names are joined on afterwards
        select(theme_id, year, func.count())
        .join(Lesson, Lesson.id == lesson_theme.c.lesson_id)
        .join(Review, Review.id == Lesson.review_id)
        .where(ctx.within(Lesson.review_id))
        .group_by(theme_id, year)).all()
    names = dict(db.session.execute(select(Theme.id, Theme.name)).all())
    years = sorted({int(row[1]) for row in found})
    themes = {}
    for found_theme, found_year, count in found:
        themes.setdefault((found_theme, names[found_theme]), {})[int(found_year)] = count
    ordered = sorted(themes.items(), key=lambda item: (-sum(item[1].values()), item[0][1]))
    rows = [Row(str(theme_id), name, [sum(by_year.values())] +
                [by_year.get(y, 0) for y in years])
            for (theme_id, name), by_year in ordered]
    return Table(["All years"] + [str(y) for y in years], rows,
                 counts=tuple(range(len(years) + 1)))


def _lessons_of_agency(ctx, key):
    test = Lesson.agency_id.is_(None) if key == NO_AGENCY else Lesson.agency_id == int(key)
    return select(Lesson.review_id).where(ctx.within(Lesson.review_id), test)


@figure("lessons_by_agency", "learning", "Lessons by the agency they concern",
        drill=_lessons_of_agency)
def lessons_by_agency(ctx):
    found = db.session.execute(
        select(Lesson.agency_id, Agency.name, func.count())
        .outerjoin(Agency, Agency.id == Lesson.agency_id)
        .where(ctx.within(Lesson.review_id))
        .group_by(Lesson.agency_id, Agency.name).order_by(Agency.name)).all()
    rows = [Row(str(agency_id) if agency_id else NO_AGENCY, name or "No one agency", [count])
            for agency_id, name, count in found]
    return Table(["Lessons"], rows, counts=(0,))


@figure("recommendations_by_scope", "learning", "Recommendations by scope",
        drill=lambda ctx, key: select(Recommendation.review_id).where(
            ctx.within(Recommendation.review_id),
            Recommendation.scope == RecommendationScope[key]))
def recommendations_by_scope(ctx):
    counts = dict(db.session.execute(
        select(Recommendation.scope, func.count())
        .where(ctx.within(Recommendation.review_id))
        .group_by(Recommendation.scope)).all())
    return Table(["Recommendations"], [Row(scope.name, scope.label, [counts.get(scope, 0)])
                                       for scope in RecommendationScope], counts=(0,))


def _overdue(ctx):
    """Past its target date and not complete, whatever status it was last given."""
    return (Action.status != ActionStatus.complete) & or_(
        Action.status == ActionStatus.overdue,
        Action.target_date.is_not(None) & (Action.target_date < ctx.today))


def _actions_with(ctx, key):
    test = _overdue(ctx) if key == "past_target" else Action.status == ActionStatus[key]
    return select(Recommendation.review_id).join(
        Action, Action.recommendation_id == Recommendation.id).where(
        ctx.within(Recommendation.review_id), test)


@figure("actions_by_status", "learning", "Actions by status", drill=_actions_with)
def actions_by_status(ctx):
    query = select(Action.status, func.count(), func.sum(case((_overdue(ctx), 1), else_=0)))
    if not ctx.everything:  # an action reaches its review through its recommendation
        query = query.join(Recommendation, Recommendation.id == Action.recommendation_id).where(
            ctx.within(Recommendation.review_id))
    found = db.session.execute(query.group_by(Action.status)).all()
    counts = {status: count for status, count, _ in found}
    rows = [Row(status.name, status.label, [counts.get(status, 0)]) for status in ActionStatus]
    rows.append(Row("past_target", "Past their target date, not complete",
                    [int(sum(late or 0 for _, _, late in found))]))
    return Table(["Actions"], rows, counts=(0,))


@figure("repeated", "learning", "Themes recommended on in more than one review",
        drill=lambda ctx, key: select(Recommendation.review_id).join(
            recommendation_theme,
            recommendation_theme.c.recommendation_id == Recommendation.id).where(
            ctx.within(Recommendation.review_id),
            recommendation_theme.c.theme_id == int(key)))
def repeated(ctx):
    reviews = func.count(func.distinct(Recommendation.review_id))
    found = db.session.execute(
        select(Theme.id, Theme.name, reviews, func.count())
        .join(recommendation_theme, recommendation_theme.c.theme_id == Theme.id)
        .join(Recommendation, Recommendation.id == recommendation_theme.c.recommendation_id)
        .where(ctx.within(Recommendation.review_id))
        .group_by(Theme.id, Theme.name).having(reviews > 1)
        .order_by(reviews.desc(), Theme.name)).all()
    return Table(["Reviews", "Recommendations"],
                 [Row(str(id), name, [count, total]) for id, name, count, total in found],
                 counts=(0, 1))
