"""Reads about accounts: whose customer record an account is, whether its address is
confirmed, and what a link in a mail points at."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from rekisteri.accounts.links import LinkError, LinkProblem, hash_of_token, link_lifetime
from rekisteri.accounts.models import (
    EmailConfirmation,
    EmailLinkPurpose,
    PendingRegistration,
    User,
)
from rekisteri.customers.models import Customer


def customer_of(user: object) -> Customer | None:
    """The customer record of a signed-in customer; None for staff and visitors."""
    if not isinstance(user, User) or user.is_staff:
        return None
    return Customer.objects.filter(user=user).first()


def email_confirmed(user: User) -> bool:
    return not PendingRegistration.objects.filter(user=user).exists()


def email_change_pending(user: User) -> bool:
    return EmailConfirmation.objects.filter(
        user=user,
        purpose=EmailLinkPurpose.EMAIL_CHANGE,
        used_at__isnull=True,
        sent_at__gt=timezone.now() - link_lifetime(),
    ).exists()


def email_confirmation_for(token: str) -> EmailConfirmation:
    """The confirmation a link's token stands for, if it can still be used; LinkError if not."""
    confirmation = (
        EmailConfirmation.objects.select_related("user")
        .filter(secret_hash=hash_of_token(token))
        .first()
    )
    if confirmation is None:
        raise LinkError(LinkProblem.UNKNOWN)
    if confirmation.used_at is not None:
        raise LinkError(LinkProblem.USED)
    if timezone.now() >= confirmation.sent_at + link_lifetime():
        raise LinkError(LinkProblem.EXPIRED)
    return confirmation


def password_reset_user(uidb64: str, token: str) -> User | None:
    """The customer account a password reset link is for, if the link is still good.

    Django's token covers the password hash and the last sign-in, so a link stops working
    once it has been used, and after ``PASSWORD_RESET_TIMEOUT``.
    """
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True, is_staff=False).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user
