"""Property: whatever the register manager types into the audit search, the answer is the
results (200, a redirect to them) or a 400 with a message, never a server error; and the
search's own audit event holds codes only (the service would refuse anything else)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User
from rekisteri.audit.models import AuditEvent
from tests.fixtures.staff import sign_in_staff

REVIEW = reverse("staff:audit_review")
EXPORT = reverse("staff:audit_export")

any_text = st.text(
    st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=90
)
moments = st.one_of(
    any_text,
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
)
ids = st.one_of(st.just(""), any_text, st.uuids().map(str), st.emails())
actions = st.one_of(st.just(""), any_text, st.from_regex(r"\*?[a-z_.]{1,20}\*?", fullmatch=True))


@pytest.fixture
def manager_client(client: Client, make_staff: Callable[..., User]) -> Client:
    return sign_in_staff(client, make_staff(Role.REGISTER_MANAGER))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    subject=ids,
    staff=ids,
    action=actions,
    since=moments,
    until=moments,
    method=st.sampled_from(["get", "post", "export"]),
)
def test_any_search_is_answered_or_refused_with_a_400(
    manager_client: Client,
    subject: str,
    staff: str,
    action: str,
    since: str,
    until: str,
    method: str,
) -> None:
    data = {"subject": subject, "staff": staff, "action": action, "since": since, "until": until}
    before = AuditEvent.objects.count()

    if method == "post":
        response = manager_client.post(REVIEW, data)
    else:
        response = manager_client.get(EXPORT if method == "export" else REVIEW, data)

    event(f"{method} {response.status_code}")
    assert response.status_code in {200, 303, 400}
    if response.status_code == 400:
        assert AuditEvent.objects.count() == before
    if method == "post" and response.status_code == 303:
        # Only ids and codes go on into the address of the results.
        assert "@" not in response["Location"]
