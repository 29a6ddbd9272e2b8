"""What every admin page draws the same for many users or rows, drawn once: the menu per
process for each set of entries a user may reach, a list's row links per request."""
from flask import g, request


class DrawnOnce:
    """Mixed into both base views (``admin_views.base``); the templates call these."""

    def menu_html(self, draw):
        """The main menu as ``draw()`` (the layout's macro) draws it on this view's pages,
        drawn once per process for each set of entries a user may reach: the menu shows
        nothing else of the user, and asking every entry whether it is reachable costs a
        fraction of drawing it (about a twentieth of a list's time)."""
        key = (request.script_root, tuple(_reachable(self.admin.menu())))
        drawn = self.__dict__.setdefault("_menus_drawn", {})
        if key not in drawn:
            drawn[key] = draw()
        return drawn[key]

    def row_url(self, endpoint, row_id, **args):
        """``get_url(endpoint, id=row_id, **args)`` for a row of the list, routed once per
        request: url_for for each row's View and Edit links was a tenth of the list's time.
        The other arguments (``url``) are the same on every row; they are percent-encoded,
        so ``id=row-id`` can only be the id's own place."""
        row_id = str(row_id)  # get_pk_value gives text
        if not (row_id.isascii() and row_id.isdecimal()):  # digits need no percent-encoding
            return self.get_url(endpoint, id=row_id, **args)
        key = (self.endpoint, endpoint, *args.items())
        routed = g.setdefault("row_urls", {})
        if key not in routed:
            head, _, tail = self.get_url(endpoint, id="row-id", **args).partition("id=row-id")
            routed[key] = head + "id=", tail
        head, tail = routed[key]
        return f"{head}{row_id}{tail}"


def _reachable(menu):
    """Whether each entry of the menu (categories opened) is shown to the current user."""
    for item in menu:
        if item.is_category():
            yield from _reachable(item._children)
        else:
            yield item.is_accessible() and item.is_visible()
