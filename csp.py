"""The content security policy: no 'unsafe-inline'. Scripts and styles come from our own files;
the few inline scripts Flask-Admin writes carry the request's nonce."""
import secrets

from flask import g

POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'nonce-{nonce}'; "
    "script-src 'self' 'nonce-{nonce}'; object-src 'none'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'self'")


def nonce():
    """This request's nonce for inline scripts: one per request, unguessable."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def header():
    return POLICY.format(nonce=nonce())
