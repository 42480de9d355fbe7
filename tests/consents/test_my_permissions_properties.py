"""Property: any posted form on the permissions page gets an answer (a redirect or a 400),
never a server error, and a 400 saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.consents.models import ConsentRecord, PermissionText, PrivacySwitchRecord

pytestmark = pytest.mark.django_db

URL = reverse("consents:my_permissions")

_values = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "consent",
            "switch",
            "email",
            "sms",
            "post",
            "grant",
            "withdraw",
            "on",
            "off",
            "marketing_prohibition",
            "restriction",
            "1",
            "-1",
            "0",
            "99999999999999999999",
        ]
    ),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
_forms = st.fixed_dictionaries(
    {},
    optional={
        name: _values for name in ["form", "channel", "change", "text_version", "switch", "turn"]
    },
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_forms, use_real_text=st.booleans())
def test_any_post_is_answered_and_a_refusal_saves_nothing(signed_in_customer, data, use_real_text):
    client, customer = signed_in_customer
    if use_real_text:
        data = {**data, "text_version": str(PermissionText.objects.order_by("?").first().pk)}
    before = (
        ConsentRecord.objects.filter(customer=customer).count(),
        PrivacySwitchRecord.objects.filter(customer=customer).count(),
    )

    response = client.post(URL, {k: v.replace("\x00", "") for k, v in data.items()})

    assert response.status_code in {303, 400}
    after = (
        ConsentRecord.objects.filter(customer=customer).count(),
        PrivacySwitchRecord.objects.filter(customer=customer).count(),
    )
    if response.status_code == 400:
        assert after == before
