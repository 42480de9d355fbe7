"""Rows of this app about one customer, each with every mapped field filled, for tests that
walk the data map (the access package and erasure tests of the privacy app register these
in ``tests/privacy/subject_factories.py``)."""

from __future__ import annotations

from django.db import models

from rekisteri.audit.actors import Actor
from rekisteri.consents.models import ChangeSource, MarketingChannel
from rekisteri.consents.selectors import permission_text_current
from rekisteri.consents.services import (
    consent_grant,
    email_address_confirm,
    marketing_prohibition_set,
)
from rekisteri.customers.models import Customer

_SYSTEM = Actor.system("test")


def consent_record_rows(customer: Customer) -> list[models.Model]:
    """A grant of email marketing (a grant fills every field, the text version included)."""
    text = permission_text_current(MarketingChannel.EMAIL, customer.preferred_language)
    assert text is not None, "the data migration creates the first texts"
    record = consent_grant(
        actor=_SYSTEM,
        customer=customer,
        channel=MarketingChannel.EMAIL,
        source=ChangeSource.REGISTRATION,
        text_version=text,
    )
    assert record is not None
    return [record]


def privacy_switch_rows(customer: Customer) -> list[models.Model]:
    record = marketing_prohibition_set(
        actor=_SYSTEM, customer=customer, prohibited=True, source=ChangeSource.PROFILE
    )
    assert record is not None
    return [record]


def confirmed_address_rows(customer: Customer) -> list[models.Model]:
    return [email_address_confirm(actor=_SYSTEM, customer=customer, email=customer.email)]


# Model label → factory, in the form the privacy tests' registry takes.
SUBJECT_FACTORIES = {
    "consents.ConsentRecord": consent_record_rows,
    "consents.PrivacySwitchRecord": privacy_switch_rows,
    "consents.ConfirmedAddress": confirmed_address_rows,
}
