"""Sign-in accounts and what keeps them safe.

``User`` is the sign-in account: the email address is the username and the password is stored
only as an Argon2id hash. A customer's contact data lives on the customer record, not here.
``PendingRegistration``, ``EmailConfirmation`` and ``SignInFailure`` hold the short-lived state
of registration, email confirmation and sign-in throttling.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def normalise_email(value: str) -> str:
    """The form in which addresses are stored and compared: trimmed, lower case."""
    return value.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("name shown to colleagues"), max_length=150, blank=True)
    is_staff = models.BooleanField(_("staff member"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("created"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return str(self.public_id)


class PendingRegistration(models.Model):
    """An account whose email address has not been confirmed yet.

    The row exists from registration until the confirmation link is opened. The retention job
    recognises unconfirmed registrations by it: an account still pending after the period set
    by ``REKISTERI_UNCONFIRMED_REGISTRATION_DAYS`` is erased with its customer record.
    """

    user = models.OneToOneField(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="pending_registration",
    )
    registered_at = models.DateTimeField(_("registered"), default=timezone.now)

    class Meta:
        verbose_name = _("unconfirmed registration")
        verbose_name_plural = _("unconfirmed registrations")

    def __str__(self) -> str:
        return f"pending registration {self.pk}"


class EmailLinkPurpose(models.TextChoices):
    REGISTRATION = "registration", _("confirming the address given at registration")
    EMAIL_CHANGE = "email_change", _("confirming a new email address")


class EmailConfirmation(models.Model):
    """A single-use link sent to an email address to prove the person reads it.

    Only a hash of the link's secret is stored, so the table cannot be used to confirm
    anything. For an email change, ``email`` is the new address, which takes effect only when
    the link is opened (a pending change).
    """

    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="email_confirmations",
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=EmailLinkPurpose.choices)
    email = models.EmailField(_("address to confirm"))
    secret_hash = models.CharField(_("hash of the link's secret"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("email confirmation link")
        verbose_name_plural = _("email confirmation links")

    def __str__(self) -> str:
        return f"email confirmation {self.pk}"


class SignInFailure(models.Model):
    """One failed sign-in, for throttling further tries.

    The account and the client address are kept only as keyed hashes (HMAC with the secret
    key), so the table says neither who tried nor from where; it can only answer "how many
    recent failures for this account / this address".
    """

    account_key = models.CharField(_("keyed hash of the account"), max_length=64)
    address_key = models.CharField(_("keyed hash of the client address"), max_length=64)
    failed_at = models.DateTimeField(_("time"))

    class Meta:
        verbose_name = _("failed sign-in")
        verbose_name_plural = _("failed sign-ins")
        indexes = [
            models.Index(fields=["account_key", "failed_at"]),
            models.Index(fields=["address_key", "failed_at"]),
            models.Index(fields=["failed_at"]),
        ]

    def __str__(self) -> str:
        return f"failed sign-in {self.pk}"
