"""A review's life and its clocks (DESIGN section 3), in one place:

- ``stages``:    which stage may follow which, and what each step needs first (pure)
- ``clocks``:    decision and completion deadlines, days on hold, RAG state, reminders (pure)
- ``timeline``:  milestones done and due, for the review page (pure)
- ``actions``:   the only code that changes stage, holds, submissions and publication
- ``deadlines``: keeps ``Review.next_deadline`` current on every flush

The pure modules read a review's attributes and today's date only, so they are unit-tested
without a database; the review page (admin_views/review_page.py) and the reminders job
(lifecycle/reminders.py) are their callers.
"""
from lifecycle import deadlines


def init_app(app):
    deadlines.init_app(app)
