"""Rows of a person in the data-subject request sub-register, every mapped field filled, for
the access-package and erasure tests (``tests/privacy/subject_factories.py`` collects them)."""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from rekisteri.customers.models import Customer
from rekisteri.subject_requests.models import SubjectRequest


def request_rows(customer: Customer) -> list[models.Model]:
    now = timezone.now()
    received = timezone.localdate() - datetime.timedelta(days=10)
    return [
        SubjectRequest.objects.create(
            customer=customer,
            subject=str(customer.public_id),
            kind="erasure",
            channel="phone",
            received_on=received,
            entered_at=now,
            due_on=received + datetime.timedelta(days=30),
            deadline=received + datetime.timedelta(days=60),
            extended_months=1,
            extension_reason=f"{customer.first_name} sent many attachments",
            extension_informed_at=now,
            status="done",
            identity_check_note=f"Called back {customer.phone}, asked for {customer.email}",
            staff_notes=f"{customer.first_name} {customer.last_name}, {customer.street_address}",
            corrected_fields=["email"],
            refusal_reasons=["An unpaid invoice is still open."],
            outcome_note=f"Told {customer.first_name} by letter",
            executed_at=now,
            closed_at=now,
        )
    ]


SUBJECT_FACTORIES = {"subject_requests.SubjectRequest": request_rows}
