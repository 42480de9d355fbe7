"""Seed S1: every page's footer tells the customer service phone and opening hours."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse

from rekisteri.audit.actors import Actor
from rekisteri.organisation.services import HoursRow, organisation_update
from tests.organisation.factories import valid_values

PUBLIC_URL = reverse("privacy:register_description")


def test_public_page_footer_shows_customer_service_phone_and_hours(
    client: Client,
    db,
) -> None:
    organisation_update(
        actor=Actor.system("test"),
        values=valid_values(customer_service_phone="09 123 4568"),
        opening_hours=[
            HoursRow(1, 5, datetime.time(9), datetime.time(17)),
            HoursRow(6, 6, datetime.time(10), datetime.time(14, 30)),
        ],
    )

    response = client.get(PUBLIC_URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    footer = response.content.decode().split('<footer class="site-footer">')[1]
    assert '<a href="tel:091234568">09 123 4568</a>' in footer
    assert "Monday–Friday 9–17" in footer
    assert "Saturday 10–14.30" in footer
    assert "0860817-6" in footer


def test_public_page_has_no_footer_details_before_settings_exist(client: Client, db) -> None:
    response = client.get(PUBLIC_URL)

    assert response.status_code == 200
    assert "tel:" not in response.content.decode()
