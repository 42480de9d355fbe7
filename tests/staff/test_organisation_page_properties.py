"""Property: no text typed into the business ID field crashes the page or gets an invalid
business ID saved."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.organisation.models import Organisation
from tests.organisation.factories import settings_post_data

URL = reverse("staff:organisation")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def is_valid_business_id(value: str) -> bool:
    """An oracle written apart from the validator under test: ASCII digits only."""
    if not re.fullmatch(r"[0-9]{7}-[0-9]", value):
        return False
    remainder = sum(int(d) * w for d, w in zip(value[:7], _WEIGHTS, strict=True)) % 11
    return remainder != 1 and int(value[8]) == (11 - remainder) % 11


def test_oracle_agrees_with_the_examples_in_the_issue() -> None:
    assert is_valid_business_id("0860817-6")
    assert not is_valid_business_id("2077474-1")


business_id_like = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"\A[0-9]{7}-[0-9]\Z"),  # right shape: about one in eleven is valid
    st.from_regex(r"\A\s*[0-9]{6,8}[-–‐ ]?[0-9]{0,2}\s*\Z"),  # near misses
    st.sampled_from(["0860817-6", " 0860817-6 ", "0860817-6\n", "0860817-6\x00", "\x00"]),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(business_id=business_id_like)
def test_any_business_id_text_is_answered_and_only_a_valid_one_saved(
    admin_client: Client,
    business_id: str,
) -> None:
    response = admin_client.post(URL, settings_post_data(business_id=business_id))

    assert response.status_code in {303, 400}
    stored = Organisation.objects.filter(pk=1).values_list("business_id", flat=True).first()
    if response.status_code == 303:
        assert stored is not None
        assert is_valid_business_id(stored)
    assert stored is None or is_valid_business_id(stored)


def test_business_id_in_arabic_indic_digits_is_refused(admin_client: Client) -> None:
    # "0860817-6" written in Arabic-Indic digits: same check digit, not a business ID.
    response = admin_client.post(URL, settings_post_data(business_id="٠٨٦٠٨١٧-٦"))

    assert response.status_code == 400
    assert not Organisation.objects.exists()
