"""Property: whatever a visitor types into the entry form, the answer is a saved, valid entry
or a 400 with nothing saved; never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rekisteri.audit.models import AuditEvent
from rekisteri.consents.models import ConsentRecord
from rekisteri.contests.models import Contest, ContestEntry
from rekisteri.customers.models import Customer
from tests.contests.factories import email_permission_text, open_contest

# Any text a browser can send (lone surrogates cannot be encoded as UTF-8 at all).
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
long_text = st.text(st.characters(exclude_categories=("Cs",)), min_size=1900, max_size=2100)
plausible_text = st.text(st.characters(categories=("L", "Zs", "Nd", "P")), min_size=1, max_size=60)
emailish = st.one_of(any_text, st.emails(), st.emails().map(str.upper))
tick = st.sampled_from([None, "on", "", "x"])


def counts() -> tuple[int, int, int, int]:
    return (
        ContestEntry.objects.count(),
        Customer.objects.count(),
        AuditEvent.objects.count(),
        ConsentRecord.objects.count(),
    )


@pytest.fixture
def contest(db) -> Contest:
    return open_contest(consent_based=True)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.one_of(any_text, plausible_text),
    email=emailish,
    answer=st.one_of(any_text, plausible_text, long_text),
    age=st.one_of(tick, st.just("on")),
    marketing=tick,
    marketing_text=st.one_of(st.none(), any_text, st.just("__current__")),
)
def test_any_entry_is_saved_whole_or_refused_with_nothing_saved(
    client: Client,
    contest: Contest,
    name: str,
    email: str,
    answer: str,
    age: str | None,
    marketing: str | None,
    marketing_text: str | None,
) -> None:
    if marketing_text == "__current__":
        marketing_text = str(email_permission_text("fi").pk)
    data = {"name": name, "email": email, "answer": answer}
    for key, value in {
        "age_confirmed": age,
        "marketing_permission": marketing,
        "marketing_text": marketing_text,
    }.items():
        if value is not None:
            data[key] = value
    before = counts()

    response = client.post(reverse("contests:detail", args=[contest.pk]), data)

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    after = counts()
    if response.status_code == 400:
        assert after == before
        return
    assert after[0] == before[0] + 1
    entry = ContestEntry.objects.latest("pk")
    entry.full_clean()
    assert entry.email == email.strip().lower()
    assert entry.answer == answer.strip()
    assert entry.age_confirmed
