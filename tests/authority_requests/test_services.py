"""Recording an authority request, a second register manager's approval, and the package
that leaves: limited to the scope, written to the disclosure log, every step audited."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.authority_requests.models import AuthorityRequest, Decision, Status
from rekisteri.authority_requests.selectors import (
    scope_category_choices,
    scope_subregister_choices,
)
from rekisteri.authority_requests.services import (
    authority_request_approve,
    authority_request_record,
    authority_request_reject,
)
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import datamap
from rekisteri.privacy.models import Disclosure

pytestmark = pytest.mark.django_db

Record = Callable[..., AuthorityRequest]


def package_fields(request: AuthorityRequest) -> dict[str, set[str]]:
    """Sub-register key → the field names the request's package holds."""
    assert request.package is not None
    return {
        subregister["key"]: {
            field["name"] for record in subregister["records"] for field in record["fields"]
        }
        for subregister in request.package["package"]["subregisters"]
    }


def mine(record: Record) -> AuthorityRequest:
    return record()


# Scope choices


def test_the_scope_choices_come_from_the_data_map() -> None:
    subregisters = dict(scope_subregister_choices())
    categories = dict(scope_category_choices())
    assert {"customers", "orders", "feedback", "disclosures"} <= set(subregisters)
    assert "authority_requests" not in subregisters  # one authority's request is not another's
    assert {"user.contact.email", "user.name.first"} <= set(categories)
    mapped = {f.personal.category for f in datamap.mapped_fields()}
    assert set(categories) <= mapped


# Recording


def test_recording_saves_the_request_and_audits_it(record: Record, person: Customer) -> None:
    request = record(do_not_inform_until=timezone.localdate() + datetime.timedelta(days=60))

    assert request.status == Status.AWAITING_APPROVAL
    assert request.customer == person
    event = AuditEvent.objects.get(action="authority_request.record")
    assert event.subject == str(person.public_id)
    assert event.detail == {"request": str(request.public_id), "decision": "disclose"}
    assert event.actor_roles == "register_manager"


@pytest.mark.parametrize(
    "changes",
    [
        {"scope_subregisters": [], "scope_categories": []},
        {"scope_subregisters": ["no_such_register"]},
        {"scope_subregisters": ["authority_requests"]},
        {"scope_categories": ["user.not_a_category"]},
        {"decision": Decision.REFUSE, "reason": "  "},
        {"decision": "maybe"},
        {"received_at": timezone.now() + datetime.timedelta(days=2)},
        {"do_not_inform_until": timezone.localdate() - datetime.timedelta(days=30)},
        {"authority_country": "US"},
        {"authority": "x" * 201},
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(record: Record, changes: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        record(**changes)
    assert AuthorityRequest.objects.filter(reference="R-2026-77").count() == 0
    assert not AuditEvent.objects.filter(action="authority_request.record").exists()


@pytest.mark.parametrize("role", [r for r in Role if r != Role.REGISTER_MANAGER])
def test_only_a_register_manager_may_record(
    make_staff: Callable[..., User], person: Customer, role: Role
) -> None:
    with pytest.raises(PermissionDenied):
        authority_request_record(
            actor=Actor.for_staff(make_staff(role)),
            customer=person,
            authority="Tulli",
            legal_basis="Tullilaki 304/2016 100 §",
            reference="T-1",
            received_at=timezone.now(),
            scope_subregisters=["orders"],
            decision=Decision.DISCLOSE,
        )
    assert AuthorityRequest.objects.filter(reference="T-1").count() == 0


# Approval


def test_the_recorder_cannot_approve_their_own_request(record: Record, recorder: User) -> None:
    request = record()
    with pytest.raises(PermissionDenied):
        authority_request_approve(actor=Actor.for_staff(recorder), request=request)
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    assert request.package is None
    assert not Disclosure.objects.filter(recipient=request.authority).exists()
    assert not AuditEvent.objects.filter(action="authority_request.approve").exists()


def test_the_recorder_cannot_refuse_their_own_request_either(
    record: Record, recorder: User
) -> None:
    request = record()
    with pytest.raises(PermissionDenied):
        authority_request_reject(actor=Actor.for_staff(recorder), request=request, note="ei")
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL


@pytest.mark.parametrize("role", [r for r in Role if r != Role.REGISTER_MANAGER])
def test_a_staff_member_without_the_register_manager_role_cannot_approve(
    record: Record, make_staff: Callable[..., User], role: Role
) -> None:
    request = record()
    with pytest.raises(PermissionDenied):
        authority_request_approve(actor=Actor.for_staff(make_staff(role)), request=request)
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL


def test_approval_by_a_second_register_manager_builds_the_package_and_audits(
    record: Record, approver: User, person: Customer
) -> None:
    request = record()
    approved = authority_request_approve(
        actor=Actor.for_staff(approver), request=request, note="Peruste kunnossa"
    )

    assert approved.status == Status.APPROVED
    assert approved.reviewed_by == str(approver.public_id)
    assert approved.package is not None
    assert approved.package["request"]["reference"] == "R-2026-77"
    assert len(approved.package_digest) == 64
    event = AuditEvent.objects.get(action="authority_request.approve")
    assert event.subject == str(person.public_id)
    assert event.detail["request"] == str(request.public_id)
    assert event.detail["disclosure"] == approved.disclosure.pk
    assert "user.contact.email" in event.categories


def test_a_request_is_approved_only_once(record: Record, approver: User, make_staff) -> None:
    request = record()
    authority_request_approve(actor=Actor.for_staff(approver), request=request)
    third = make_staff(Role.REGISTER_MANAGER)
    with pytest.raises(ValidationError):
        authority_request_approve(actor=Actor.for_staff(third), request=request)
    assert Disclosure.objects.filter(recipient=request.authority).count() == 1


def test_refusing_approval_discloses_nothing_and_is_audited(record: Record, approver: User) -> None:
    request = record()
    refused = authority_request_reject(
        actor=Actor.for_staff(approver), request=request, note="Pykälä ei koske asiakasrekisteriä"
    )
    assert refused.status == Status.REJECTED
    assert refused.package is None
    assert not Disclosure.objects.filter(recipient=request.authority).exists()
    event = AuditEvent.objects.get(action="authority_request.reject")
    assert event.detail == {"request": str(request.public_id), "decision": "disclose"}


def test_refusing_approval_needs_a_note(record: Record, approver: User) -> None:
    request = record()
    with pytest.raises(ValidationError):
        authority_request_reject(actor=Actor.for_staff(approver), request=request, note=" ")
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL


def test_an_approved_refusal_discloses_nothing(record: Record, approver: User) -> None:
    request = record(decision=Decision.REFUSE, reason="Pyynnöltä puuttuu laillinen peruste")
    approved = authority_request_approve(actor=Actor.for_staff(approver), request=request)
    assert approved.status == Status.APPROVED
    assert approved.package is None
    assert approved.disclosure is None
    assert not approved.package_available


# The package and the disclosure log


def test_a_sub_register_scope_gives_only_that_sub_register(record: Record, approver: User) -> None:
    request = record(scope_subregisters=["customers"])
    approved = authority_request_approve(actor=Actor.for_staff(approver), request=request)

    fields = package_fields(approved)
    assert set(fields) == {"customers"}
    assert {"first_name", "email", "street_address"} <= fields["customers"]
    assert approved.package["package"]["access_log"] == []
    assert approved.package["package"]["disclosures"] == []
    text = str(approved.package)
    assert "Kumikuja" in text  # the person's street address is in scope
    assert "Terveisin" not in text  # their feedback message is not


def test_a_category_scope_gives_only_fields_of_that_category(
    record: Record, approver: User
) -> None:
    request = record(scope_subregisters=[], scope_categories=["user.contact.email"])
    approved = authority_request_approve(actor=Actor.for_staff(approver), request=request)

    fields = package_fields(approved)
    assert "customers" in fields and "feedback" in fields
    for names in fields.values():
        assert "first_name" not in names and "last_name" not in names
    assert fields["customers"] == {"email"}
    categories = {
        field["category"]
        for subregister in approved.package["package"]["subregisters"]
        for record_ in subregister["records"]
        for field in record_["fields"]
    }
    assert categories == {"user.contact.email"}
    assert "Pallonen" not in str(approved.package)


def test_other_authorities_requests_never_enter_a_package(record: Record, approver: User) -> None:
    request = record(scope_subregisters=[], scope_categories=["user.disclosure_history"])
    approved = authority_request_approve(actor=Actor.for_staff(approver), request=request)
    assert "authority_requests" not in package_fields(approved)
    assert "POL-2026-123" not in str(approved.package)  # the factory's earlier request


def test_the_disclosure_log_records_the_authority_and_the_categories(
    record: Record, approver: User, person: Customer
) -> None:
    until = timezone.localdate() + datetime.timedelta(days=90)
    request = record(
        scope_subregisters=["customers"],
        scope_categories=["user.behavior.purchase_history"],
        do_not_inform_until=until,
    )
    approved = authority_request_approve(actor=Actor.for_staff(approver), request=request)

    disclosure = Disclosure.objects.get(pk=approved.disclosure.pk)
    assert disclosure.customer == person
    assert disclosure.recipient == "Poliisi / Helsingin poliisilaitos"
    assert disclosure.recipient_country == "FI"
    assert disclosure.legal_basis == "Poliisilaki 872/2011 4 luku 3 §"
    assert disclosure.purpose == "essential.legal_obligation.authority_requests"
    assert disclosure.do_not_inform_until == until
    assert disclosure.disclosed_at == approved.reviewed_at
    assert set(disclosure.categories) == {
        field["category"]
        for subregister in approved.package["package"]["subregisters"]
        for record_ in subregister["records"]
        for field in record_["fields"]
    }
    assert {"user.contact.email", "user.behavior.purchase_history"} <= set(disclosure.categories)
    assert "user.content.private" not in disclosure.categories
