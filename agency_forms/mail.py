"""E-mails about forms. They carry a link and what the recipient must do, never case details:
no names of people in the review, no circumstances (mail leaves our secure system)."""
import mailer
from dates import day
from models import RoleName


def portal_link(request):
    return mailer.link(f"/portal/requests/{request.id}")


def agency_recipients(agency):
    """The agency's contact address and its active agency users, each once."""
    contact = {agency.contact_email.strip().lower()} if agency.contact_email else set()
    return sorted(contact | set(mailer.active_addresses(RoleName.agency_user, agency)))


def _send_all(addresses, subject, body):
    for address in addresses:
        mailer.send(address, subject, body)
    return addresses


def _due(request):
    return f"It is due on {day(request.due_on)}." if request.due_on else ""


def send_request(request):
    body = (f"Your agency has been asked to complete a {request.form_type.label} for a review "
            f"run by the Community Safety Partnership. {_due(request)}\n\n"
            f"Sign in to the agency portal to read the request and complete the form:\n"
            f"{portal_link(request)}\n")
    return _send_all(agency_recipients(request.agency),
                     "DHR Case Review: a form is waiting for your agency", body)


def reminder(request, addresses, overdue_days=0):
    if overdue_days:
        lead = (f"A {request.form_type.label} your agency was asked for is {overdue_days} "
                f"day{'s' if overdue_days != 1 else ''} overdue.")
    else:
        lead = f"A reminder: your agency has a {request.form_type.label} to complete."
    body = f"{lead} {_due(request)}\n\nPlease complete it in the agency portal:\n" \
           f"{portal_link(request)}\n"
    return _send_all(addresses, "DHR Case Review: reminder about a form", body)


def escalation(request, addresses, overdue_days):
    body = (f"You are the senior contact of {request.agency.name}. A {request.form_type.label} "
            f"your agency was asked for is {overdue_days} days overdue, despite reminders. "
            f"{_due(request)}\n\nPlease make sure it is completed. The request is in the agency "
            f"portal:\n{portal_link(request)}\n")
    return _send_all(addresses, "DHR Case Review: overdue form needs your attention", body)


def returned(request):
    body = (f"The {request.form_type.label} your agency submitted has been returned for "
            f"changes. {_due(request)}\n\nThe comments and the form are in the agency portal:\n"
            f"{portal_link(request)}\n")
    return _send_all(agency_recipients(request.agency),
                     "DHR Case Review: a form has been returned for changes", body)


def death_notified(review, agency):
    body = (f"{agency.name} has notified the Community Safety Partnership of a death "
            f"(reference {review.reference}, notified on {day(review.notified_on)}).\n\n"
            f"A decision whether to hold a review is now needed. Open the notification:\n"
            f"{mailer.link(f'/admin/formrequest/review/{review.id}/')}\n")
    return _send_all(mailer.active_addresses(RoleName.review_manager),
                     f"DHR Case Review: new death notified ({review.reference})", body)
