"""Dates as a browser posts them from the Day, Month, Year boxes (dates.GovDateField), and
the whole of a form as the page renders it."""
from html.parser import HTMLParser


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


class _FormReader(HTMLParser):
    """The values a browser would post from one form of a page (by id, or the first form
    whose action contains ``action``)."""

    def __init__(self, form_id=None, action=None, css_class=None):
        super().__init__(convert_charrefs=True)
        self.form_id, self.action, self.css_class = form_id, action, css_class
        self.inside, self.data = False, {}
        self._select = self._textarea = None
        self._first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.data and not self.inside:
            if self.form_id:
                self.inside = attrs.get("id") == self.form_id
            elif self.css_class:
                self.inside = self.css_class in (attrs.get("class") or "").split()
            else:
                self.inside = self.action in (attrs.get("action") or "")
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self.data.setdefault(self._select, value)
            if "selected" in attrs:
                self.data[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
            self.form_id = self.action = self.css_class = "\0done"
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(html, form_id=None, action=None, css_class=None):
    """Every field of one form as rendered (hidden ones, CSRF token, defaults included)."""
    reader = _FormReader(form_id, action, css_class)
    reader.feed(html)
    assert reader.data, f"no form {form_id or action} in the page"
    return dict(reader.data)
