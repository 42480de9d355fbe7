"""Property: whatever is typed into the entry form and the extension form, the answer is a
saved request (or extension) that matches what was typed, or a 400 with nothing saved; never
a server error, and never the typed text in the audit log."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from rekisteri.subject_requests.models import SubjectRequest
from tests.fixtures.staff import sign_in_staff
from tests.subject_requests.conftest import days_ago

pytestmark = pytest.mark.django_db

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
notes = st.one_of(any_text, st.text(min_size=1990, max_size=2010))
channels = st.one_of(st.sampled_from(["email", "phone", "letter", "in_person"]), any_text)
days = st.one_of(
    st.integers(min_value=-60, max_value=3).map(
        lambda offset: (timezone.localdate() + datetime.timedelta(days=offset)).isoformat()
    ),
    any_text,
)
PROPERTY_SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _as_saved(text: str) -> str:
    """What a typed note is saved as: the form strips it, the service drops trailing spaces
    of each line and normalises line ends."""
    text = text.strip().replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


@PROPERTY_SETTINGS
@given(channel=channels, received_on=days, identity=notes, staff_notes=notes)
def test_a_request_is_saved_as_typed_or_refused_with_nothing_saved(
    client: Client,
    make_staff: Callable[..., object],
    customer: Customer,
    channel: str,
    received_on: str,
    identity: str,
    staff_notes: str,
) -> None:
    sign_in_staff(client, make_staff(Role.REGISTER_MANAGER))
    before = SubjectRequest.objects.count()

    response = client.post(
        reverse("staff:subject_requests_receive"),
        {
            "email": customer.email,
            "kind": "access",
            "channel": channel,
            "received_on": received_on,
            "identity_check_note": identity,
            "staff_notes": staff_notes,
        },
    )

    assert response.status_code in {303, 400}
    if response.status_code == 400:
        assert SubjectRequest.objects.count() == before
        return
    request = SubjectRequest.objects.latest("pk")
    assert request.channel == channel
    assert request.received_on.isoformat() == received_on
    assert request.identity_check_note == _as_saved(identity)
    assert channel not in {"phone", "letter"} or request.identity_check_note
    event = AuditEvent.objects.filter(action="subject_request.receive").latest("sequence")
    # Codes only: the notes stay in the request.
    assert set(event.detail) == {"request", "kind", "status", "channel"}
    assert request.staff_notes == _as_saved(staff_notes)


@PROPERTY_SETTINGS
@given(months=st.one_of(st.integers(-3, 5).map(str), any_text), reason=notes, told=days)
def test_an_extension_is_saved_within_the_rules_or_refused_with_nothing_saved(
    client: Client,
    make_staff: Callable[..., object],
    customer: Customer,
    receive: Callable[..., SubjectRequest],
    months: str,
    reason: str,
    told: str,
) -> None:
    sign_in_staff(client, make_staff(Role.REGISTER_MANAGER))
    request = receive(customer, received_on=days_ago(20))

    response = client.post(
        reverse("staff:subject_requests_extend", args=[request.pk]),
        {"months": months, "reason": reason, "informed_at": f"{told}T09:00"},
    )

    assert response.status_code in {303, 400}
    request.refresh_from_db()
    if response.status_code == 400:
        assert (request.extended_months, request.deadline) == (0, request.due_on)
        return
    assert 1 <= request.extended_months == int(months) <= 2
    assert request.extension_reason == _as_saved(reason) != ""
    assert (
        request.received_on <= timezone.localdate(request.extension_informed_at) <= request.due_on
    )
