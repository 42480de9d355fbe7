"""A person's rows in this app (a campaign delivery, every mapped field filled), for the
access-package and erasure tests (``tests/privacy/subject_factories.py`` collects them)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rekisteri.customers.models import Customer
from rekisteri.marketing.models import Campaign, CampaignDelivery, CampaignStatus, DeliveryStatus


def delivery_rows(customer: Customer) -> list[models.Model]:
    campaign = Campaign.objects.create(
        subject="Kevään ilmapallot",
        body="Uudet värit ovat tulleet.",
        language=customer.preferred_language,
        soft_opt_in=False,
        status=CampaignStatus.SENT,
    )
    return [
        CampaignDelivery.objects.create(
            campaign=campaign,
            customer=customer,
            status=DeliveryStatus.SENT,
            sent_at=timezone.now(),
        )
    ]


SUBJECT_FACTORIES = {"marketing.CampaignDelivery": delivery_rows}
