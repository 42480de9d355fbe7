"""What keeps staff sign-in safe: invitations, the second factor, and the sessions to end.

``StaffInvitation`` is the single-use link a new staff member sets their password with.
``TotpDevice`` is their authenticator (RFC 6238), ``RecoveryCode`` the one-time codes for when
the phone is lost, ``SecondFactorFailure`` a wrong code (for throttling), and ``StaffSession``
names the sessions a staff member has open, so that disabling the account ends them at once
without reading every session in the table.

Nothing here holds a secret in a form that can be used as is: link tokens and recovery codes
are kept as SHA-256 hashes, the authenticator secret sealed with a key derived from the
site's secret key (``rekisteri.staff.sealing``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StaffInvitation(models.Model):
    """A link to set the password of a new staff account. Only a hash of its token is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="staff_invitations",
    )
    token_hash = models.CharField(_("hash of the link's token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff invitation")
        verbose_name_plural = _("staff invitations")

    def __str__(self) -> str:
        return f"staff invitation {self.pk}"


class TotpDevice(models.Model):
    """A staff member's authenticator: a TOTP secret, confirmed with a first code.

    ``last_step`` is the time step of the last code accepted, so a code cannot be used twice.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="totp_device",
    )
    sealed_secret = models.CharField(_("sealed secret"), max_length=200)
    confirmed_at = models.DateTimeField(_("taken into use"), default=timezone.now)
    last_step = models.BigIntegerField(_("time step of the last code used"), default=0)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self) -> str:
        return f"authenticator {self.pk}"


class RecoveryCode(models.Model):
    """One of a staff member's one-time recovery codes, kept only as a hash."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="recovery_codes",
    )
    code_hash = models.CharField(_("hash of the code"), max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="staff_recovery_code_once")
        ]

    def __str__(self) -> str:
        return f"recovery code {self.pk}"


class SecondFactorFailure(models.Model):
    """One wrong code at the second sign-in step, for throttling further tries."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="second_factor_failures",
    )
    failed_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        verbose_name = _("wrong sign-in code")
        verbose_name_plural = _("wrong sign-in codes")
        indexes = [models.Index(fields=["user", "failed_at"])]

    def __str__(self) -> str:
        return f"wrong sign-in code {self.pk}"


class StaffSession(models.Model):
    """A session a staff member signed in with: ending their sessions deletes these keys."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="staff_sessions",
    )
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    started_at = models.DateTimeField(_("signed in"), default=timezone.now)

    class Meta:
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")

    def __str__(self) -> str:
        return f"staff session {self.pk}"
