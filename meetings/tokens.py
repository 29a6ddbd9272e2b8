"""Answer links: each invitation gets a random token, kept only as its SHA-256 with an expiry
(the meeting's end). A link works for its own invitation only, until it expires; a new
e-mail about the meeting gives a new link and the old one stops working."""
import hashlib
import hmac
import secrets

from models.mixins import utcnow


def digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


def issue(invitation, expires_at):
    """A new token for ``invitation`` (the caller commits); returns the token to mail."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = digest(token)
    invitation.token_expires_at = expires_at
    return token


def matches(invitation, token, now=None):
    """Does ``token`` open ``invitation``, now? Compared in constant time."""
    if invitation is None or not invitation.token_hash or not token or len(token) > 100:
        return False
    if invitation.token_expires_at is None or (now or utcnow()) >= invitation.token_expires_at:
        return False
    return hmac.compare_digest(invitation.token_hash, digest(token))
