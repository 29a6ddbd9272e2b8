"""Attachments in the portal: downloaded here; added and removed through the form's own save
(portal.requests), so that choosing a file never costs the answers typed beside it."""
import audit
from agency_forms import attachments
from models import AuditAction, FormAttachment
from portal import bp
from portal.guard import agency_page, visible


@bp.route("/attachments/<int:attachment_id>")
@agency_page
def download_attachment(attachment_id):
    attachment = visible(FormAttachment, attachment_id)
    audit.record(AuditAction.view, obj=attachment)
    return attachments.download(attachment)
