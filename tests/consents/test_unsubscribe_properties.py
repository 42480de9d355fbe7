"""Property: whatever arrives in the unsubscribe URL, the answer is a page, never a server
error, and nothing changes unless the token is one we made."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.consents.models import ConsentRecord, MarketingChannel
from rekisteri.consents.unsubscribe import unsubscribe_token

pytestmark = pytest.mark.django_db

PREFIX = "/markkinointi/peru/"

_hypothesis = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _url(token: str) -> str:
    return f"{PREFIX}{quote(token, safe='')}/"


@pytest.fixture
def subscribed(make_customer, grant):
    customer = make_customer(confirmed=True)
    grant(customer, MarketingChannel.EMAIL)
    return customer


@_hypothesis
@given(token=st.text(max_size=300), method=st.sampled_from(["get", "post"]))
def test_any_text_as_a_token_is_answered_without_an_error(subscribed, token, method) -> None:
    before = ConsentRecord.objects.count()

    response = getattr(Client(enforce_csrf_checks=True), method)(_url(token))

    # 404: a token with a slash or an empty one does not match the URL at all.
    assert response.status_code in {400, 404}
    assert ConsentRecord.objects.count() == before


@_hypothesis
@given(
    position=st.integers(min_value=0, max_value=400),
    replacement=st.characters(blacklist_categories=["Cs"]),
)
def test_a_token_changed_in_any_one_place_changes_nothing(
    subscribed, position, replacement
) -> None:
    token = unsubscribe_token(subscribed, MarketingChannel.EMAIL)
    index = position % len(token)
    changed = token[:index] + replacement + token[index + 1 :]
    before = ConsentRecord.objects.count()

    response = Client(enforce_csrf_checks=True).post(_url(changed))

    if changed == token:
        assert response.status_code == 200
    else:
        assert response.status_code in {400, 404}
        assert ConsentRecord.objects.count() == before


@_hypothesis
@given(suffix=st.text(min_size=1, max_size=40))
def test_extra_text_after_a_valid_token_is_refused(subscribed, suffix) -> None:
    token = unsubscribe_token(subscribed, MarketingChannel.EMAIL) + suffix
    before = ConsentRecord.objects.count()

    response = Client(enforce_csrf_checks=True).post(_url(token))

    assert response.status_code in {400, 404}
    assert ConsentRecord.objects.count() == before
