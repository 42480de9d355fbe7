"""Grants and withdrawals: append-only records with channel, source, time and the exact text
shown; who may record them; idempotence; their audit events."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import (
    ChangeSource,
    ConsentAction,
    ConsentRecord,
    MarketingChannel,
)
from rekisteri.consents.selectors import (
    consent_granted,
    consent_history,
    consent_overview_for_staff,
    consent_states,
)
from rekisteri.consents.services import consent_grant, consent_withdraw
from tests.consents.conftest import SYSTEM, current_text, person_actor

pytestmark = pytest.mark.django_db


def _grant(actor, customer, source=ChangeSource.PROFILE, channel=MarketingChannel.EMAIL):
    return consent_grant(
        actor=actor,
        customer=customer,
        channel=channel,
        source=source,
        text_version=current_text(channel),
    )


def test_a_grant_records_channel_source_time_and_the_text_version_shown(make_customer) -> None:
    customer = make_customer()
    text = current_text(MarketingChannel.SMS, "sv")

    record = consent_grant(
        actor=person_actor(customer),
        customer=customer,
        channel=MarketingChannel.SMS,
        source=ChangeSource.PROFILE,
        text_version=text,
    )

    assert record is not None
    record.refresh_from_db()
    assert record.action == ConsentAction.GRANTED
    assert record.channel == MarketingChannel.SMS
    assert record.source == ChangeSource.PROFILE
    assert record.text_version == text
    assert record.recorded_at is not None
    assert consent_granted(customer, MarketingChannel.SMS)


def test_a_grant_is_audited_with_codes_and_no_personal_values(make_customer) -> None:
    customer = make_customer()
    actor = person_actor(customer)

    _grant(actor, customer)

    event = AuditEvent.objects.get(action="consent.grant")
    assert event.subject == str(customer.public_id)
    assert event.actor_kind == ActorKind.CUSTOMER
    assert event.categories == ["user.privacy_preferences"]
    assert event.detail == {
        "channel": "email",
        "source": "profile",
        "text_language": "fi",
        "text_version": 1,
    }
    logged = json.dumps(list(AuditEvent.objects.values()), default=str)
    assert customer.email not in logged
    assert customer.last_name not in logged


def test_a_withdrawal_records_the_channel_and_source(make_customer, grant) -> None:
    customer = make_customer()
    grant(customer)

    record = consent_withdraw(
        actor=person_actor(customer),
        customer=customer,
        channel=MarketingChannel.EMAIL,
        source=ChangeSource.PROFILE,
    )

    assert record is not None
    assert record.action == ConsentAction.WITHDRAWN
    assert record.text_version is None
    assert not consent_granted(customer, MarketingChannel.EMAIL)
    event = AuditEvent.objects.get(action="consent.withdraw")
    assert event.detail == {"channel": "email", "source": "profile"}


def test_giving_the_same_permission_twice_records_it_once(make_customer) -> None:
    customer = make_customer()
    actor = person_actor(customer)

    first = _grant(actor, customer)
    second = _grant(actor, customer)

    assert first is not None
    assert second is None
    assert ConsentRecord.objects.filter(customer=customer).count() == 1
    assert AuditEvent.objects.filter(action="consent.grant").count() == 1


def test_withdrawing_twice_records_it_once(make_customer, grant) -> None:
    customer = make_customer()
    grant(customer)
    withdraw = {
        "actor": person_actor(customer),
        "customer": customer,
        "channel": MarketingChannel.EMAIL,
        "source": ChangeSource.PROFILE,
    }

    assert consent_withdraw(**withdraw) is not None
    assert consent_withdraw(**withdraw) is None
    assert ConsentRecord.objects.filter(action=ConsentAction.WITHDRAWN).count() == 1


def test_withdrawing_a_channel_never_granted_records_the_refusal(make_customer) -> None:
    # The "no" is kept: it also ends marketing that needs no permission (soft opt-in, L21).
    customer = make_customer()

    record = consent_withdraw(
        actor=Actor.public(),
        customer=customer,
        channel=MarketingChannel.POST,
        source=ChangeSource.UNSUBSCRIBE_LINK,
    )

    assert record is not None
    assert record.action == ConsentAction.WITHDRAWN


def test_a_grant_needs_a_text_of_its_own_channel(make_customer) -> None:
    customer = make_customer()

    with pytest.raises(ValidationError):
        consent_grant(
            actor=SYSTEM,
            customer=customer,
            channel=MarketingChannel.EMAIL,
            source=ChangeSource.REGISTRATION,
            text_version=current_text(MarketingChannel.SMS),
        )

    assert not ConsentRecord.objects.exists()


def test_the_database_refuses_a_grant_without_a_text(make_customer) -> None:
    customer = make_customer()

    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentRecord.objects.create(
            customer=customer,
            channel=MarketingChannel.EMAIL,
            action=ConsentAction.GRANTED,
            source=ChangeSource.PROFILE,
        )


def test_a_record_cannot_be_changed_once_written(make_customer, grant) -> None:
    customer = make_customer()
    record = grant(customer)

    record.action = ConsentAction.WITHDRAWN
    with pytest.raises(TypeError):
        record.save()


def test_a_new_text_version_makes_a_new_grant(make_customer, make_staff) -> None:
    from rekisteri.consents.services import permission_text_publish

    customer = make_customer()
    actor = person_actor(customer)
    _grant(actor, customer)
    permission_text_publish(
        actor=Actor.for_staff(make_staff(Role.MARKETING)),
        channel=MarketingChannel.EMAIL,
        language="fi",
        text="Uusi sanamuoto.",
    )

    assert _grant(actor, customer) is not None
    versions = [r.text_version.version for r in consent_history(customer)]
    assert versions == [2, 1]


def test_another_customer_may_not_change_a_persons_permissions(make_customer) -> None:
    customer, stranger = make_customer(), make_customer()

    with pytest.raises(PermissionDenied):
        _grant(person_actor(stranger), customer)

    assert not ConsentRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="consent.grant").exists()


def test_the_person_may_act_through_their_accounts_public_id(make_customer) -> None:
    customer = make_customer(account=True)
    actor = Actor(ActorKind.CUSTOMER, str(customer.user.public_id))

    assert _grant(actor, customer) is not None


@pytest.mark.parametrize(
    "source", [ChangeSource.REGISTRATION, ChangeSource.CONTEST, ChangeSource.CHECKOUT]
)
def test_a_visitor_may_give_permission_on_the_form_that_creates_them(make_customer, source):
    customer = make_customer()

    assert _grant(Actor.public(), customer, source=source) is not None


def test_a_visitor_may_not_give_permission_from_my_account(make_customer) -> None:
    customer = make_customer()

    with pytest.raises(PermissionDenied):
        _grant(Actor.public(), customer, source=ChangeSource.PROFILE)
    assert not ConsentRecord.objects.exists()


def test_a_visitor_may_withdraw_only_through_the_unsubscribe_link(make_customer, grant) -> None:
    customer = make_customer()
    grant(customer)

    with pytest.raises(PermissionDenied):
        consent_withdraw(
            actor=Actor.public(),
            customer=customer,
            channel=MarketingChannel.EMAIL,
            source=ChangeSource.PROFILE,
        )
    assert consent_granted(customer, MarketingChannel.EMAIL)


def test_the_register_manager_records_a_change_on_the_persons_request(
    make_customer, make_staff
) -> None:
    customer = make_customer()
    actor = Actor.for_staff(make_staff(Role.REGISTER_MANAGER))

    record = _grant(actor, customer, source=ChangeSource.STAFF)

    assert record is not None
    assert record.source == ChangeSource.STAFF
    assert AuditEvent.objects.get(action="consent.grant").actor_ref == actor.ref


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.MARKETING, Role.ADMINISTRATOR])
def test_other_staff_may_not_record_a_change(make_customer, make_staff, grant, role) -> None:
    customer = make_customer()
    grant(customer)

    with pytest.raises(PermissionDenied):
        consent_withdraw(
            actor=Actor.for_staff(make_staff(role)),
            customer=customer,
            channel=MarketingChannel.EMAIL,
            source=ChangeSource.STAFF,
        )
    assert consent_granted(customer, MarketingChannel.EMAIL)


def test_staff_must_name_their_own_source(make_customer, make_staff) -> None:
    customer = make_customer()
    actor = Actor.for_staff(make_staff(Role.REGISTER_MANAGER))

    with pytest.raises(PermissionDenied):
        _grant(actor, customer, source=ChangeSource.PROFILE)


def test_a_grant_cannot_come_from_an_unsubscribe_link(make_customer) -> None:
    customer = make_customer()

    with pytest.raises(ValueError, match="source"):
        _grant(SYSTEM, customer, source=ChangeSource.UNSUBSCRIBE_LINK)


def test_the_current_state_and_history_follow_the_newest_record(make_customer, grant) -> None:
    customer = make_customer()
    grant(customer, MarketingChannel.EMAIL)
    grant(customer, MarketingChannel.POST)
    consent_withdraw(
        actor=SYSTEM, customer=customer, channel=MarketingChannel.EMAIL, source=ChangeSource.PROFILE
    )

    states = {state.channel: state.granted for state in consent_states(customer)}
    assert states == {
        MarketingChannel.EMAIL: False,
        MarketingChannel.SMS: False,
        MarketingChannel.POST: True,
    }
    history = [(r.channel, r.action) for r in consent_history(customer)]
    assert history == [
        ("email", "withdrawn"),
        ("post", "granted"),
        ("email", "granted"),
    ]


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER])
def test_customer_service_and_the_register_manager_read_the_state_and_it_is_audited(
    make_customer, make_staff, grant, role
) -> None:
    customer = make_customer()
    grant(customer)
    actor = Actor.for_staff(make_staff(role))

    overview = consent_overview_for_staff(actor=actor, customer=customer)

    assert [s.granted for s in overview.channels] == [True, False, False]
    event = AuditEvent.objects.get(action="consent.read")
    assert event.subject == str(customer.public_id)
    assert event.actor_ref == actor.ref


@pytest.mark.parametrize("role", [Role.MARKETING, Role.ADMINISTRATOR, Role.WAREHOUSE])
def test_marketing_and_others_read_no_individuals_permissions(make_customer, make_staff, role):
    customer = make_customer()

    with pytest.raises(PermissionDenied):
        consent_overview_for_staff(actor=Actor.for_staff(make_staff(role)), customer=customer)
    assert not AuditEvent.objects.filter(action="consent.read").exists()
