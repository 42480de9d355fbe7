"""Properties: any posted campaign form gets a redirect or a 400 (never a server error, and a
400 saves nothing); any cell text comes out of the CSV unchanged but never as a formula."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.marketing.export import _csv_text
from rekisteri.marketing.models import Campaign
from tests.fixtures.staff import sign_in_staff

pytestmark = pytest.mark.django_db

NEW = reverse("staff:marketing_campaign_new")

_text = st.one_of(st.text(max_size=200), st.sampled_from(["", " ", "\r\n", "\x00", "x" * 151]))
_forms = st.fixed_dictionaries(
    {},
    optional={
        "subject": _text,
        "body": _text,
        "language": st.one_of(st.sampled_from(["fi", "sv", "en", "de", ""]), st.text(max_size=5)),
        "soft_opt_in": st.sampled_from(["on", "", "true", "0", "x"]),
    },
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_forms)
def test_any_campaign_form_gets_a_redirect_or_a_400(make_staff, data) -> None:
    client = sign_in_staff(Client(), make_staff(Role.MARKETING))
    before = Campaign.objects.count()

    response = client.post(NEW, data)

    assert response.status_code in {303, 400}
    assert Campaign.objects.count() == before + (response.status_code == 303)
    if response.status_code == 303:
        saved = Campaign.objects.order_by("-pk").first()
        assert saved is not None and saved.subject.strip() and "\n" not in saved.subject


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.text(max_size=30), min_size=1, max_size=5))
def test_csv_cells_round_trip_without_formulas(values) -> None:
    text = _csv_text([tuple(values)])
    (row,) = list(csv.reader(io.StringIO(text, newline="")))

    for original, read in zip(values, row, strict=True):
        if original.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert read == "'" + original
        else:
            assert read == original
