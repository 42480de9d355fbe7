"""Rows of a person in the authority-request sub-register, every mapped field filled, for the
access-package and erasure tests (``tests/privacy/subject_factories.py`` collects them).

The request is approved and its do-not-inform date has passed, so the person is shown it;
it has no disclosure-log row, so the disclosure tests of the privacy app see only theirs.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from rekisteri.authority_requests.models import AuthorityRequest, Decision, Status
from rekisteri.customers.models import Customer


def request_rows(customer: Customer) -> list[models.Model]:
    now = timezone.now()
    return [
        AuthorityRequest.objects.create(
            authority="Poliisi / Helsingin poliisilaitos",
            authority_country="FI",
            legal_basis="Poliisilaki 872/2011 4 luku 3 §",
            reference="POL-2026-123",
            received_at=now - datetime.timedelta(days=40),
            customer=customer,
            scope_subregisters=["customers"],
            scope_categories=["user.contact.email"],
            do_not_inform_until=timezone.localdate() - datetime.timedelta(days=1),
            decision=Decision.DISCLOSE,
            reason="Lakisääteinen velvollisuus",
            status=Status.APPROVED,
            recorded_by="00000000-0000-0000-0000-000000000002",
            recorded_at=now - datetime.timedelta(days=40),
            reviewed_by="00000000-0000-0000-0000-000000000003",
            reviewed_at=now - datetime.timedelta(days=39),
            review_note="Peruste tarkistettu",
            # The shape the approval stores: the scoped access package in a wrapper.
            package={
                "package": {
                    "subject": {"name": f"{customer.first_name} {customer.last_name}"},
                    "subregisters": [],
                    "disclosures": [],
                }
            },
            package_digest="0" * 64,
        )
    ]


# Model label → factory, in the form the privacy tests' registry takes.
SUBJECT_FACTORIES = {"authority_requests.AuthorityRequest": request_rows}
