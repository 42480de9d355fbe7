"""The prohibition of direct marketing (S8, L4) and the restriction of processing (L14): one
switch each, reversible, every change recorded with time and source and audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ChangeSource, PrivacySwitch, PrivacySwitchRecord
from rekisteri.consents.selectors import (
    is_marketing_prohibited,
    is_restricted,
    privacy_switch_history,
)
from rekisteri.consents.services import marketing_prohibition_set, restriction_set
from tests.consents.conftest import person_actor

pytestmark = pytest.mark.django_db


def test_the_person_prohibits_direct_marketing_and_the_change_is_recorded(make_customer):
    customer = make_customer()

    record = marketing_prohibition_set(
        actor=person_actor(customer),
        customer=customer,
        prohibited=True,
        source=ChangeSource.PROFILE,
    )

    assert record is not None
    assert record.switch == PrivacySwitch.MARKETING_PROHIBITION
    assert record.enabled
    assert record.source == ChangeSource.PROFILE
    assert record.recorded_at is not None
    assert is_marketing_prohibited(customer)
    assert not is_restricted(customer)
    event = AuditEvent.objects.get(action="consent.marketing_prohibition_on")
    assert event.subject == str(customer.public_id)
    assert event.detail == {"source": "profile"}


def test_the_prohibition_can_be_lifted_and_both_changes_stay_in_the_history(make_customer):
    customer = make_customer()
    actor = person_actor(customer)
    marketing_prohibition_set(
        actor=actor, customer=customer, prohibited=True, source=ChangeSource.PROFILE
    )

    marketing_prohibition_set(
        actor=actor, customer=customer, prohibited=False, source=ChangeSource.PROFILE
    )

    assert not is_marketing_prohibited(customer)
    assert [r.enabled for r in privacy_switch_history(customer)] == [False, True]
    assert AuditEvent.objects.filter(action="consent.marketing_prohibition_off").count() == 1


def test_setting_a_switch_to_its_current_position_records_nothing(make_customer) -> None:
    customer = make_customer()

    result = restriction_set(
        actor=person_actor(customer),
        customer=customer,
        restricted=False,
        source=ChangeSource.PROFILE,
    )

    assert result is None
    assert not PrivacySwitchRecord.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="consent.restriction").exists()


def test_restriction_is_turned_on_and_off_and_audited(make_customer) -> None:
    customer = make_customer()
    actor = person_actor(customer)

    restriction_set(actor=actor, customer=customer, restricted=True, source=ChangeSource.PROFILE)
    assert is_restricted(customer)
    restriction_set(actor=actor, customer=customer, restricted=False, source=ChangeSource.PROFILE)

    assert not is_restricted(customer)
    actions = list(
        AuditEvent.objects.filter(action__startswith="consent.restriction").values_list(
            "action", flat=True
        )
    )
    assert actions == ["consent.restriction_on", "consent.restriction_off"]


def test_the_register_manager_restricts_processing_on_the_persons_request(
    make_customer, make_staff
) -> None:
    customer = make_customer()
    actor = Actor.for_staff(make_staff(Role.REGISTER_MANAGER))

    record = restriction_set(
        actor=actor, customer=customer, restricted=True, source=ChangeSource.STAFF
    )

    assert record is not None
    assert record.source == ChangeSource.STAFF
    assert AuditEvent.objects.get(action="consent.restriction_on").actor_ref == actor.ref


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.MARKETING, Role.ADMINISTRATOR])
def test_other_staff_may_not_turn_a_switch(make_customer, make_staff, role) -> None:
    customer = make_customer()

    with pytest.raises(PermissionDenied):
        marketing_prohibition_set(
            actor=Actor.for_staff(make_staff(role)),
            customer=customer,
            prohibited=True,
            source=ChangeSource.STAFF,
        )

    assert not is_marketing_prohibited(customer)
    assert not AuditEvent.objects.filter(action__startswith="consent.marketing").exists()


def test_a_visitor_or_another_customer_may_not_turn_a_switch(make_customer) -> None:
    customer, stranger = make_customer(), make_customer()

    for actor in [Actor.public(), person_actor(stranger)]:
        with pytest.raises(PermissionDenied):
            restriction_set(
                actor=actor, customer=customer, restricted=True, source=ChangeSource.PROFILE
            )

    assert not is_restricted(customer)


def test_a_switch_cannot_be_turned_from_an_unsubscribe_link(make_customer) -> None:
    customer = make_customer()

    with pytest.raises(ValueError, match="source"):
        marketing_prohibition_set(
            actor=Actor.public(),
            customer=customer,
            prohibited=True,
            source=ChangeSource.UNSUBSCRIBE_LINK,
        )
