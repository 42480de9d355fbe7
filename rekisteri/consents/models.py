"""Marketing permissions and the person's privacy switches, kept as append-only records.

- ``PermissionText``: the words a person is shown when asked for a permission, per channel and
  language. Editing a text publishes a new version; a published version never changes, so a
  grant can always show exactly what the person agreed to (GDPR Art. 7(1), L8).
- ``ConsentRecord``: one grant or one withdrawal of one channel (seed S10, L8, L21). The
  current state of a channel is its newest record; nothing is ever updated.
- ``PrivacySwitchRecord``: one change of the direct-marketing prohibition (seed S8, L4) or of
  the restriction of processing (L14). The current state is the newest record.
- ``ConfirmedAddress``: an email address the person has shown to be theirs; marketing email
  goes only to a confirmed address.

Records are never edited: ``save()`` refuses to update an existing row, so a bug cannot
quietly rewrite the proof of what someone agreed to. They are deleted with the person
(erasure) or when their retention period ends.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer


class MarketingChannel(models.TextChoices):
    """The channels a permission is asked for separately."""

    EMAIL = "email", _("email")
    SMS = "sms", _("text message (SMS)")
    POST = "post", _("post")


class ConsentAction(models.TextChoices):
    GRANTED = "granted", _("permission given")
    WITHDRAWN = "withdrawn", _("permission withdrawn")


class ChangeSource(models.TextChoices):
    """Where the person made the change (the form or link they used)."""

    REGISTRATION = "registration", _("registration")
    PROFILE = "profile", _("My account page")
    CONTEST = "contest", _("contest entry")
    CHECKOUT = "checkout", _("checkout")
    UNSUBSCRIBE_LINK = "unsubscribe_link", _("unsubscribe link in a message")
    STAFF = "staff", _("our staff, at the person's request")


class PrivacySwitch(models.TextChoices):
    MARKETING_PROHIBITION = "marketing_prohibition", _("prohibition of direct marketing")
    RESTRICTION = "restriction", _("restriction of processing")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed (it may be deleted with the person)."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise TypeError(f"{type(self).__name__} rows are never changed; add a new one")
        super().save(*args, **kwargs)


class PermissionText(AppendOnlyModel):
    channel = models.CharField(_("channel"), max_length=8, choices=MarketingChannel.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), max_length=1000)
    published_at = models.DateTimeField(_("published"), default=timezone.now)

    class Meta:
        ordering = ["channel", "language", "-version"]
        verbose_name = _("permission text")
        verbose_name_plural = _("permission texts")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "language", "version"], name="permission_text_version_unique"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="permission_text_version_1"),
        ]

    def __str__(self) -> str:
        return f"{self.channel}/{self.language} v{self.version}"

    def access_package_value(self) -> str:
        """How a consent's text appears in the person's access package: the words agreed to."""
        return f"v{self.version} ({self.published_at:%Y-%m-%d}): {self.text}"


class ConsentRecord(AppendOnlyModel):
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="consent_records",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=MarketingChannel.choices)
    action = models.CharField(_("change"), max_length=10, choices=ConsentAction.choices)
    source = models.CharField(_("where"), max_length=20, choices=ChangeSource.choices)
    # The exact words shown when the permission was given. A text that a grant points at
    # can never be deleted (PROTECT): the proof must stay whole.
    text_version = models.ForeignKey(
        PermissionText,
        verbose_name=_("text shown"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("marketing permission record")
        verbose_name_plural = _("marketing permission records")
        indexes = [models.Index(fields=["customer", "channel", "-id"], name="consent_latest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action=ConsentAction.WITHDRAWN) | Q(text_version__isnull=False),
                name="consent_grant_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"consent record {self.pk}: {self.channel} {self.action}"

    @property
    def granted(self) -> bool:
        return self.action == ConsentAction.GRANTED


class PrivacySwitchRecord(AppendOnlyModel):
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="privacy_switch_records",
    )
    switch = models.CharField(_("switch"), max_length=24, choices=PrivacySwitch.choices)
    enabled = models.BooleanField(_("on"))
    source = models.CharField(_("where"), max_length=20, choices=ChangeSource.choices)
    recorded_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("prohibition or restriction record")
        verbose_name_plural = _("prohibition and restriction records")
        indexes = [models.Index(fields=["customer", "switch", "-id"], name="privacy_switch_latest")]

    def __str__(self) -> str:
        return f"privacy switch record {self.pk}: {self.switch} {'on' if self.enabled else 'off'}"


class ConfirmedAddress(models.Model):
    """An email address the person confirmed by opening a link sent to it.

    The accounts app sends the link and calls ``email_address_confirm`` when it is opened;
    only the customer's current address counts when marketing email is sent.
    """

    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="confirmed_addresses",
    )
    email = models.EmailField(_("email address"))
    confirmed_at = models.DateTimeField(_("confirmed"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmed email address")
        verbose_name_plural = _("confirmed email addresses")
        constraints = [
            models.UniqueConstraint(fields=["customer", "email"], name="confirmed_address_unique"),
        ]

    def __str__(self) -> str:
        # Never the address itself: this string can end up in logs.
        return f"confirmed address {self.pk}"
