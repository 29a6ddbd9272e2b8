"""Partner agencies."""
from admin_views.base import SecureModelView
from models import Agency


class AgencyView(SecureModelView):
    name = "Agencies"
    column_list = ("name", "sector", "contact_email", "senior_contact_email", "active")
    column_searchable_list = ("name",)
    column_filters = ("sector", "active")
    column_default_sort = "name"
    form_columns = ("name", "sector", "contact_email", "senior_contact_email", "active")


def register(admin):
    admin.add_view(AgencyView(Agency, category="Administration", endpoint="agency"))
