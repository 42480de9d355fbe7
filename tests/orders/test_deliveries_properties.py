"""Property: whatever the warehouse types as the carrier and tracking code, the shipment is
marked shipped with exactly the trimmed, printable text, or the page answers 400 and nothing
changes; never a server error, and the text never reaches the audit log."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.orders.deliveries import clean_tracking_code
from rekisteri.orders.models import Shipment, ShipmentStatus
from tests.fixtures.staff import sign_in_staff
from tests.orders.factories import waiting_order

any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=120)
plausible = st.text(st.characters(categories=("Lu", "Nd")), min_size=1, max_size=30)
settings_for_db = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@given(value=any_text)
def test_a_cleaned_tracking_code_is_trimmed_printable_and_short(value: str) -> None:
    text = value.strip()
    if text and len(text) <= 100 and text.isprintable():
        assert clean_tracking_code(value) == text
    else:
        with pytest.raises(ValidationError) as caught:
            clean_tracking_code(value)
        assert set(caught.value.message_dict) == {"tracking_code"}


@settings_for_db
@given(
    carrier=st.one_of(any_text, plausible),
    tracking_code=st.one_of(any_text, plausible),
)
def test_any_input_marks_the_shipment_whole_or_changes_nothing(
    client: Client, make_staff, carrier: str, tracking_code: str
) -> None:
    sign_in_staff(client, make_staff(Role.WAREHOUSE))
    order = waiting_order()
    url = reverse("staff:orders_shipment_ship", args=[order.shipment.pk])

    response = client.post(url, {"carrier": carrier, "tracking_code": tracking_code})

    assert response.status_code in {303, 400}
    event(f"status {response.status_code}")
    shipment = Shipment.objects.get(pk=order.shipment.pk)
    if response.status_code == 400:
        assert shipment.status == ShipmentStatus.WAITING
        assert (shipment.carrier, shipment.tracking_code) == ("", "")
        return
    assert shipment.status == ShipmentStatus.SHIPPED
    assert shipment.carrier == carrier.strip()
    assert shipment.tracking_code == tracking_code.strip()
    audit = AuditEvent.objects.filter(action="orders.shipment_ship").latest("sequence")
    assert audit.detail == {"shipment": shipment.pk, "order": order.pk}
