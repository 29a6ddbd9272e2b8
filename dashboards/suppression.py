"""What an analyst may see of a count: no count of 1 or 2, and no pair of views whose numbers
differ by a known 1 or 2.

Showing small counts as "fewer than 3" is not enough on its own: an analyst who can filter
can subtract. All reviews show 4 at a stage, reviews notified this year show 3: the one review
notified earlier is singled out, and no amount of suppressing cells *within* a table prevents
it, since both tables are innocent alone. So every count an analyst sees is shown as a range
that no subtraction narrows to a small number:

  0 -> "0"; 1 or 2 -> "fewer than 3"; 3 and over -> rounded to the nearest 5 (3 to 7 show 5).

A shown value stands for a set of possible counts ({0}, {1, 2}, or k-2..k+2). The difference
of any two shown values is then a single number only when both are 0, so no filter, pair of
filters or total minus its cells pins any count to 1 or 2 (tests/test_dashboards_suppression
enumerates it). Shares are computed from the shown (rounded) counts; durations and averages,
which can describe one review, are shown only for groups of ``MIN_GROUP`` reviews or more, and
views whose population is below ``MIN_POPULATION`` are refused altogether."""

FEWER_THAN_3 = "fewer than 3"
BASE = 5
MIN_POPULATION = 10
MIN_GROUP = 10
NOT_SHOWN = "not shown"


def shown_count(count):
    """The count as an analyst sees it: 0, "fewer than 3", or a multiple of 5 (5 and over)."""
    if count is None or count == 0:
        return 0 if count == 0 else None
    if count < 3:
        return FEWER_THAN_3
    return max(BASE, (count + BASE // 2) // BASE * BASE)


def possible(shown):
    """The counts a shown value may stand for, as (lowest, highest)."""
    if shown == FEWER_THAN_3:
        return 1, 2
    if shown == 0:
        return 0, 0
    return max(3, shown - BASE // 2), shown + BASE // 2


def difference(first, second):
    """The possible values of (count behind ``first``) - (count behind ``second``)."""
    low1, high1 = possible(first)
    low2, high2 = possible(second)
    return low1 - high2, high1 - low2


def singles_out(first, second):
    """Does subtracting ``second`` from ``first`` pin a count of exactly 1 or 2?"""
    low, high = difference(first, second)
    return low == high and low in (1, 2)


def as_number(shown):
    """A shown count for sums and shares ("fewer than 3" counts as 1.5)."""
    return 1.5 if shown == FEWER_THAN_3 else (shown or 0)


def shown_measure(value, group):
    """A median, average or longest duration, for a group of ``group`` reviews: rounded to
    5 and shown only for groups of MIN_GROUP or more."""
    if value is None:
        return None
    if group is None or group < MIN_GROUP:
        return NOT_SHOWN
    return (int(value) + BASE // 2) // BASE * BASE
