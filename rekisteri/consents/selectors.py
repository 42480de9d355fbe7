"""Reads of marketing permissions: a person's current state and history, and who may be sent
direct marketing.

The current state of anything here is its newest record (highest id; changes of one person
are serialised by a row lock on the customer, so id order is the order they happened in).

For other apps:

- ``marketing_recipients(channel)``: everyone who may be sent consent-based marketing on a
  channel now;
- ``exclude_marketing_blocked(queryset)``: drop everyone whose marketing is prohibited or
  whose processing is restricted (for marketing that needs no permission, the soft opt-in);
- ``exclude_restricted(queryset)``: drop everyone whose processing is restricted (every bulk
  export must use it);
- ``email_recipients(soft_opt_in=...)``: everyone who may be sent marketing email now, on a
  permission or, for messages about the shop's own similar products, the soft opt-in (L21).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower
from django.utils.translation import gettext as _

from rekisteri.access.policy import may_read
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.consents.models import (
    ConfirmedAddress,
    ConsentAction,
    ConsentRecord,
    MarketingChannel,
    PermissionText,
    PrivacySwitch,
    PrivacySwitchRecord,
)
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import purposes

# Any queryset: of customers, or of rows that lead to a customer.
QS = TypeVar("QS", bound=QuerySet[Any])

FALLBACK_LANGUAGE = "fi"


# Permission texts.


def permission_text_current(channel: MarketingChannel, language: str) -> PermissionText | None:
    """The newest text of ``channel`` in ``language`` (in Finnish when there is none)."""
    for code in dict.fromkeys([language, FALLBACK_LANGUAGE]):
        text = (
            PermissionText.objects.filter(channel=channel, language=code)
            .order_by("-version")
            .first()
        )
        if text is not None:
            return text
    return None


def permission_text_posted(posted: str, channel: MarketingChannel) -> PermissionText | None:
    """The permission text whose id a form carried (the version the page showed), or None
    for anything that is not the id of a text of ``channel``."""
    if not posted.isascii() or not posted.isdigit() or len(posted) > 18:
        return None
    return PermissionText.objects.filter(pk=int(posted), channel=channel).first()


def permission_text_is_current(text: PermissionText) -> bool:
    newest = (
        PermissionText.objects.filter(channel=text.channel, language=text.language)
        .order_by("-version")
        .values_list("pk", flat=True)
        .first()
    )
    return newest == text.pk


def permission_text_versions(channel: MarketingChannel, language: str) -> QuerySet[PermissionText]:
    """Every version of one text, newest first."""
    return PermissionText.objects.filter(channel=channel, language=language).order_by("-version")


# One person's state and history.


@dataclass(frozen=True)
class ChannelState:
    channel: MarketingChannel
    latest: ConsentRecord | None  # the newest grant or withdrawal; None: never asked

    @property
    def granted(self) -> bool:
        return self.latest is not None and self.latest.granted


def consent_states(customer: Customer) -> list[ChannelState]:
    """The current permission of each channel, in the channels' declared order."""
    latest: dict[str, ConsentRecord] = {}
    for record in (
        ConsentRecord.objects.filter(customer=customer)
        .select_related("text_version")
        .order_by("-id")
    ):
        latest.setdefault(record.channel, record)
    return [ChannelState(channel, latest.get(channel.value)) for channel in MarketingChannel]


def consent_granted(customer: Customer, channel: MarketingChannel) -> bool:
    record = ConsentRecord.objects.filter(customer=customer, channel=channel).order_by("-id")
    return record.values_list("action", flat=True).first() == ConsentAction.GRANTED


def consent_history(customer: Customer) -> QuerySet[ConsentRecord]:
    """Every grant and withdrawal of the person, newest first, with the text shown."""
    return (
        ConsentRecord.objects.filter(customer=customer)
        .select_related("text_version")
        .order_by("-id")
    )


def privacy_switch_history(customer: Customer) -> QuerySet[PrivacySwitchRecord]:
    return PrivacySwitchRecord.objects.filter(customer=customer).order_by("-id")


def _switch_on(customer: Customer, switch: PrivacySwitch) -> bool:
    records = PrivacySwitchRecord.objects.filter(customer=customer, switch=switch).order_by("-id")
    return bool(records.values_list("enabled", flat=True).first())


def is_marketing_prohibited(customer: Customer) -> bool:
    """Has the person prohibited direct marketing (seed S8, L4)?"""
    return _switch_on(customer, PrivacySwitch.MARKETING_PROHIBITION)


def is_restricted(customer: Customer) -> bool:
    """Is the processing of the person's data restricted (GDPR Art. 18, L14)?"""
    return _switch_on(customer, PrivacySwitch.RESTRICTION)


# Querysets for lists and exports.


def _switch_on_expression(switch: PrivacySwitch, customer_ref: str) -> Coalesce:
    newest = (
        PrivacySwitchRecord.objects.filter(customer=OuterRef(customer_ref), switch=switch)
        .order_by("-id")
        .values("enabled")[:1]
    )
    # No record: the switch was never turned on.
    return Coalesce(Subquery(newest), Value(False), output_field=models.BooleanField())


def _customer_ref(customer_path: str) -> str:
    return customer_path or "pk"


def exclude_restricted(queryset: QS, *, customer_path: str = "") -> QS:
    """``queryset`` without the rows of people whose processing is restricted.

    ``queryset`` holds customers, or rows of another model that lead to a customer by the ORM
    path ``customer_path`` (for example ``"customer"`` for orders). Rows that belong to no
    customer are kept. Every bulk export must pass its queryset through this.
    """
    ref = _customer_ref(customer_path)
    return queryset.alias(
        consents_restricted=_switch_on_expression(PrivacySwitch.RESTRICTION, ref)
    ).filter(consents_restricted=False)


def exclude_marketing_blocked(queryset: QS, *, customer_path: str = "") -> QS:
    """``queryset`` without people who have prohibited direct marketing or whose processing
    is restricted: the filter every marketing list needs, with or without a permission."""
    ref = _customer_ref(customer_path)
    return exclude_restricted(
        queryset.alias(
            consents_prohibited=_switch_on_expression(PrivacySwitch.MARKETING_PROHIBITION, ref)
        ).filter(consents_prohibited=False),
        customer_path=customer_path,
    )


def privacy_switch_count(switch: PrivacySwitch) -> int:
    """How many people have ``switch`` on now (a figure for marketing; no one is named)."""
    on = _switch_on_expression(PrivacySwitch(switch), "pk")
    return Customer.objects.alias(consents_on=on).filter(consents_on=True).count()


def marketing_recipients(channel: MarketingChannel | str) -> QuerySet[Customer]:
    """Customers who may be sent direct marketing by ``channel`` on the strength of their
    permission (L8, L21): the newest record of the channel is a grant; there is somewhere to
    send it (for email: the current address, confirmed by the person); and the person has
    neither prohibited direct marketing nor had their processing restricted."""
    channel = MarketingChannel(channel)
    newest_action = (
        ConsentRecord.objects.filter(customer=OuterRef("pk"), channel=channel)
        .order_by("-id")
        .values("action")[:1]
    )
    recipients = Customer.objects.alias(consents_latest=Subquery(newest_action)).filter(
        consents_latest=ConsentAction.GRANTED
    )
    if channel == MarketingChannel.EMAIL:
        confirmed = ConfirmedAddress.objects.filter(
            customer=OuterRef("pk"), email=Lower(OuterRef("email"))
        )
        recipients = recipients.exclude(email="").filter(Exists(confirmed))
    elif channel == MarketingChannel.SMS:
        recipients = recipients.exclude(phone="")
    else:
        recipients = recipients.exclude(street_address="").exclude(postal_code="")
    return exclude_marketing_blocked(recipients).order_by("pk")


def _newest_consent_action(channel: MarketingChannel) -> Subquery:
    return Subquery(
        ConsentRecord.objects.filter(customer=OuterRef("pk"), channel=channel)
        .order_by("-id")
        .values("action")[:1]
    )


def _has_bought() -> Exists:
    """The person has bought from the shop: an order that was paid or invoiced (cancelled and
    unpaid ones do not count). The soft opt-in rests on an address given in a purchase."""
    from rekisteri.orders.models import Order, OrderStatus

    return Exists(
        Order.objects.filter(
            customer=OuterRef("pk"),
            status__in=[
                OrderStatus.PAID,
                OrderStatus.INVOICED,
                OrderStatus.SHIPPED,
                OrderStatus.DELIVERED,
                OrderStatus.RETURNED,
            ],
        )
    )


def email_recipients(*, soft_opt_in: bool) -> QuerySet[Customer]:
    """Customers who may be sent a marketing email now (L8, L21).

    Always: the current address is confirmed by the person, and they have neither prohibited
    direct marketing nor had their processing restricted. Then a basis: the newest email
    record is a grant; or, when ``soft_opt_in`` (the message markets only the shop's own
    products similar to those bought), the person has bought from the shop and has never
    said anything about email marketing: any withdrawal, even one recorded before any grant,
    ends the soft opt-in for good.
    """
    newest = _newest_consent_action(MarketingChannel.EMAIL)
    basis = Q(consents_latest=ConsentAction.GRANTED)
    if soft_opt_in:
        basis |= Q(consents_latest__isnull=True, consents_bought=True)
    confirmed = ConfirmedAddress.objects.filter(
        customer=OuterRef("pk"), email=Lower(OuterRef("email"))
    )
    recipients = (
        Customer.objects.alias(consents_latest=newest, consents_bought=_has_bought())
        .filter(basis)
        .exclude(email="")
        .filter(Exists(confirmed))
    )
    return exclude_marketing_blocked(recipients).order_by("pk")


# Staff reads.


@dataclass(frozen=True)
class ConsentOverview:
    """What a member of staff sees of one person's marketing choices."""

    channels: list[ChannelState]
    marketing_prohibited: bool
    restricted: bool
    history: list[ConsentRecord]


def consent_overview_for_staff(*, actor: Actor, customer: Customer) -> ConsentOverview:
    """One person's permissions, switches and history for customer service or the register
    manager (as the data map allows); the read is recorded in the audit log."""
    if not may_read(actor.roles, ConsentRecord, "action"):
        raise PermissionDenied(_("Your roles do not allow reading marketing permissions."))
    with transaction.atomic():
        overview = ConsentOverview(
            channels=consent_states(customer),
            marketing_prohibited=is_marketing_prohibited(customer),
            restricted=is_restricted(customer),
            history=list(consent_history(customer)),
        )
        audit_record(
            actor=actor,
            action="consent.read",
            subject=str(customer.public_id),
            categories=["user.privacy_preferences"],
            purpose=purposes.PRIVACY_CHOICES.key,
        )
    return overview


def customer_by_public_id(public_id: Any) -> Customer | None:
    return Customer.objects.filter(public_id=public_id).first()


def email_is_confirmed(customer: Customer) -> bool:
    """Has the person confirmed their current email address?"""
    email = customer.email.strip().lower()
    return bool(email) and ConfirmedAddress.objects.filter(customer=customer, email=email).exists()


def customer_of_user(user: Any) -> Customer | None:
    """The customer record of a signed-in account (None for staff-only accounts)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return None
    return Customer.objects.filter(user_id=user.pk).first()
