"""Property: whatever a register manager types or a forged form sends when recording an
authority request, the answer is a recorded request holding what was typed, or a 400 with
nothing saved; never a server error."""

from __future__ import annotations

import datetime
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.authority_requests.models import AuthorityRequest
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from tests.fixtures.staff import sign_in_staff

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
plausible_text = st.from_regex(r"[A-ZÅÄÖa-zåäö0-9][A-ZÅÄÖa-zåäö0-9 /§.,-]{0,59}", fullmatch=True)


def mostly(valid: st.SearchStrategy[Any], junk: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Well-formed four times in five, so that both outcomes are exercised."""
    return st.one_of(valid, valid, valid, valid, junk)


texts = mostly(plausible_text, any_text)
subregister_keys = mostly(
    st.lists(st.sampled_from(["customers", "orders"]), min_size=1, max_size=2),
    st.lists(st.one_of(st.sampled_from(["", "authority_requests"]), any_text), max_size=3),
)
category_keys = mostly(
    st.lists(st.sampled_from(["user.contact.email", "user.name.first"]), max_size=2),
    st.lists(any_text, min_size=1, max_size=3),
)
moments = mostly(
    st.datetimes(
        min_value=datetime.datetime(2020, 1, 1), max_value=datetime.datetime(2025, 12, 31)
    ).map(lambda moment: moment.strftime("%Y-%m-%dT%H:%M")),
    st.one_of(st.just("2040-01-01T10:00"), any_text),
)
days = mostly(
    st.one_of(
        st.just(""),
        st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2035, 1, 1)).map(str),
    ),
    st.one_of(st.just("2001-01-01"), any_text),
)


def counts() -> tuple[int, int]:
    return AuthorityRequest.objects.count(), AuditEvent.objects.filter(
        action="authority_request.record"
    ).count()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    authority=texts,
    legal_basis=texts,
    reference=texts,
    received_at=moments,
    subregisters=subregister_keys,
    categories=category_keys,
    until=days,
    decision=st.sampled_from(["disclose", "disclose", "disclose", "refuse", "", "maybe"]),
    reason=st.one_of(st.just(""), texts),
)
def test_any_input_is_recorded_whole_or_refused_with_nothing_saved(
    client: Client,
    make_staff,
    authority: str,
    legal_basis: str,
    reference: str,
    received_at: str,
    subregisters: list[str],
    categories: list[str],
    until: str,
    decision: str,
    reason: str,
) -> None:
    person = Customer.objects.filter(email="kohde@example.fi").first() or customer_create(
        actor=Actor.system("test"),
        channel=Channel.CHECKOUT,
        first_name="Kohde",
        last_name="Henkilö",
        email="kohde@example.fi",
    )
    sign_in_staff(client, make_staff(Role.REGISTER_MANAGER))
    data = {
        "authority": authority,
        "authority_country": "FI",
        "legal_basis": legal_basis,
        "reference": reference,
        "received_at": received_at,
        "email": person.email,
        "scope_subregisters": subregisters,
        "scope_categories": categories,
        "do_not_inform_until": until,
        "decision": decision,
        "reason": reason,
    }
    before = counts()

    response = client.post(reverse("staff:authority_requests_record"), data)

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    after = counts()
    if response.status_code == 400:
        assert after == before
        return
    assert after == (before[0] + 1, before[1] + 1)
    request = AuthorityRequest.objects.latest("pk")
    request.full_clean()
    assert request.authority == authority.strip()
    assert request.reference == reference.strip()
    assert request.customer == person
    assert request.received_at <= timezone.now()
    assert request.scope_subregisters or request.scope_categories
