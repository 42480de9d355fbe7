"""The customer: one person in the register, however they entered it.

Every other sub-register (accounts, orders, contest entries, feedback, permissions) points
here, so the access package and erasure can find everything about one person by following
the data map's paths to this model. ``public_id`` is the pseudonymous id the audit log and the
erasure ledger use instead of a name or an address.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.search_key import search_key_of

# What a person gives of themselves: the fields customer service and the person may correct.
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "street_address",
    "postal_code",
    "city",
    "country",
    "phone",
    "email",
    "preferred_language",
)
# The whole record as staff see it: the contact data and how the person entered the register.
RECORD_FIELDS = (*CONTACT_FIELDS, "channel", "entered_at", "last_active_at")


class Channel(models.TextChoices):
    """How a person entered the register (seed S2)."""

    REGISTRATION = "registration", _("registered as a service user")
    CHECKOUT = "checkout", _("became a webshop customer")
    CONTEST = "contest", _("entered a contest")
    FEEDBACK = "feedback", _("sent feedback")
    STAFF = "staff", _("entered by customer service")


class SearchKeyField(models.TextField):
    """The customer's folded name, email and phone (see ``search_key``), computed from the
    other fields whenever the row is written: on ``save()`` and ``bulk_create()`` alike, so
    no way of adding customers can leave a record that search cannot find. A ``save()`` with
    ``update_fields`` must name this field too (``customer_update`` does); a queryset
    ``update()`` of the contact fields would leave it stale, so nothing does that."""

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        key = search_key_of(model_instance)
        setattr(model_instance, self.attname, key)
        return key


class Customer(models.Model):
    public_id = models.UUIDField(
        _("pseudonymous id"), default=uuid.uuid4, unique=True, editable=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
    )
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True, default="FI")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="fi",
    )
    channel = models.CharField(_("entered the register by"), max_length=20, choices=Channel.choices)
    entered_at = models.DateTimeField(_("entered the register"), default=timezone.now)
    # The customer relationship's last sign of life (an order, a sign-in, a contact): the
    # retention period of the customer's data runs from here.
    last_active_at = models.DateTimeField(_("last active"), default=timezone.now)
    search_key = SearchKeyField(_("search key"), blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        indexes = [
            models.Index(Lower("email"), name="customer_email_lower"),
            models.Index(fields=["last_name", "first_name"]),
            # Retention finds the people inactive for too long (daily, and after a restore).
            models.Index(fields=["last_active_at"]),
        ]

    def __str__(self) -> str:
        # Never the name: this string can end up in logs and error pages.
        return f"customer {self.public_id}"
