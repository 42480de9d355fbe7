"""The queue's services: entering requests, extending deadlines, moving through the statuses,
and carrying requests out through the real engines (access package, erasure, restriction,
prohibition of direct marketing, rectification)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from rekisteri.access.roles import Role
from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.selectors import is_marketing_prohibited, is_restricted
from rekisteri.credit.services import invoice_payment_record
from rekisteri.customers.models import Customer
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import subject_erase
from rekisteri.subject_requests.deadlines import due_on
from rekisteri.subject_requests.models import (
    RequestChannel,
    RequestKind,
    RequestStatus,
    SubjectRequest,
)
from rekisteri.subject_requests.services import (
    request_close,
    request_execute,
    request_extend,
    request_identity_checked,
    request_notes_set,
    request_receive,
    request_record_self_service,
)
from tests.credit.conftest import issue, make_registered_customer, open_account
from tests.subject_requests.conftest import SYSTEM, days_ago, make_customer

pytestmark = pytest.mark.django_db

Receive = Callable[..., SubjectRequest]


def _messages(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(error.value.messages)


# Entering.


def test_a_phone_request_is_due_one_month_from_receipt_and_audited_with_codes(
    manager: Actor, customer: Customer
) -> None:
    received = datetime.date(2026, 1, 31)
    with translation.override("en"):
        request = request_receive(
            actor=manager,
            customer=customer,
            kind=RequestKind.ERASURE,
            channel=RequestChannel.PHONE,
            received_on=received,
            identity_check_note="Called back the number in the register",
            staff_notes="Wants confirmation by letter",
        )

    assert (request.due_on, request.deadline) == (datetime.date(2026, 2, 28),) * 2
    assert request.status == RequestStatus.RECEIVED
    assert request.subject == str(customer.public_id)
    event = AuditEvent.objects.get(action="subject_request.receive")
    assert event.subject == str(customer.public_id)
    assert event.detail == {
        "request": request.pk,
        "kind": "erasure",
        "status": "received",
        "channel": "phone",
    }
    assert "Called back" not in str(event.detail) and "letter" not in str(event.detail)


@pytest.mark.parametrize("channel", [RequestChannel.PHONE, RequestChannel.LETTER])
def test_phone_and_letter_need_a_note_of_the_identity_check(
    manager: Actor, customer: Customer, channel: RequestChannel
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_receive(
            actor=manager,
            customer=customer,
            kind=RequestKind.ACCESS,
            channel=channel,
            identity_check_note="   ",
        )
    assert "identity was checked" in _messages(error)
    assert not SubjectRequest.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="subject_request").exists()


def test_an_email_request_without_an_identity_note_waits_for_the_check(
    manager: Actor, customer: Customer
) -> None:
    request = request_receive(
        actor=manager, customer=customer, kind=RequestKind.ACCESS, channel=RequestChannel.EMAIL
    )
    assert request.status == RequestStatus.IDENTITY_CHECK

    with pytest.raises(ValidationError):
        request_execute(actor=manager, request=request)

    request_identity_checked(actor=manager, request=request, note="Answered from the address")
    request.refresh_from_db()
    assert request.status == RequestStatus.IN_PROGRESS
    assert request_execute(actor=manager, request=request).package is not None


def test_a_request_cannot_be_received_in_the_future_or_as_self_service(
    manager: Actor, customer: Customer
) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        request_receive(
            actor=manager,
            customer=customer,
            kind=RequestKind.ACCESS,
            channel=RequestChannel.EMAIL,
            received_on=tomorrow,
        )
    with pytest.raises(ValidationError):
        request_receive(
            actor=manager,
            customer=customer,
            kind=RequestKind.ACCESS,
            channel=RequestChannel.SELF_SERVICE,
        )
    assert not SubjectRequest.objects.exists()


def test_customer_service_may_enter_but_not_handle_requests(make_staff, customer: Customer) -> None:
    service = Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE))
    request = request_receive(
        actor=service,
        customer=customer,
        kind=RequestKind.RESTRICTION,
        channel=RequestChannel.LETTER,
        identity_check_note="Signed letter, signature compared with the order",
    )
    with pytest.raises(PermissionDenied):
        request_execute(actor=service, request=request)
    with pytest.raises(PermissionDenied):
        request_close(actor=service, request=request, outcome=RequestStatus.WITHDRAWN, note="")
    assert not is_restricted(customer)


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in {Role.REGISTER_MANAGER, Role.CUSTOMER_SERVICE}]
)
def test_other_roles_may_not_enter_requests(make_staff, customer: Customer, role: Role) -> None:
    with pytest.raises(PermissionDenied):
        request_receive(
            actor=Actor.for_staff(make_staff(role)),
            customer=customer,
            kind=RequestKind.ACCESS,
            channel=RequestChannel.EMAIL,
        )
    assert not SubjectRequest.objects.exists()


# Extending.


def test_an_extension_needs_a_reason_and_the_time_the_person_was_told(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, received_on=days_ago(3))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_extend(actor=manager, request=request, months=1, reason=" ", informed_at=None)
    assert set(error.value.message_dict) == {"reason", "informed_at"}
    request.refresh_from_db()
    assert (request.extended_months, request.deadline) == (0, request.due_on)


def test_more_than_two_further_months_is_refused_with_a_message(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, received_on=days_ago(3))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_extend(
            actor=manager,
            request=request,
            months=3,
            reason="Many systems",
            informed_at=timezone.now(),
        )
    assert "at most two further months" in _messages(error)
    request.refresh_from_db()
    assert request.extended_months == 0


def test_an_extension_moves_the_deadline_once_and_is_audited_without_the_reason(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, received_on=days_ago(2))
    told = timezone.now() - datetime.timedelta(hours=1)

    request_extend(
        actor=manager, request=request, months=2, reason="Data in the archive", informed_at=told
    )

    request.refresh_from_db()
    assert request.extended_months == 2
    assert request.extension_informed_at == told
    assert request.deadline > request.due_on
    assert request.status == RequestStatus.IN_PROGRESS
    event = AuditEvent.objects.get(action="subject_request.extend")
    assert event.detail["months"] == 2 and "archive" not in str(event.detail)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_extend(
            actor=manager, request=request, months=1, reason="More", informed_at=timezone.now()
        )
    assert "only once" in _messages(error)


def test_the_person_must_be_told_within_the_first_month(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, received_on=days_ago(40))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_extend(
            actor=manager, request=request, months=1, reason="Late", informed_at=timezone.now()
        )
    assert "within the first month" in _messages(error)


def test_the_extension_of_a_request_received_31_january_ends_28_april(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, received_on=datetime.date(2025, 1, 31))
    told = timezone.make_aware(datetime.datetime(2025, 2, 10, 12, 0))

    request_extend(actor=manager, request=request, months=2, reason="Archive", informed_at=told)

    request.refresh_from_db()
    assert (request.due_on, request.deadline) == (
        datetime.date(2025, 2, 28),
        datetime.date(2025, 4, 28),
    )


# Statuses.


def test_a_request_is_closed_as_done_only_after_it_has_been_carried_out(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.RESTRICTION)
    with pytest.raises(ValidationError):
        request_close(actor=manager, request=request, outcome=RequestStatus.DONE, note="")

    request_execute(actor=manager, request=request)
    request_close(actor=manager, request=request, outcome=RequestStatus.DONE, note="Told by email")

    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.closed_at is not None
    with pytest.raises(ValidationError):
        request_execute(actor=manager, request=request)
    with pytest.raises(ValidationError):
        request_close(actor=manager, request=request, outcome=RequestStatus.DONE, note="")


def test_a_refusal_needs_its_reasons(manager: Actor, customer: Customer, receive: Receive) -> None:
    request = receive(customer)
    with pytest.raises(ValidationError):
        request_close(actor=manager, request=request, outcome=RequestStatus.REFUSED, note="")
    request.refresh_from_db()
    assert request.is_open

    request_close(
        actor=manager,
        request=request,
        outcome=RequestStatus.REFUSED,
        note="Manifestly unfounded: the fifth identical request this month",
    )
    request.refresh_from_db()
    assert (request.status, request.is_open) == (RequestStatus.REFUSED, False)


def test_a_withdrawn_request_is_closed_without_being_carried_out(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.ERASURE)
    request_close(actor=manager, request=request, outcome=RequestStatus.WITHDRAWN, note="")
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert Customer.objects.filter(pk=customer.pk).exists()


def test_an_unknown_outcome_is_refused(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer)
    for outcome in ("received", "in_progress", "nonsense"):
        with pytest.raises(ValidationError):
            request_close(actor=manager, request=request, outcome=outcome, note="x")  # type: ignore[arg-type]
    request.refresh_from_db()
    assert request.is_open


def test_notes_are_kept_in_the_request_not_in_the_audit_log(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer)
    request_notes_set(actor=manager, request=request, notes="Phoned back on Tuesday")
    request.refresh_from_db()
    assert request.staff_notes == "Phoned back on Tuesday"
    assert request.status == RequestStatus.IN_PROGRESS
    event = AuditEvent.objects.get(action="subject_request.notes")
    assert "Tuesday" not in str(event.detail)


# Carrying out.


@pytest.mark.parametrize("kind", [RequestKind.ACCESS, RequestKind.PORTABILITY])
def test_access_produces_the_access_package(
    manager: Actor, customer: Customer, receive: Receive, kind: RequestKind
) -> None:
    request = receive(customer, kind=kind)

    execution = request_execute(actor=manager, request=request)

    assert execution.package is not None
    assert execution.package["subject"]["id"] == str(customer.public_id)
    # The request itself is data about the person, and is in their package.
    assert "subject_requests" in {s["key"] for s in execution.package["subregisters"]}
    assert AuditEvent.objects.filter(
        action="subject.export", subject=str(customer.public_id)
    ).exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE and request.executed_at is not None


def test_restriction_turns_the_restriction_on(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request_execute(actor=manager, request=receive(customer, kind=RequestKind.RESTRICTION))
    assert is_restricted(customer)


def test_objection_prohibits_direct_marketing(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request_execute(actor=manager, request=receive(customer, kind=RequestKind.OBJECTION))
    assert is_marketing_prohibited(customer)
    assert not is_restricted(customer)


def test_rectification_corrects_through_the_customer_service_and_records_the_fields(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.RECTIFICATION)

    request_execute(
        actor=manager,
        request=request,
        rectified={"city": "Espoo", "last_name": "", "street_address": "Pallotie 1"},
    )

    customer.refresh_from_db()
    assert (customer.city, customer.street_address, customer.last_name) == (
        "Espoo",
        "Pallotie 1",
        "Pallonen",
    )
    request.refresh_from_db()
    assert request.corrected_fields == ["city", "street_address"]
    assert AuditEvent.objects.filter(action="customer.update").exists()
    event = AuditEvent.objects.get(action="subject_request.execute")
    assert event.detail["fields"] == ["city", "street_address"]


def test_rectification_made_elsewhere_needs_a_note(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.RECTIFICATION)
    with pytest.raises(ValidationError):
        request_execute(actor=manager, request=request, rectified={}, note="")
    request_execute(actor=manager, request=request, note="Phone number corrected on the card")
    request.refresh_from_db()
    assert (request.status, request.corrected_fields) == (RequestStatus.DONE, [])


def test_erasure_erases_the_person_and_the_request_stays_as_evidence(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.ERASURE, staff_notes="Ilmari called twice")
    subject = str(customer.public_id)

    execution = request_execute(actor=manager, request=request)

    assert execution.erasure is not None and not execution.erasure.partial
    assert not Customer.objects.filter(pk=customer.pk).exists()
    request.refresh_from_db()
    assert request.customer is None
    assert (request.subject, request.kind, request.status) == (subject, "erasure", "done")
    assert request.received_on and request.deadline
    # The free-text notes could name the person: erasure replaced them.
    assert "Ilmari" not in request.staff_notes
    assert "order number" not in request.identity_check_note


def test_a_partial_erasure_stays_open_and_is_finished_once_the_invoice_is_paid(
    manager: Actor, receive: Receive
) -> None:
    debtor = make_registered_customer()
    open_account(debtor, 100_00)
    invoice = issue(debtor, 40_00)
    request = receive(debtor, kind=RequestKind.ERASURE)

    first = request_execute(actor=manager, request=request)

    assert first.erasure is not None and first.erasure.partial
    request.refresh_from_db()
    assert request.status == RequestStatus.PARTLY_REFUSED
    assert request.is_open
    assert request.refusal_reasons == first.erasure.refusals and request.refusal_reasons
    with pytest.raises(ValidationError):
        request_close(actor=manager, request=request, outcome=RequestStatus.DONE, note="")

    invoice_payment_record(
        actor=SYSTEM, invoice_id=invoice.pk, amount_cents=40_00, paid_on=timezone.localdate()
    )
    second = request_execute(actor=manager, request=request)

    assert second.erasure is not None and not second.erasure.partial
    assert not Customer.objects.filter(pk=debtor.pk).exists()
    request.refresh_from_db()
    assert (request.status, request.refusal_reasons) == (RequestStatus.DONE, [])
    request_close(actor=manager, request=request, outcome=RequestStatus.DONE, note="")
    assert AuditEvent.objects.filter(action="subject.erase").count() == 2


def test_a_fully_refused_erasure_can_be_closed_as_partly_refused_with_reasons(
    manager: Actor, receive: Receive
) -> None:
    debtor = make_registered_customer()
    open_account(debtor, 100_00)
    issue(debtor, 40_00)
    request = receive(debtor, kind=RequestKind.ERASURE)
    request_execute(actor=manager, request=request)

    request_close(
        actor=manager,
        request=request,
        outcome=RequestStatus.PARTLY_REFUSED,
        note="Told the person the invoice must be paid first",
    )
    request.refresh_from_db()
    assert (request.status, request.is_open) == (RequestStatus.PARTLY_REFUSED, False)


# Self-service.


def test_a_self_service_download_is_recorded_as_a_done_access_request(customer: Customer) -> None:
    request = request_record_self_service(
        actor=customer_actor(customer), customer=customer, kind=RequestKind.ACCESS
    )
    assert (request.channel, request.status) == (RequestChannel.SELF_SERVICE, RequestStatus.DONE)
    assert request.closed_at is not None
    assert request.due_on == due_on(timezone.localdate())


def test_someone_else_cannot_record_a_self_service_request(customer: Customer) -> None:
    other = make_customer("Aino")
    with pytest.raises(PermissionDenied):
        request_record_self_service(
            actor=customer_actor(other), customer=customer, kind=RequestKind.ACCESS
        )


def test_an_erasure_request_of_someone_already_erased_is_done(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.ERASURE)
    subject_erase(actor=SYSTEM, customer=customer, reason=ErasureReason.REQUEST)
    request.refresh_from_db()

    request_execute(actor=manager, request=request)

    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    event = AuditEvent.objects.get(action="subject_request.execute")
    assert event.detail["already_erased"] is True


def test_other_requests_of_someone_already_erased_cannot_be_carried_out(
    manager: Actor, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.ACCESS)
    subject_erase(actor=SYSTEM, customer=customer, reason=ErasureReason.REQUEST)
    request.refresh_from_db()

    with translation.override("en"), pytest.raises(ValidationError) as error:
        request_execute(actor=manager, request=request)
    assert "no longer in the register" in _messages(error)
    request_close(actor=manager, request=request, outcome=RequestStatus.WITHDRAWN, note="")
