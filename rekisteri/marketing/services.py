"""Writes of the marketing app: writing a campaign, ordering it sent, and sending it.

Sending is done by the register itself (no list leaves for an outside mailing service), in
batches, by ``campaigns_send`` (the ``campaigns_send`` command, run by the scheduler). Each
batch:

1. in one transaction, locks the campaign, picks the next recipients who have no delivery
   row for it yet (the recipient rules are checked again for every batch) and writes a row
   for each, marked *being sent*, with an audit event; the rows commit before any message
   leaves;
2. sends the messages over one mail connection, each with its own one-click unsubscribe
   link and ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` headers (RFC 8058);
3. in a second transaction, marks each row sent or failed.

A person with a row is never picked again, so a sender that dies midway sends nothing twice
when the job runs again: the rows it left *being sent* (a process killed outright leaves its
whole batch so; one stopped by an exception records what it had sent) are counted as
unknown, the message may or may not have gone, and are not retried. Marketing is sent at
most once, never twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.consents.models import MarketingChannel
from rekisteri.consents.unsubscribe import unsubscribe_headers, unsubscribe_url
from rekisteri.customers.models import Customer
from rekisteri.marketing.models import (
    BODY_MAX_LENGTH,
    SUBJECT_MAX_LENGTH,
    Campaign,
    CampaignDelivery,
    CampaignStatus,
    DeliveryStatus,
)
from rekisteri.marketing.selectors import campaign_delivery_counts, campaign_recipients
from rekisteri.privacy.datamap import purposes

BATCH_SIZE = 500
CAMPAIGN_WRITERS = frozenset({Role.MARKETING})
MESSAGE_TEMPLATE = "marketing/email/campaign.txt"


def _check_marketing(actor: Actor) -> None:
    if actor.kind != ActorKind.SYSTEM and not (actor.roles & CAMPAIGN_WRITERS):
        raise PermissionDenied(_("Only marketing may write and send campaigns."))


def _purpose(campaign: Campaign) -> str:
    return (
        purposes.DIRECT_MARKETING if campaign.soft_opt_in else purposes.ELECTRONIC_MARKETING
    ).key


def _clean_subject(subject: str) -> str:
    subject = " ".join(subject.split())
    if not subject:
        raise ValidationError(_("Write a subject."), code="required")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationError(
            _("The subject may be at most %(limit)d characters long.")
            % {"limit": SUBJECT_MAX_LENGTH},
            code="max_length",
        )
    return subject


def _clean_body(body: str) -> str:
    body = "\n".join(line.rstrip() for line in body.replace("\r\n", "\n").split("\n")).strip()
    if not body:
        raise ValidationError(_("Write the text of the message."), code="required")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("The text may be at most %(limit)d characters long.") % {"limit": BODY_MAX_LENGTH},
            code="max_length",
        )
    if "\x00" in body:
        raise ValidationError(_("The text contains a character that cannot be stored."), "null")
    return body


def campaign_create(
    *, actor: Actor, subject: str, body: str, language: str, soft_opt_in: bool
) -> Campaign:
    """Write a new campaign (a draft: nothing is sent until it is ordered sent)."""
    _check_marketing(actor)
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Choose the language of the message."), code="language")
    campaign = Campaign(
        subject=_clean_subject(subject),
        body=_clean_body(body),
        language=language,
        soft_opt_in=bool(soft_opt_in),
    )
    with transaction.atomic():
        campaign.save()
        audit_record(
            actor=actor,
            action="marketing.campaign_create",
            purpose=_purpose(campaign),
            detail={
                "campaign": campaign.pk,
                "language": language,
                "soft_opt_in": campaign.soft_opt_in,
            },
        )
    return campaign


def campaign_send_order(*, actor: Actor, campaign: Campaign) -> int:
    """Order a draft campaign sent; the scheduler's job sends it. Returns how many people
    would get it now (the figure recorded in the audit log; the sending checks again)."""
    _check_marketing(actor)
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != CampaignStatus.DRAFT:
            raise ValidationError(_("This campaign has already been sent."), code="not_draft")
        count = campaign_recipients(locked).count()
        if count == 0:
            raise ValidationError(
                _("No one would receive this campaign: it was not sent."), code="no_recipients"
            )
        locked.status = CampaignStatus.QUEUED
        locked.queued_at = timezone.now()
        locked.save(update_fields=["status", "queued_at"])
        audit_record(
            actor=actor,
            action="marketing.campaign_send_order",
            purpose=_purpose(locked),
            detail={"campaign": locked.pk, "recipients": count},
        )
    campaign.status, campaign.queued_at = locked.status, locked.queued_at
    return count


@dataclass(frozen=True)
class BatchResult:
    sent: int = 0
    failed: int = 0
    finished: bool = False  # nothing was left to send: the campaign is now sent


def campaign_send_batch(
    *, actor: Actor, campaign: Campaign, batch_size: int = BATCH_SIZE
) -> BatchResult:
    """Send the next batch of a queued campaign (see the module's description)."""
    if actor.kind != ActorKind.SYSTEM:
        raise PermissionDenied(_("Campaigns are sent by the register's own job."))
    claimed = _claim(actor, campaign, batch_size)
    if claimed is None:
        return BatchResult(finished=True)
    sent: list[int] = []
    failed: list[int] = []
    try:
        _send(campaign, claimed, sent, failed)
    finally:
        # Also when the sender is being stopped midway: what is known to have gone out is
        # recorded; only a process killed outright leaves its whole batch unknown.
        with transaction.atomic():
            CampaignDelivery.objects.filter(campaign=campaign, customer_id__in=sent).update(
                status=DeliveryStatus.SENT, sent_at=timezone.now()
            )
            CampaignDelivery.objects.filter(campaign=campaign, customer_id__in=failed).update(
                status=DeliveryStatus.FAILED
            )
    return BatchResult(sent=len(sent), failed=len(failed))


def _claim(actor: Actor, campaign: Campaign, batch_size: int) -> list[Customer] | None:
    """Write the delivery rows of the next batch, or finish the campaign when no one is
    left. None: nothing to send."""
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        if locked is None or locked.status not in {CampaignStatus.QUEUED, CampaignStatus.SENDING}:
            return None
        already = CampaignDelivery.objects.filter(campaign=locked, customer=OuterRef("pk"))
        chosen = list(
            campaign_recipients(locked)
            .filter(~Exists(already))
            .only("pk", "public_id", "email")[:batch_size]
        )
        if not chosen:
            _finish(actor, locked)
            return None
        CampaignDelivery.objects.bulk_create(
            [CampaignDelivery(campaign=locked, customer=customer) for customer in chosen]
        )
        if locked.status == CampaignStatus.QUEUED:
            locked.status = CampaignStatus.SENDING
            locked.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="marketing.campaign_batch",
            categories=["user.contact.email"],
            purpose=_purpose(locked),
            detail={"campaign": locked.pk, "messages": len(chosen)},
        )
    campaign.status = locked.status
    return chosen


def _finish(actor: Actor, campaign: Campaign) -> None:
    counts = campaign_delivery_counts(campaign)
    campaign.status = CampaignStatus.SENT
    campaign.finished_at = timezone.now()
    campaign.save(update_fields=["status", "finished_at"])
    audit_record(
        actor=actor,
        action="marketing.campaign_sent",
        purpose=_purpose(campaign),
        detail={
            "campaign": campaign.pk,
            "sent": counts.sent,
            "failed": counts.failed,
            "unknown": counts.unknown,
        },
    )


def _message(campaign: Campaign, customer: Customer, connection: BaseEmailBackend) -> EmailMessage:
    base_url = str(settings.REKISTERI_SITE_URL)
    context = {
        "body": campaign.body,
        "soft_opt_in": campaign.soft_opt_in,
        "unsubscribe_url": unsubscribe_url(customer, MarketingChannel.EMAIL, base_url=base_url),
    }
    with translation.override(campaign.language):
        body = render_to_string(MESSAGE_TEMPLATE, context)
    return EmailMessage(
        campaign.subject,
        body,
        to=[customer.email],
        headers=unsubscribe_headers(customer, base_url=base_url),
        connection=connection,
    )


def _send(
    campaign: Campaign, customers: Iterable[Customer], sent: list[int], failed: list[int]
) -> None:
    """Send one message to each, adding the customer's id to ``sent`` or ``failed``."""
    connection = get_connection()
    connection.open()
    try:
        for customer in customers:
            try:
                _message(campaign, customer, connection).send()
            except Exception:
                # A refused address or a passing server error: this person only. The error
                # text can quote the address, so it is not logged.
                failed.append(customer.pk)
            else:
                sent.append(customer.pk)
    finally:
        connection.close()


@dataclass(frozen=True)
class SendReport:
    campaigns_finished: int = 0
    sent: int = 0
    failed: int = 0


def campaigns_send(
    *, actor: Actor, batch_size: int = BATCH_SIZE, max_batches: int | None = None
) -> SendReport:
    """Send every campaign that waits to be sent or was left midway, batch by batch, until
    all are finished (or ``max_batches`` batches have run)."""
    if actor.kind != ActorKind.SYSTEM:
        raise PermissionDenied(_("Campaigns are sent by the register's own job."))
    finished = sent = failed = batches = 0
    waiting = Campaign.objects.filter(
        status__in=[CampaignStatus.QUEUED, CampaignStatus.SENDING]
    ).order_by("queued_at", "pk")
    for campaign in waiting:
        while max_batches is None or batches < max_batches:
            result = campaign_send_batch(actor=actor, campaign=campaign, batch_size=batch_size)
            if result.finished:
                finished += 1
                break
            batches += 1
            sent, failed = sent + result.sent, failed + result.failed
    return SendReport(campaigns_finished=finished, sent=sent, failed=failed)
