"""User accounts and roles. No self-registration: admins create accounts here."""
import uuid

from flask import flash
from flask_admin.actions import action
from flask_security.recoverable import send_reset_password_instructions
from wtforms.validators import ValidationError

import access
from admin_views.base import SecureModelView
from auth import datastore
from models import Role, User, db


def _two_factor(view, context, model, name):
    return "Set up" if model.tf_totp_secret and model.tf_primary_method else "Not set up"


class UserView(SecureModelView):
    name = "Users"
    column_list = ("email", "full_name", "agency", "roles", "active", "two_factor",
                   "last_login_at")
    column_searchable_list = ("email", "full_name")
    column_filters = ("active", "agency.name", "roles.name", "last_login_at")
    column_formatters = {"two_factor": _two_factor}
    column_formatters_export = {"two_factor": _two_factor}
    column_labels = {"two_factor": "Two-factor", "last_login_at": "Last sign-in"}
    column_details_list = ("email", "full_name", "job_title", "agency", "roles", "active",
                           "two_factor", "create_datetime", "last_login_at",
                           "current_login_ip", "login_count")
    column_export_list = ("email", "full_name", "job_title", "agency", "roles", "active",
                          "two_factor", "last_login_at")
    form_columns = ("email", "full_name", "job_title", "agency", "roles", "active")
    action_permissions = {"reset_two_factor": access.EDIT, "deactivate": access.EDIT}
    fresh_auth_for = {access.EXPORT, access.CREATE, access.EDIT}

    def on_model_change(self, form, model, is_created):
        if access.AGENCY in model.role_names and model.agency is None:
            raise ValidationError("An agency user must belong to an agency.")
        model.email = model.email.strip().lower()
        if is_created:
            model.fs_uniquifier = uuid.uuid4().hex
            model.password = None

    def after_model_change(self, form, model, is_created):
        if is_created:
            send_reset_password_instructions(model)
            flash(f"An e-mail inviting {model.email} to set a password has been queued.", "info")

    @action("reset_two_factor", "Reset two-factor",
            "The selected users must set up their authenticator again at next sign-in. Continue?")
    def reset_two_factor(self, ids):
        for user in self.selected(ids):
            with db.session.no_autoflush:  # one audit row per user, not one per lazy load
                # every secret, code and token goes; sessions end; the password stays
                datastore.reset_user_access(user)
                user.tf_last_counter = None  # ours: the replay guard of the old secret
        db.session.commit()
        flash("Two-factor reset; the users will be asked to set it up at next sign-in.", "success")

    @action("deactivate", "Deactivate", "Deactivate the selected users and end their sessions?")
    def deactivate(self, ids):
        for user in self.selected(ids):
            datastore.deactivate_user(user)
        db.session.commit()
        flash("Users deactivated.", "success")


class RoleView(SecureModelView):
    name = "Roles"
    column_list = ("name", "description")
    form_columns = ("name", "description")


def register(admin):
    admin.add_view(UserView(User, category="Administration", endpoint="user"))
    admin.add_view(RoleView(Role, category="Administration", endpoint="role"))
