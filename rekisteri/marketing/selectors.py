"""Reads for marketing: aggregate figures, campaign recipients and campaign progress.

Marketing never browses individuals (DESIGN.md): everything here returns counts, except
``campaign_recipients``, which the sending service uses and no page shows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from rekisteri.consents.models import ConsentAction, ConsentRecord, MarketingChannel, PrivacySwitch
from rekisteri.consents.selectors import (
    email_recipients,
    marketing_recipients,
    privacy_switch_count,
)
from rekisteri.customers.models import Customer
from rekisteri.marketing.models import Campaign, CampaignDelivery, DeliveryStatus

# Counts below this are shown as "fewer than 5": a figure about one or two people, next to
# something else staff know, could tell about a person.
SMALL_COUNT = 5
MONTHS_SHOWN = 12


@dataclass(frozen=True)
class Figure:
    value: int

    @property
    def small(self) -> bool:
        return 0 < self.value < SMALL_COUNT


@dataclass(frozen=True)
class ChannelFigures:
    channel: MarketingChannel
    may_be_sent: Figure  # a valid basis now: permission, contact, not prohibited or restricted
    granted: Figure  # the newest record is a grant (before prohibitions and restrictions)
    withdrawn: Figure  # the newest record is a withdrawal


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date
    # For each channel in the declared order: (permissions given, permissions withdrawn).
    channels: list[tuple[Figure, Figure]]


@dataclass(frozen=True)
class MarketingFigures:
    customers: Figure
    prohibited: Figure
    restricted: Figure
    soft_opt_in_email: Figure  # existing customers reachable only by the soft opt-in
    channels: list[ChannelFigures]
    months: list[MonthFigures]


def _newest_actions() -> dict[tuple[str, str], int]:
    """How many people's newest record of each channel is each action."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    # The newest record per person and channel: the greatest id.
    newest_ids = (
        ConsentRecord.objects.values("customer_id", "channel")
        .annotate(newest=Max("id"))
        .values("newest")
    )
    rows = (
        ConsentRecord.objects.filter(id__in=newest_ids)
        .values("channel", "action")
        .annotate(n=Count("id"))
    )
    for row in rows:
        counts[(row["channel"], row["action"])] = row["n"]
    return counts


def _month_start(now: datetime.datetime, back: int) -> datetime.date:
    year, month = now.year, now.month - back
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.date(year, month, 1)


def _monthly(now: datetime.datetime) -> list[MonthFigures]:
    local = timezone.localtime(now)
    first = _month_start(local, MONTHS_SHOWN - 1)
    since = datetime.datetime(first.year, first.month, 1, tzinfo=timezone.get_current_timezone())
    rows = (
        ConsentRecord.objects.filter(recorded_at__gte=since)
        .annotate(month=TruncMonth("recorded_at"))
        .values("month", "channel", "action")
        .annotate(n=Count("id"))
    )
    table: dict[tuple[datetime.date, str, str], int] = {}
    for row in rows:
        month = row["month"]
        day = month.date() if isinstance(month, datetime.datetime) else month
        table[(day, row["channel"], row["action"])] = row["n"]
    months = []
    for back in range(MONTHS_SHOWN - 1, -1, -1):
        month = _month_start(local, back)
        cells = [
            (
                Figure(table.get((month, c.value, ConsentAction.GRANTED), 0)),
                Figure(table.get((month, c.value, ConsentAction.WITHDRAWN), 0)),
            )
            for c in MarketingChannel
        ]
        months.append(MonthFigures(month, cells))
    return months


def marketing_figures() -> MarketingFigures:
    """The marketing view's figures: counts only, never a person."""
    newest = _newest_actions()
    channels = [
        ChannelFigures(
            channel,
            Figure(marketing_recipients(channel).count()),
            Figure(newest[(channel.value, ConsentAction.GRANTED)]),
            Figure(newest[(channel.value, ConsentAction.WITHDRAWN)]),
        )
        for channel in MarketingChannel
    ]
    with_soft = email_recipients(soft_opt_in=True).count()
    return MarketingFigures(
        customers=Figure(Customer.objects.count()),
        prohibited=Figure(privacy_switch_count(PrivacySwitch.MARKETING_PROHIBITION)),
        restricted=Figure(privacy_switch_count(PrivacySwitch.RESTRICTION)),
        soft_opt_in_email=Figure(with_soft - channels[0].may_be_sent.value),
        channels=channels,
        months=_monthly(timezone.now()),
    )


# Campaigns.


def campaign_recipients(campaign: Campaign) -> QuerySet[Customer]:
    """Who would get ``campaign`` now: a valid email basis (L21) and the campaign's language
    as their preferred language. Re-evaluated for every batch, so a withdrawal or a
    prohibition made while a campaign is being sent is honoured for the rest of it."""
    return email_recipients(soft_opt_in=campaign.soft_opt_in).filter(
        preferred_language=campaign.language
    )


def campaign_preview_count(campaign: Campaign) -> int:
    return campaign_recipients(campaign).count()


@dataclass(frozen=True)
class DeliveryCounts:
    sent: int = 0
    failed: int = 0
    # Claimed by a sender that stopped before it could say whether the message went out;
    # never sent again (at most once).
    unknown: int = 0

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.unknown


def campaign_delivery_counts(campaign: Campaign) -> DeliveryCounts:
    counts = dict(
        CampaignDelivery.objects.filter(campaign=campaign)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return DeliveryCounts(
        sent=counts.get(DeliveryStatus.SENT, 0),
        failed=counts.get(DeliveryStatus.FAILED, 0),
        unknown=counts.get(DeliveryStatus.SENDING, 0),
    )


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-created_at", "-pk")


def campaign_get(pk: int) -> Campaign | None:
    return Campaign.objects.filter(pk=pk).first()
