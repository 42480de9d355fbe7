"""The register manager's pages: recording, approving, downloading. Other roles get 403,
tampered ids 404, bad input 400 with nothing saved; reads and downloads are audited."""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.authority_requests.models import AuthorityRequest, Status
from rekisteri.authority_requests.services import authority_request_approve
from rekisteri.customers.models import Customer
from rekisteri.privacy.models import Disclosure
from rekisteri.staff.menu import menu_for
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db

Record = Callable[..., AuthorityRequest]
LIST = reverse("staff:authority_requests_list")
RECORD = reverse("staff:authority_requests_record")
OTHER_ROLES = [r for r in Role if r != Role.REGISTER_MANAGER]


def url(name: str, request: AuthorityRequest | uuid.UUID) -> str:
    public_id = request if isinstance(request, uuid.UUID) else request.public_id
    return reverse(f"staff:authority_requests_{name}", args=[public_id])


def form(person: Customer, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "authority": "Poliisi / Itä-Uudenmaan poliisilaitos",
        "authority_country": "FI",
        "legal_basis": "Poliisilaki 872/2011 4 luku 3 §",
        "reference": "ITU-2026-5",
        "received_at": (timezone.localtime() - datetime.timedelta(hours=1)).strftime(
            "%Y-%m-%dT%H:%M"
        ),
        "email": person.email.upper(),
        "scope_subregisters": ["customers", "orders"],
        "do_not_inform_until": "",
        "decision": "disclose",
        "reason": "",
    }
    data.update(changes)
    return data


def test_the_menu_links_the_register_manager_to_the_page() -> None:
    links = [link.url_name for s in menu_for({Role.REGISTER_MANAGER}) for link in s.links]
    assert "staff:authority_requests_list" in links
    links = [link.url_name for s in menu_for(set(OTHER_ROLES)) for link in s.links]
    assert "staff:authority_requests_list" not in links


def test_recording_through_the_page(client: Client, recorder: User, person: Customer) -> None:
    sign_in_staff(client, recorder)
    assert client.get(RECORD).status_code == 200
    response = client.post(RECORD, form(person))

    assert response.status_code == 303
    request = AuthorityRequest.objects.get(reference="ITU-2026-5")
    assert response["Location"] == url("detail", request)
    assert request.customer == person
    assert request.scope_subregisters == ["customers", "orders"]
    assert request.recorded_by == str(recorder.public_id)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "nobody@example.fi"}, "No one in the register has this email address."),
        ({"scope_subregisters": []}, "Choose at least one sub-register or data category"),
        ({"scope_subregisters": ["authority_requests"]}, "Select a valid choice."),
        ({"scope_categories": ["user.secret"]}, "Select a valid choice."),
        ({"decision": "refuse"}, "Give the reason for refusing."),
        ({"authority": ""}, "This field is required."),
        ({"legal_basis": ""}, "This field is required."),
        ({"received_at": "eilen"}, "Enter a valid date/time."),
        ({"authority_country": "US"}, "Select a valid choice."),
        ({"do_not_inform_until": "2020-01-01"}, "The date cannot be before the request"),
    ],
)
def test_bad_input_gets_400_and_saves_nothing(
    client: Client, recorder: User, person: Customer, changes: dict[str, Any], message: str
) -> None:
    sign_in_staff(client, recorder)
    with translation.override("en"):
        response = client.post(RECORD, form(person, **changes), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not AuthorityRequest.objects.filter(reference="ITU-2026-5").exists()
    assert not AuditEvent.objects.filter(action="authority_request.record").exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_get_403_everywhere(
    staff_client: Callable[..., Client], record: Record, approver: User, role: Role
) -> None:
    request = authority_request_approve(actor=Actor.for_staff(approver), request=record())
    pending = record(reference="PENDING-1")
    client = staff_client(role)
    assert client.get(LIST).status_code == 403
    assert client.get(RECORD).status_code == 403
    assert client.post(RECORD, {}).status_code == 403
    assert client.get(url("detail", request)).status_code == 403
    assert client.get(url("package", request)).status_code == 403
    assert client.post(url("approve", pending)).status_code == 403
    assert client.post(url("reject", pending), {"note": "ei"}).status_code == 403
    pending.refresh_from_db()
    assert pending.status == Status.AWAITING_APPROVAL
    assert not AuditEvent.objects.filter(action="authority_request.read").exists()
    assert not AuditEvent.objects.filter(action="authority_request.package_download").exists()


def test_the_recorder_approving_their_own_request_gets_403(
    client: Client, record: Record, recorder: User
) -> None:
    request = record()
    sign_in_staff(client, recorder)
    page = client.get(url("detail", request)).content.decode()
    assert url("approve", request) not in page  # no approval form for the recorder
    with translation.override("en"):
        response = client.post(url("approve", request), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "Another register manager must approve" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    assert not Disclosure.objects.filter(recipient=request.authority).exists()
    denied = AuditEvent.objects.filter(action="security.access_denied")
    assert denied.count() == 1


def test_a_second_register_manager_approves_through_the_page(
    client: Client, record: Record, approver: User
) -> None:
    request = record()
    sign_in_staff(client, approver)
    assert url("approve", request) in client.get(url("detail", request)).content.decode()
    response = client.post(url("approve", request), {"note": "Tarkistettu"})
    assert response.status_code == 303
    request.refresh_from_db()
    assert request.status == Status.APPROVED
    assert request.review_note == "Tarkistettu"
    assert AuditEvent.objects.filter(action="authority_request.approve").count() == 1


def test_refusing_approval_through_the_page_needs_a_note(
    client: Client, record: Record, approver: User
) -> None:
    request = record()
    sign_in_staff(client, approver)
    with translation.override("en"):
        response = client.post(url("reject", request), {"note": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Say why you do not approve." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    response = client.post(url("reject", request), {"note": "Ei lakiperustetta"})
    assert response.status_code == 303
    request.refresh_from_db()
    assert request.status == Status.REJECTED


def test_approving_a_decided_request_again_gets_400(
    client: Client, record: Record, approver: User, make_staff
) -> None:
    request = authority_request_approve(actor=Actor.for_staff(approver), request=record())
    sign_in_staff(client, make_staff(Role.REGISTER_MANAGER))
    assert client.post(url("approve", request)).status_code == 400
    assert Disclosure.objects.filter(recipient=request.authority).count() == 1


def test_the_package_downloads_as_json_and_each_download_is_audited(
    client: Client, record: Record, approver: User, person: Customer
) -> None:
    request = authority_request_approve(actor=Actor.for_staff(approver), request=record())
    sign_in_staff(client, approver)
    assert url("package", request) in client.get(url("detail", request)).content.decode()
    first = client.get(url("package", request))
    second = client.get(url("package", request))

    assert first.status_code == 200
    assert first["Content-Type"].startswith("application/json")
    assert str(person.email) not in first["Content-Disposition"]
    package = json.loads(first.content)
    assert package == json.loads(second.content)
    assert package["request"]["id"] == str(request.public_id)
    assert {s["key"] for s in package["package"]["subregisters"]} == {"customers"}
    events = AuditEvent.objects.filter(action="authority_request.package_download")
    assert events.count() == 2
    assert {e.subject for e in events} == {str(person.public_id)}
    assert "user.contact.email" in events[0].categories


def test_no_package_before_approval_or_for_a_refusal(
    client: Client, record: Record, approver: User
) -> None:
    pending = record()
    refused = authority_request_approve(
        actor=Actor.for_staff(approver),
        request=record(reference="REF-2", decision="refuse", reason="Ei perustetta"),
    )
    sign_in_staff(client, approver)
    assert client.get(url("package", pending)).status_code == 404
    assert client.get(url("package", refused)).status_code == 404


def test_tampered_ids_get_404(client: Client, recorder: User, record: Record) -> None:
    record()
    sign_in_staff(client, recorder)
    unknown = uuid.uuid4()
    for name in ("detail", "package"):
        assert client.get(url(name, unknown)).status_code == 404
    for name in ("approve", "reject"):
        assert client.post(url(name, unknown), {"note": "x"}).status_code == 404
    assert client.get("/henkilokunta/viranomaispyynnot/123/").status_code == 404
    assert client.get("/henkilokunta/viranomaispyynnot/not-a-uuid/luovutus.json").status_code == 404


def test_reading_the_list_and_a_request_is_audited_per_person(
    client: Client, record: Record, recorder: User, person: Customer
) -> None:
    request = record()
    sign_in_staff(client, recorder)
    listing = client.get(LIST).content.decode()
    assert url("detail", request) in listing
    page = client.get(url("detail", request)).content.decode()
    assert person.email in page  # the register manager sees whom the request concerns

    listed = AuditEvent.objects.filter(action="authority_request.list_read")
    assert {e.subject for e in listed} == {str(person.public_id)}
    read = AuditEvent.objects.get(action="authority_request.read")
    assert read.subject == str(person.public_id)
    assert read.detail == {"request": str(request.public_id)}
    assert {"user.contact.email", "user.disclosure_history"} <= set(read.categories)
