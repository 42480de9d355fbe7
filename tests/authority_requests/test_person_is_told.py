"""What the person is told: the disclosure, the request and the staff's handling of it appear
in their access package and access log only once the authority's do-not-inform date has
come (the date itself included); without a date, at once."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.authority_requests.datamap import authority_requests_shown
from rekisteri.authority_requests.models import AuthorityRequest
from rekisteri.authority_requests.selectors import (
    authority_request_package_read,
    authority_request_read,
)
from rekisteri.authority_requests.services import authority_request_approve
from rekisteri.customers.models import Customer
from rekisteri.privacy.access_package import access_log
from rekisteri.privacy.datamap.framework import disclosures_shown
from rekisteri.privacy.models import Disclosure
from rekisteri.privacy.services import subject_export

pytestmark = pytest.mark.django_db

Record = Callable[..., AuthorityRequest]
REFERENCE = "R-2026-77"
# Not the authority of the request the test person's factory already holds.
AUTHORITY = "Keskusrikospoliisi"


def approved(record: Record, approver: User, **changes: object) -> AuthorityRequest:
    request = record(authority=AUTHORITY, **changes)
    result = authority_request_approve(actor=Actor.for_staff(approver), request=request)
    # The staff read the request and download the package: both leave events in the log.
    authority_request_read(actor=Actor.for_staff(approver), public_id=request.public_id)
    authority_request_package_read(actor=Actor.for_staff(approver), request=result)
    return result


def told(person: Customer) -> tuple[list[str], list[str], str]:
    """(recipients of disclosures, actions in the access log, the package as text)."""
    package = subject_export(actor=Actor.system("test"), customer=person)
    return (
        [d["recipient"] for d in package["disclosures"]],
        [entry["action"] for entry in package["access_log"]],
        json.dumps(package, ensure_ascii=False),
    )


def test_before_the_date_the_person_is_told_nothing(
    record: Record, approver: User, person: Customer
) -> None:
    approved(
        record, approver, do_not_inform_until=timezone.localdate() + datetime.timedelta(days=1)
    )

    recipients, actions, text = told(person)
    assert AUTHORITY not in recipients
    assert not [a for a in actions if a.startswith("authority_request.")]
    assert REFERENCE not in text
    assert not [a for a in (e["action"] for e in access_log(person)) if "authority" in a]


def test_after_the_date_the_disclosure_the_request_and_its_handling_appear(
    record: Record, approver: User, person: Customer
) -> None:
    # Time-machine style: the request came two months ago and its date was yesterday.
    approved(
        record,
        approver,
        received_at=timezone.now() - datetime.timedelta(days=60),
        do_not_inform_until=timezone.localdate() - datetime.timedelta(days=1),
    )

    recipients, actions, text = told(person)
    assert AUTHORITY in recipients
    assert {
        "authority_request.record",
        "authority_request.approve",
        "authority_request.read",
        "authority_request.package_download",
    } <= set(actions)
    assert REFERENCE in text


def test_without_a_date_the_person_is_told_once_it_is_approved(
    record: Record, approver: User, person: Customer
) -> None:
    request = record(authority=AUTHORITY)
    assert REFERENCE not in told(person)[2]  # awaiting approval: not yet
    authority_request_approve(actor=Actor.for_staff(approver), request=request)
    recipients, _actions, text = told(person)
    assert AUTHORITY in recipients
    assert REFERENCE in text


def test_the_date_itself_is_the_first_day_the_person_is_told(
    record: Record, approver: User, person: Customer
) -> None:
    until = timezone.localdate() + datetime.timedelta(days=30)
    request = approved(record, approver, do_not_inform_until=until)
    disclosures = Disclosure.objects.filter(customer=person, recipient=request.authority)
    requests = AuthorityRequest.objects.filter(pk=request.pk)
    day_before = until - datetime.timedelta(days=1)

    assert not disclosures_shown(disclosures, today=day_before).exists()
    assert disclosures_shown(disclosures, today=until).exists()
    assert not authority_requests_shown(requests, today=day_before).exists()
    assert authority_requests_shown(requests, today=until).exists()


def test_the_my_data_page_hides_the_disclosure_before_the_date(
    client, record: Record, approver: User, person: Customer
) -> None:
    approved(
        record, approver, do_not_inform_until=timezone.localdate() + datetime.timedelta(days=5)
    )
    client.force_login(person.user)  # a customer, not staff
    page = client.get(_my_data_url()).content.decode()
    assert AUTHORITY not in page


def test_the_my_data_page_shows_the_disclosure_after_the_date(
    client, record: Record, approver: User, person: Customer
) -> None:
    approved(
        record,
        approver,
        received_at=timezone.now() - datetime.timedelta(days=60),
        do_not_inform_until=timezone.localdate() - datetime.timedelta(days=1),
    )
    client.force_login(person.user)
    page = client.get(_my_data_url()).content.decode()
    assert AUTHORITY in page


def _my_data_url() -> str:
    return reverse("privacy:my_data")


def test_only_the_events_of_the_hidden_request_are_left_out_of_the_log(
    record: Record, approver: User, make_staff, person: Customer
) -> None:
    approved(
        record, approver, do_not_inform_until=timezone.localdate() + datetime.timedelta(days=5)
    )
    audit_record(
        actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)),
        action="customer.read",
        subject=str(person.public_id),
        categories=["user.contact.email"],
        purpose="essential.service",
    )
    assert [entry["action"] for entry in access_log(person)] == ["customer.read"]
