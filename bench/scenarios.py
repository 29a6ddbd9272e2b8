"""What the bench measures. Later work appends its own scenarios and counted pages here.

A scenario is one URL under load, as one bench account (or anonymous), optionally compared
with a baseline scenario. Counted pages are fetched once each, counting SQL statements."""
from dataclasses import dataclass

from bench.seed import CHAIR, MANAGER
from bench.server import PLAIN_REVIEWS


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    account: str | None  # e-mail of a bench account; None: not signed in
    path: str
    baseline: str | None = None  # key of the scenario it is compared with
    expect: str = "BR-"  # text a correct page contains (a sign-in page would not)


SCENARIOS = [
    Scenario("plain_reviews", "Plain Flask-Admin ModelView (no base view, no sign-in)", None,
             PLAIN_REVIEWS),
    Scenario("manager_reviews", "Our reviews list, signed in as review manager", MANAGER,
             "/admin/review/", baseline="plain_reviews"),
    Scenario("chair_reviews", "Our reviews list, signed in as chair (scoped)", CHAIR,
             "/admin/review/", baseline="plain_reviews"),
]


@dataclass(frozen=True)
class CountedPage:
    label: str
    account: str | None
    path: str


COUNTED_PAGES = [
    CountedPage("plain reviews list, page 1", None, PLAIN_REVIEWS),
    CountedPage("reviews list (manager), page 1", MANAGER, "/admin/review/"),
    CountedPage("reviews list (manager), page 2", MANAGER, "/admin/review/?page=1"),
    CountedPage("reviews list (manager), search", MANAGER, "/admin/review/?search=BR-2020"),
    CountedPage("reviews list (chair), page 1", CHAIR, "/admin/review/"),
    CountedPage("people list (manager), page 1", MANAGER, "/admin/person/"),
    CountedPage("review members list (manager), page 1", MANAGER, "/admin/reviewmember/"),
    CountedPage("review details (manager)", MANAGER, "/admin/review/details/?id=1"),
    CountedPage("review edit form (manager)", MANAGER, "/admin/review/edit/?id=1"),
    CountedPage("review page (manager)", MANAGER, "/admin/review/1/"),
    CountedPage("review page (chair)", CHAIR, "/admin/review/1/"),  # the bench chair's review
]
