"""The queue's staff pages: who may open them, the queue with overdue requests standing out,
entering a request received by phone or letter, and the actions on a request's page. Bad
input gets a clear message and a 4xx, and nothing is saved."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.consents.selectors import is_restricted
from rekisteri.credit.services import invoice_payment_record
from rekisteri.customers.models import Customer
from rekisteri.staff.menu import menu_for
from rekisteri.subject_requests.models import RequestKind, RequestStatus, SubjectRequest
from rekisteri.subject_requests.services import request_close
from tests.credit.conftest import SYSTEM, issue, make_registered_customer, open_account
from tests.fixtures.staff import sign_in_staff
from tests.subject_requests.conftest import days_ago

pytestmark = pytest.mark.django_db

Receive = Callable[..., SubjectRequest]
StaffClient = Callable[..., Client]
PASSWORD = "pallo-ilmari-2026-salasana"  # set by make_registered_customer

NOT_MANAGER = [r for r in Role if r != Role.REGISTER_MANAGER]
MAY_NOT_ENTER = [r for r in Role if r not in {Role.REGISTER_MANAGER, Role.CUSTOMER_SERVICE}]


def _url(name: str, pk: int | None = None) -> str:
    return reverse(f"staff:subject_requests_{name}", args=[pk] if pk is not None else [])


def _en(client: Client, method: str, url: str, data: dict[str, object] | None = None):  # type: ignore[no-untyped-def]
    with translation.override("en"):
        call = client.post if method == "post" else client.get
        return call(url, data or {}, HTTP_ACCEPT_LANGUAGE="en")


# Who may open what.


@pytest.mark.parametrize("role", NOT_MANAGER)
def test_only_the_register_manager_reaches_the_queue_and_the_request_pages(
    staff_client: StaffClient, role: Role, customer: Customer, receive: Receive
) -> None:
    request = receive(customer)
    client = staff_client(role)
    assert client.get(_url("queue")).status_code == 403
    assert client.get(_url("detail", request.pk)).status_code == 403
    for action in ("identity", "extend", "notes", "execute", "close"):
        assert client.post(_url(action, request.pk), {}).status_code == 403
    request.refresh_from_db()
    assert request.status == RequestStatus.RECEIVED


@pytest.mark.parametrize("role", MAY_NOT_ENTER)
def test_other_roles_may_not_enter_requests(
    staff_client: StaffClient, role: Role, customer: Customer
) -> None:
    client = staff_client(role)
    assert client.get(_url("receive")).status_code == 403
    response = client.post(
        _url("receive"),
        {
            "email": customer.email,
            "kind": "access",
            "channel": "email",
            "received_on": "2026-01-05",
        },
    )
    assert response.status_code == 403
    assert not SubjectRequest.objects.exists()


def test_a_customer_is_not_let_into_the_queue(client: Client) -> None:
    person = make_registered_customer()
    client.force_login(person.user)
    assert client.get(_url("queue")).status_code in {302, 403}


def test_unknown_ids_are_404(staff_client: StaffClient) -> None:
    client = staff_client(Role.REGISTER_MANAGER)
    assert client.get(_url("detail", 999_999)).status_code == 404
    assert client.post(_url("close", 999_999), {"outcome": "withdrawn"}).status_code == 404
    assert client.get("/henkilokunta/tietopyynnot/abc/").status_code == 404


# The queue.


def test_the_queue_orders_by_deadline_and_overdue_requests_stand_out_in_words(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    calm = receive(customer, received_on=days_ago(0))
    late = receive(customer, received_on=days_ago(40))  # due about 9 days ago
    soon = receive(customer, received_on=days_ago(27))  # due within a week
    client = staff_client(Role.REGISTER_MANAGER)

    html = _en(client, "get", _url("queue")).content.decode()

    order = [html.index(f"Request {r.pk}<") for r in (late, soon, calm)]
    assert order == sorted(order)
    overdue_days = (timezone.localdate() - late.deadline).days
    assert f"OVERDUE by {overdue_days} days" in html
    assert 'class="overdue"' in html
    due_in = (soon.deadline - timezone.localdate()).days
    assert f"Due in {due_in} day" in html
    # One audit event per person shown, with the category, never a value.
    events = AuditEvent.objects.filter(action="subject_request.read")
    assert events.count() == 3
    assert {e.subject for e in events} == {str(customer.public_id)}


def test_the_queue_filters_by_status_and_hides_closed_requests_by_default(
    staff_client: StaffClient, customer: Customer, receive: Receive, manager: Actor
) -> None:
    open_one = receive(customer)
    closed = receive(customer)
    request_close(actor=manager, request=closed, outcome=RequestStatus.WITHDRAWN, note="")
    client = staff_client(Role.REGISTER_MANAGER)

    default = _en(client, "get", _url("queue")).content.decode()
    withdrawn = _en(client, "get", _url("queue") + "?tila=withdrawn").content.decode()
    everything = _en(client, "get", _url("queue") + "?tila=all").content.decode()

    assert f"Request {open_one.pk}<" in default and f"Request {closed.pk}<" not in default
    assert f"Request {closed.pk}<" in withdrawn and f"Request {open_one.pk}<" not in withdrawn
    assert f"Request {closed.pk}<" in everything and f"Request {open_one.pk}<" in everything


def test_an_unknown_filter_is_400(staff_client: StaffClient) -> None:
    response = _en(staff_client(Role.REGISTER_MANAGER), "get", _url("queue") + "?tila=<script>")
    assert response.status_code == 400
    assert "There is no such filter" in response.content.decode()


# Entering a request.


def test_the_register_manager_enters_a_phone_request_and_sees_it(
    staff_client: StaffClient, customer: Customer
) -> None:
    client = staff_client(Role.REGISTER_MANAGER)
    response = _en(
        client,
        "post",
        _url("receive"),
        {
            "email": customer.email.upper(),
            "kind": "erasure",
            "channel": "phone",
            "received_on": "2026-01-31",
            "identity_check_note": "Called back the number in the register",
        },
    )
    request = SubjectRequest.objects.get()
    assert response.status_code == 303
    assert response["Location"] == _url("detail", request.pk)
    assert request.deadline == datetime.date(2026, 2, 28)
    html = _en(client, "get", _url("detail", request.pk)).content.decode()
    assert customer.last_name in html and "Called back" in html
    read = AuditEvent.objects.get(action="subject_request.read")
    assert read.subject == str(customer.public_id)
    assert {"user.privacy_request", "user.name.last", "user.contact.email"} <= set(read.categories)


def test_customer_service_enters_a_letter_and_is_sent_back_to_the_form(
    staff_client: StaffClient, customer: Customer
) -> None:
    response = staff_client(Role.CUSTOMER_SERVICE).post(
        _url("receive"),
        {
            "email": customer.email,
            "kind": "restriction",
            "channel": "letter",
            "received_on": timezone.localdate().isoformat(),
            "identity_check_note": "Signature compared",
        },
    )
    assert response.status_code == 303
    assert response["Location"] == _url("receive")
    assert SubjectRequest.objects.get().kind == RequestKind.RESTRICTION


def test_an_unknown_email_gets_a_clear_message_and_nothing_is_saved(
    staff_client: StaffClient,
) -> None:
    response = _en(
        staff_client(Role.REGISTER_MANAGER),
        "post",
        _url("receive"),
        {
            "email": "nobody@example.fi",
            "kind": "access",
            "channel": "email",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "No customer in the register has this email address" in response.content.decode()
    assert not SubjectRequest.objects.exists()


def test_a_phone_request_without_the_identity_note_is_400(
    staff_client: StaffClient, customer: Customer
) -> None:
    response = _en(
        staff_client(Role.REGISTER_MANAGER),
        "post",
        _url("receive"),
        {
            "email": customer.email,
            "kind": "access",
            "channel": "phone",
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "how the person&#x27;s identity was checked" in response.content.decode()
    assert not SubjectRequest.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "everything"},
        {"channel": "self_service"},
        {"channel": "pigeon"},
        {"received_on": "31.2.2026"},
        {"received_on": "2999-01-01"},
        {"email": "not an address"},
    ],
)
def test_forged_or_bad_fields_are_400_with_nothing_saved(
    staff_client: StaffClient, customer: Customer, changes: dict[str, str]
) -> None:
    data = {
        "email": customer.email,
        "kind": "access",
        "channel": "email",
        "received_on": timezone.localdate().isoformat(),
        **changes,
    }
    response = staff_client(Role.REGISTER_MANAGER).post(_url("receive"), data)
    assert response.status_code == 400
    assert not SubjectRequest.objects.exists()


# A request's page and its actions.


def test_an_overdue_request_says_so_on_its_page(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, received_on=days_ago(45))
    html = _en(staff_client(Role.REGISTER_MANAGER), "get", _url("detail", request.pk)).content
    assert b"OVERDUE by" in html


def test_the_extension_is_refused_beyond_two_months_and_saved_within(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, received_on=days_ago(5))
    client = staff_client(Role.REGISTER_MANAGER)
    told = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    too_long = _en(
        client,
        "post",
        _url("extend", request.pk),
        {"months": 3, "reason": "x", "informed_at": told},
    )
    no_reason = _en(
        client, "post", _url("extend", request.pk), {"months": 1, "reason": "", "informed_at": told}
    )
    no_time = _en(client, "post", _url("extend", request.pk), {"months": 1, "reason": "Archive"})

    assert too_long.status_code == 400
    assert "at most two further months" in too_long.content.decode()
    assert no_reason.status_code == 400 and no_time.status_code == 400
    request.refresh_from_db()
    assert request.extended_months == 0

    ok = client.post(
        _url("extend", request.pk), {"months": 2, "reason": "Archive", "informed_at": told}
    )
    assert ok.status_code == 303
    request.refresh_from_db()
    assert request.extended_months == 2 and request.deadline > request.due_on


def test_carrying_out_an_access_request_downloads_the_package(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.ACCESS)
    response = staff_client(Role.REGISTER_MANAGER).post(_url("execute", request.pk), {})
    assert response.status_code == 200
    assert (
        response["Content-Disposition"] == f'attachment; filename="tietopyynto-{request.pk}.json"'
    )
    assert json.loads(response.content)["subject"]["id"] == str(customer.public_id)
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE


def test_carrying_out_a_restriction_and_closing_it(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.RESTRICTION)
    client = staff_client(Role.REGISTER_MANAGER)
    assert client.post(_url("execute", request.pk), {}).status_code == 303
    assert is_restricted(customer)
    assert (
        client.post(_url("close", request.pk), {"outcome": "done", "note": ""}).status_code == 303
    )
    request.refresh_from_db()
    assert request.closed_at is not None


def test_a_rectification_form_only_offers_what_the_manager_may_correct(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    request = receive(customer, kind=RequestKind.RECTIFICATION)
    client = staff_client(Role.REGISTER_MANAGER)
    forged = client.post(_url("execute", request.pk), {"channel": "staff", "note": ""})
    assert forged.status_code == 400
    response = client.post(_url("execute", request.pk), {"phone": "+358 40 111 2222"})
    assert response.status_code == 303
    customer.refresh_from_db()
    assert customer.phone == "+358 40 111 2222"


def test_a_partial_erasure_is_shown_as_open_and_can_be_carried_out_again(
    staff_client: StaffClient, receive: Receive
) -> None:
    debtor = make_registered_customer()
    open_account(debtor, 100_00)
    invoice = issue(debtor, 30_00)
    request = receive(debtor, kind=RequestKind.ERASURE)
    client = staff_client(Role.REGISTER_MANAGER)

    assert client.post(_url("execute", request.pk), {}).status_code == 303
    html = _en(client, "get", _url("detail", request.pk)).content.decode()
    assert "unpaid invoice" in html
    assert "Carry out the request" in html  # still open, can be finished
    assert f"Request {request.pk}<" in _en(client, "get", _url("queue")).content.decode()

    invoice_payment_record(
        actor=SYSTEM, invoice_id=invoice.pk, amount_cents=30_00, paid_on=timezone.localdate()
    )
    assert client.post(_url("execute", request.pk), {}).status_code == 303
    request.refresh_from_db()
    assert request.status == RequestStatus.DONE
    assert not Customer.objects.filter(pk=debtor.pk).exists()


def test_closing_as_refused_without_reasons_is_400(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    request = receive(customer)
    response = _en(
        staff_client(Role.REGISTER_MANAGER),
        "post",
        _url("close", request.pk),
        {"outcome": "refused", "note": ""},
    )
    assert response.status_code == 400
    assert "Give the reasons for the refusal" in response.content.decode()
    request.refresh_from_db()
    assert request.is_open


def test_a_forged_outcome_is_400(
    staff_client: StaffClient, customer: Customer, receive: Receive
) -> None:
    request = receive(customer)
    response = staff_client(Role.REGISTER_MANAGER).post(
        _url("close", request.pk), {"outcome": "received", "note": "x"}
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.is_open


# Self-service in My account.


def test_downloading_my_data_records_a_done_access_request(client: Client) -> None:
    person = make_registered_customer()
    client.force_login(person.user)

    assert client.get(reverse("privacy:my_data_json")).status_code == 200

    request = SubjectRequest.objects.get()
    assert (request.kind, request.channel, request.status) == ("access", "self_service", "done")
    assert request.customer_id == person.pk and not request.is_open


def test_deleting_my_account_records_a_done_erasure_request(client: Client) -> None:
    person = make_registered_customer()
    client.force_login(person.user)

    response = client.post(reverse("privacy:delete_account"), {"password": PASSWORD})

    assert response.status_code == 200
    request = SubjectRequest.objects.get()
    assert (request.kind, request.status, request.customer) == ("erasure", "done", None)
    assert request.subject == str(person.public_id)


def test_a_partly_refused_account_deletion_waits_in_the_queue(client: Client, make_staff) -> None:
    person = make_registered_customer()
    open_account(person, 100_00)
    issue(person, 10_00)
    client.force_login(person.user)

    client.post(reverse("privacy:delete_account"), {"password": PASSWORD})

    request = SubjectRequest.objects.get()
    assert (request.status, request.is_open) == (RequestStatus.PARTLY_REFUSED, True)
    assert request.refusal_reasons
    manager = sign_in_staff(Client(), make_staff(Role.REGISTER_MANAGER))
    assert f"Request {request.pk}<" in _en(manager, "get", _url("queue")).content.decode()


def test_the_back_office_links_to_the_queue_for_the_roles_that_use_it(
    db: None,
) -> None:
    def urls(role: Role) -> set[str]:
        return {link.url_name for section in menu_for([role]) for link in section.links}

    assert {"staff:subject_requests_queue", "staff:subject_requests_receive"} <= urls(
        Role.REGISTER_MANAGER
    )
    assert "staff:subject_requests_receive" in urls(Role.CUSTOMER_SERVICE)
    assert "staff:subject_requests_queue" not in urls(Role.CUSTOMER_SERVICE)
    for role in MAY_NOT_ENTER:
        assert not {u for u in urls(role) if u.startswith("staff:subject_requests")}
