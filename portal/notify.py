"""An agency (typically the police) notifies the CSP of a death."""
from flask import flash, redirect, render_template, url_for
from flask_security import current_user

import access
from agency_forms import notification
from agency_forms.fields import notification_form
from portal import bp
from portal.guard import agency_page, notifying_agency


@bp.route("/notify", methods=["GET", "POST"])
@agency_page
def notify():
    access.require("form_request", access.NOTIFY)
    agency = notifying_agency()
    if agency is None:
        access.deny(403, "agency")
    form = notification_form(radios=True, data={"notifier_name": current_user.full_name,
                                   "notifier_role": current_user.job_title,
                                   "notifier_email": current_user.email})
    if form.validate_on_submit():
        notified = notification.notify(form, agency, current_user)
        if notified.problem:
            flash(f"Not sent yet. {notified.problem}", "warning")
        else:
            flash(f"Thank you. The notification is recorded as {notified.review.reference} "
                  "and the review team has been told.", "success")
            return redirect(url_for("portal.form_request",
                                    request_id=notification.review_request(notified.review).id))
    return render_template("portal/notify.html", form=form)

