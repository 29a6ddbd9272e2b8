"""E-mails about forms (bodies in templates/email/). They carry a link and what the recipient
must do, never case details: no names of people in the review, no circumstances (mail leaves
our secure system)."""
import mailer
from models import RoleName


def agency_recipients(agency):
    """The agency's contact address and its active agency users, each once."""
    contact = {agency.contact_email.strip().lower()} if agency.contact_email else set()
    return sorted(contact | set(mailer.active_addresses(RoleName.agency_user, agency)))


def send_request(request):
    return mailer.send_template(agency_recipients(request.agency), "form_sent", request=request)


def reminder(request, addresses, overdue_days=0):
    if overdue_days:
        return mailer.send_template(addresses, "form_overdue", request=request,
                                    overdue_days=overdue_days)
    return mailer.send_template(addresses, "form_reminder", request=request)


def escalation(request, addresses, overdue_days):
    return mailer.send_template(addresses, "form_escalation", request=request,
                                overdue_days=overdue_days)


def returned(request):
    return mailer.send_template(agency_recipients(request.agency), "form_returned",
                                request=request)


def death_notified(review, agency):
    return mailer.send_template(mailer.active_addresses(RoleName.review_manager),
                                "notification_received", review=review, agency=agency)
