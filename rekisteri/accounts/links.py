"""Email confirmation links.

A link carries a random secret, signed with the secret key; the database keeps only the
secret's SHA-256 hash. The signature tells a tampered or mistyped link from one that was
real, without a database look-up; the stored row tells an expired or used link apart. The
email address itself is never in the link.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils.translation import gettext_lazy as _

_SALT = "rekisteri.accounts.email-link"


class LinkProblem(models.TextChoices):
    """Why a link cannot be used, each with the HTTP status its page is served with."""

    TAMPERED = "tampered", _("This link is not valid.")
    EXPIRED = "expired", _("This link has expired.")
    USED = "used", _("This link has already been used.")
    UNKNOWN = "unknown", _("This link is no longer valid.")
    # Django's password reset tokens do not tell a forged link from an expired or used one.
    RESET_INVALID = (
        "reset_invalid",
        _("This password reset link is not valid: it may have expired or already been used."),
    )

    @property
    def status(self) -> int:
        # A link that was never (known to be) real is a bad request; one that was is gone.
        return 400 if self in {LinkProblem.TAMPERED, LinkProblem.RESET_INVALID} else 410


class LinkError(Exception):
    """A link that cannot be used; ``problem`` says why (the message names no person)."""

    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def new_link_secret() -> tuple[str, str]:
    """A fresh link: (the token to put in the URL, the hash to store)."""
    secret = secrets.token_urlsafe(32)
    return signing.Signer(salt=_SALT).sign(secret), secret_hash(secret)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_of_token(token: str) -> str:
    """The stored hash a token's secret has; LinkError(TAMPERED) for a forged token."""
    try:
        secret = signing.Signer(salt=_SALT).unsign(token)
    except signing.BadSignature:
        raise LinkError(LinkProblem.TAMPERED) from None
    return secret_hash(secret)


def link_lifetime() -> datetime.timedelta:
    return datetime.timedelta(hours=settings.REKISTERI_EMAIL_LINK_HOURS)
