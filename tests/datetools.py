"""Dates as a browser posts them from the Day, Month, Year boxes (dates.GovDateField)."""


def date_boxes(name, day=None, month=None, year=None):
    """The three posted values of field ``name``: from a date, or from the typed texts."""
    if hasattr(day, "year"):
        day, month, year = str(day.day), str(day.month), str(day.year)
    return {f"{name}-day": day or "", f"{name}-month": month or "", f"{name}-year": year or ""}


def fill_date(group, on):
    """Types ``on`` into the Day, Month, Year boxes of a Playwright locator (the group)."""
    group.get_by_label("Day").fill(str(on.day))
    group.get_by_label("Month").fill(str(on.month))
    group.get_by_label("Year").fill(str(on.year))
