"""The request is evidence: erasing the person keeps it without the person, and the
retention job removes it ten years after it was received."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from rekisteri.accounts.models import User
from rekisteri.audit.actors import Actor
from rekisteri.authority_requests.datamap import AUTHORITY_REQUESTS
from rekisteri.authority_requests.models import AuthorityRequest, Status
from rekisteri.authority_requests.services import authority_request_approve
from rekisteri.customers.models import Customer
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import retention_run, subject_erase

pytestmark = pytest.mark.django_db

Record = Callable[..., AuthorityRequest]


def test_erasure_keeps_the_request_without_the_person_or_the_package(
    record: Record, approver: User, person: Customer
) -> None:
    request = authority_request_approve(actor=Actor.for_staff(approver), request=record())
    digest = request.package_digest

    subject_erase(actor=Actor.system("test"), customer=person, reason=ErasureReason.REQUEST)

    request.refresh_from_db()
    assert request.customer is None
    assert request.package is None
    assert request.disclosure is None  # the disclosure log goes with the person
    assert request.package_digest == digest
    assert request.authority == "Poliisi / Helsingin poliisilaitos"
    assert request.legal_basis == "Poliisilaki 872/2011 4 luku 3 §"
    assert request.reviewed_by == str(approver.public_id)


def test_the_retention_period_is_ten_years_from_receipt(settings) -> None:
    assert AUTHORITY_REQUESTS.retention.period.years == 10
    settings.REKISTERI_RETENTION_AUTHORITY_REQUEST_YEARS = 12
    assert AUTHORITY_REQUESTS.retention.period.years == 12


def test_the_retention_job_removes_requests_older_than_the_period(
    record: Record, approver: User
) -> None:
    now = timezone.now()
    old = record(reference="OLD-1")
    recent = record(reference="NEW-1")
    AuthorityRequest.objects.filter(pk=old.pk).update(
        received_at=now - datetime.timedelta(days=365 * 10 + 5)
    )
    AuthorityRequest.objects.filter(pk=recent.pk).update(
        received_at=now - datetime.timedelta(days=365 * 9)
    )

    report = retention_run(actor=Actor.system("test"), now=now)

    assert not AuthorityRequest.objects.filter(pk=old.pk).exists()
    assert AuthorityRequest.objects.filter(pk=recent.pk).exists()
    assert report.removed.get("authority_requests") == 1


def test_a_request_whose_person_was_erased_meanwhile_cannot_be_approved(
    record: Record, approver: User, person: Customer
) -> None:
    request = record()
    subject_erase(actor=Actor.system("test"), customer=person, reason=ErasureReason.REQUEST)
    request.refresh_from_db()
    with pytest.raises(ValidationError):
        authority_request_approve(actor=Actor.for_staff(approver), request=request)
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    assert request.package is None
