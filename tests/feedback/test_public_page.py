"""The public feedback form: no login, optional name and address, a reply needs an address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Customer
from rekisteri.feedback.models import Feedback

pytestmark = pytest.mark.django_db

URL = reverse("feedback:form")


def saved() -> tuple[int, int, int]:
    return Feedback.objects.count(), Customer.objects.count(), AuditEvent.objects.count()


def post(client: Client, **data: str) -> Any:
    return client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")


def test_the_form_is_public_and_links_to_the_register_description(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert f'href="{reverse("privacy:register_description")}"' in response.content.decode()


def test_every_field_has_a_label_and_the_reply_box_is_unticked(client: Client) -> None:
    page = client.get(URL).content.decode()
    for name in ("message", "name", "email", "wants_reply"):
        assert f'<label for="id_{name}"' in page
    assert 'name="wants_reply" id="id_wants_reply">' in page  # no "checked"


def test_anonymous_feedback_is_saved_and_thanked(client: Client) -> None:
    response = post(client, message="Hyvä palvelu!")

    assert response.status_code == 303
    assert response["Location"] == reverse("feedback:sent")
    feedback = Feedback.objects.get()
    assert feedback.customer is None
    assert client.get(response["Location"]).status_code == 200


def test_feedback_with_an_address_links_the_sender(client: Client) -> None:
    post(client, message="Hei", name="Kalle Kysyjä", email="kalle@example.fi", wants_reply="on")
    feedback = Feedback.objects.get()
    assert feedback.customer is not None
    assert feedback.customer.channel == "feedback"
    assert feedback.wants_reply


def test_a_reply_without_an_address_is_refused_at_the_email_field(client: Client) -> None:
    response = post(client, message="Vastatkaa!", wants_reply="on")

    assert response.status_code == 400
    assert saved() == (0, 0, 0)
    page = response.content.decode()
    assert '<ul class="errorlist" id="id_email_error"><li>Give your email address so' in page


def test_an_empty_message_is_refused(client: Client) -> None:
    response = post(client, message="   ", email="kalle@example.fi")
    assert response.status_code == 400
    assert saved() == (0, 0, 0)
    assert "This field is required." in response.content.decode()


def test_an_invalid_address_is_refused_with_its_own_message(client: Client) -> None:
    response = post(client, message="Hei", email="ei osoite", wants_reply="on")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert "Give your email address" not in page
    assert saved() == (0, 0, 0)
