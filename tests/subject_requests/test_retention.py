"""The request log is evidence of compliance: erasure keeps it without identifying data, and
closed requests go three years after closing (the limitation period); open ones never expire."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Customer
from rekisteri.privacy.datamap import Erasure, datamap
from rekisteri.privacy.services import retention_run
from rekisteri.subject_requests.datamap import SUBJECT_REQUESTS
from rekisteri.subject_requests.models import RequestStatus, SubjectRequest
from rekisteri.subject_requests.services import request_close

pytestmark = pytest.mark.django_db


def test_the_period_is_a_setting_with_a_reason(settings) -> None:
    settings.REKISTERI_RETENTION_SUBJECT_REQUEST_YEARS = 5
    assert SUBJECT_REQUESTS.retention.period.years == 5
    assert SUBJECT_REQUESTS.retention.reason


def test_free_text_is_replaced_on_erasure_and_the_evidence_is_kept() -> None:
    model_map = datamap.model_map(SubjectRequest)
    assert model_map is not None
    erasure = {name: personal.erase for name, personal in model_map.fields.items()}
    for note in ("identity_check_note", "staff_notes", "extension_reason", "outcome_note"):
        assert erasure[note] == Erasure.ANONYMISE
    for kept in ("subject", "kind", "channel", "received_on", "deadline", "status", "closed_at"):
        assert erasure[kept] == Erasure.KEEP
    assert erasure["customer"] == Erasure.DELETE


def test_closed_requests_expire_three_years_after_closing_and_open_ones_stay(
    manager: Actor, customer: Customer, receive: Callable[..., SubjectRequest]
) -> None:
    old, recent, still_open = receive(customer), receive(customer), receive(customer)
    for request in (old, recent):
        request_close(actor=manager, request=request, outcome=RequestStatus.WITHDRAWN, note="")
    now = timezone.now()
    SubjectRequest.objects.filter(pk=old.pk).update(closed_at=now - datetime.timedelta(days=1100))
    SubjectRequest.objects.filter(pk=still_open.pk).update(
        received_on=datetime.date(2020, 1, 1), entered_at=now - datetime.timedelta(days=2000)
    )

    report = retention_run(actor=Actor.system("test"), now=now)

    assert set(SubjectRequest.objects.values_list("pk", flat=True)) == {recent.pk, still_open.pk}
    assert report.removed["subject_requests"] == 1
