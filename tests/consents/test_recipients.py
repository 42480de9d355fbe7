"""Who may be sent direct marketing: a current grant, somewhere to send it (a confirmed email
address), and neither a prohibition nor a restriction. Bulk exports drop restricted people."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import (
    ChangeSource,
    ConfirmedAddress,
    ConsentRecord,
    MarketingChannel,
)
from rekisteri.consents.selectors import (
    email_is_confirmed,
    exclude_marketing_blocked,
    exclude_restricted,
    marketing_recipients,
)
from rekisteri.consents.services import (
    consent_withdraw,
    email_address_confirm,
    marketing_prohibition_set,
    restriction_set,
)
from rekisteri.customers.models import Customer
from rekisteri.customers.services import customer_update
from tests.consents.conftest import SYSTEM, person_actor

pytestmark = pytest.mark.django_db

ALL_CHANNELS = list(MarketingChannel)


def _granted_everywhere(make_customer, grant) -> Customer:
    customer = make_customer(confirmed=True)
    for channel in MarketingChannel:
        grant(customer, channel)
    return customer


@pytest.mark.parametrize("channel", ALL_CHANNELS)
def test_a_person_with_a_current_grant_is_a_recipient(make_customer, grant, channel) -> None:
    customer = _granted_everywhere(make_customer, grant)
    make_customer(confirmed=True)  # no permission: never a recipient

    assert list(marketing_recipients(channel)) == [customer]


@pytest.mark.parametrize("channel", ALL_CHANNELS)
def test_a_withdrawn_permission_ends_marketing_on_that_channel_only(
    make_customer, grant, channel
) -> None:
    customer = _granted_everywhere(make_customer, grant)

    consent_withdraw(actor=SYSTEM, customer=customer, channel=channel, source=ChangeSource.PROFILE)

    for other in MarketingChannel:
        assert (customer in marketing_recipients(other)) == (other != channel)


@pytest.mark.parametrize("channel", ALL_CHANNELS)
def test_a_prohibited_person_is_never_a_recipient(make_customer, grant, channel) -> None:
    customer = _granted_everywhere(make_customer, grant)

    marketing_prohibition_set(
        actor=SYSTEM, customer=customer, prohibited=True, source=ChangeSource.PROFILE
    )

    assert customer not in marketing_recipients(channel)


@pytest.mark.parametrize("channel", ALL_CHANNELS)
def test_a_restricted_person_is_never_a_recipient(make_customer, grant, channel) -> None:
    customer = _granted_everywhere(make_customer, grant)

    restriction_set(actor=SYSTEM, customer=customer, restricted=True, source=ChangeSource.PROFILE)

    assert customer not in marketing_recipients(channel)


def test_lifting_the_prohibition_brings_the_permissions_back_into_force(make_customer, grant):
    customer = _granted_everywhere(make_customer, grant)
    for prohibited in [True, False]:
        marketing_prohibition_set(
            actor=SYSTEM, customer=customer, prohibited=prohibited, source=ChangeSource.PROFILE
        )

    assert customer in marketing_recipients(MarketingChannel.EMAIL)


def test_an_unconfirmed_email_address_is_not_a_recipient(make_customer, grant) -> None:
    customer = make_customer(confirmed=False)
    grant(customer, MarketingChannel.EMAIL)

    assert customer not in marketing_recipients(MarketingChannel.EMAIL)
    assert not email_is_confirmed(customer)


def test_a_changed_email_address_must_be_confirmed_again(make_customer, grant) -> None:
    customer = make_customer(confirmed=True)
    grant(customer, MarketingChannel.EMAIL)

    customer_update(actor=SYSTEM, customer=customer, email="new.address@example.test")

    assert customer not in marketing_recipients(MarketingChannel.EMAIL)
    email_address_confirm(actor=SYSTEM, customer=customer, email="New.Address@example.test")
    assert customer in marketing_recipients(MarketingChannel.EMAIL)


def test_sms_needs_a_phone_number_and_post_a_street_address(make_customer, grant) -> None:
    customer = make_customer(phone="", street_address="")
    grant(customer, MarketingChannel.SMS)
    grant(customer, MarketingChannel.POST)

    assert customer not in marketing_recipients(MarketingChannel.SMS)
    assert customer not in marketing_recipients(MarketingChannel.POST)


def test_exclude_restricted_drops_only_restricted_customers(make_customer) -> None:
    kept, restricted = make_customer(), make_customer()
    restriction_set(actor=SYSTEM, customer=restricted, restricted=True, source=ChangeSource.STAFF)

    assert list(exclude_restricted(Customer.objects.order_by("pk"))) == [kept]


def test_exclude_restricted_follows_a_path_from_other_models(make_customer, grant) -> None:
    kept, restricted = make_customer(), make_customer()
    grant(kept)
    grant(restricted)
    restriction_set(actor=SYSTEM, customer=restricted, restricted=True, source=ChangeSource.STAFF)

    rows = exclude_restricted(ConsentRecord.objects.all(), customer_path="customer")

    assert [row.customer_id for row in rows] == [kept.pk]


def test_exclude_marketing_blocked_drops_prohibited_and_restricted(make_customer) -> None:
    kept, prohibited, restricted = make_customer(), make_customer(), make_customer()
    marketing_prohibition_set(
        actor=SYSTEM, customer=prohibited, prohibited=True, source=ChangeSource.PROFILE
    )
    restriction_set(actor=SYSTEM, customer=restricted, restricted=True, source=ChangeSource.PROFILE)

    assert list(exclude_marketing_blocked(Customer.objects.order_by("pk"))) == [kept]


# Confirmed addresses.


@pytest.mark.parametrize("kind", ["system", "public", "person"])
def test_the_person_the_system_or_the_confirmation_link_confirms_an_address(
    make_customer, kind
) -> None:
    customer = make_customer()
    actor = {"system": SYSTEM, "public": Actor.public(), "person": person_actor(customer)}[kind]

    email_address_confirm(actor=actor, customer=customer, email=customer.email)

    assert email_is_confirmed(customer)
    event = AuditEvent.objects.get(action="consent.email_confirm")
    assert event.subject == str(customer.public_id)
    assert customer.email not in str(event.detail)


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER])
def test_staff_cannot_confirm_an_address_for_anyone(make_customer, make_staff, role) -> None:
    customer = make_customer()

    with pytest.raises(PermissionDenied):
        email_address_confirm(
            actor=Actor.for_staff(make_staff(role)), customer=customer, email=customer.email
        )

    assert not ConfirmedAddress.objects.exists()
    assert not AuditEvent.objects.filter(action="consent.email_confirm").exists()


def test_confirming_again_changes_nothing(make_customer) -> None:
    customer = make_customer(confirmed=True)

    email_address_confirm(actor=SYSTEM, customer=customer, email=customer.email.upper())

    assert ConfirmedAddress.objects.filter(customer=customer).count() == 1
    assert AuditEvent.objects.filter(action="consent.email_confirm").count() == 1


def test_an_invalid_address_is_refused(make_customer) -> None:
    customer = make_customer()

    with pytest.raises(ValidationError):
        email_address_confirm(actor=SYSTEM, customer=customer, email="not an address")
    assert not ConfirmedAddress.objects.exists()


def test_confirmations_of_addresses_no_longer_in_use_are_dropped(make_customer) -> None:
    customer = make_customer(confirmed=True)
    old = customer.email
    email_address_confirm(actor=SYSTEM, customer=customer, email="second@example.test")
    customer_update(actor=SYSTEM, customer=customer, email="second@example.test")

    email_address_confirm(actor=SYSTEM, customer=customer, email="third@example.test")

    kept = set(ConfirmedAddress.objects.values_list("email", flat=True))
    assert kept == {"second@example.test", "third@example.test"}
    assert old not in kept
