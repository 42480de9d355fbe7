"""The staff's feedback pages: customer service and the register manager read and answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.feedback.models import Feedback, FeedbackAnswer
from tests.feedback.factories import send, send_for_reply

pytestmark = pytest.mark.django_db

LIST = reverse("staff:feedback_list")
SignIn = Callable[..., Client]


def detail_url(feedback: Feedback) -> str:
    return reverse("staff:feedback_detail", args=[feedback.pk])


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER])
def test_feedback_handlers_read_the_list_and_one_message(sign_in: SignIn, role: Role) -> None:
    feedback = send_for_reply("kalle@example.fi")
    client = sign_in(role)

    listing = client.get(LIST).content.decode()
    page = client.get(detail_url(feedback)).content.decode()

    assert detail_url(feedback) in listing
    assert "Milloin tilaukseni tulee?" in page
    assert "kalle@example.fi" in page


@pytest.mark.parametrize("role", [Role.MARKETING, Role.WAREHOUSE, Role.ADMINISTRATOR])
def test_other_roles_get_403(sign_in: SignIn, role: Role) -> None:
    feedback = send()
    client = sign_in(role)
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(feedback)).status_code == 403


def test_reading_a_message_is_audited_by_categories(sign_in: SignIn) -> None:
    feedback = send_for_reply("kalle@example.fi")
    sign_in(Role.CUSTOMER_SERVICE).get(detail_url(feedback))

    event = AuditEvent.objects.get(action="feedback.read")
    assert event.subject == str(feedback.customer.public_id)
    assert {"user.content.private", "user.contact.email", "user.name"} <= set(event.categories)
    assert event.detail == {"feedback": feedback.pk}


def test_answering_from_the_page_sends_the_mail_and_is_audited(
    sign_in: SignIn, django_capture_on_commit_callbacks
) -> None:
    feedback = send_for_reply("kalle@example.fi")
    client = sign_in(Role.CUSTOMER_SERVICE)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(feedback), {"text": "Paketti lähti tänään."})

    assert response.status_code == 303
    assert response["Location"] == detail_url(feedback)
    assert FeedbackAnswer.objects.get().text == "Paketti lähti tänään."
    assert [m.to for m in mail.outbox] == [["kalle@example.fi"]]
    assert AuditEvent.objects.filter(action="feedback.answer").count() == 1
    assert "Paketti lähti tänään." in client.get(detail_url(feedback)).content.decode()


def test_an_empty_answer_is_refused(sign_in: SignIn, django_capture_on_commit_callbacks) -> None:
    feedback = send_for_reply()
    client = sign_in(Role.CUSTOMER_SERVICE)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(feedback), {"text": " "}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not FeedbackAnswer.objects.exists()
    assert mail.outbox == []


def test_feedback_without_a_reply_wanted_has_no_answer_form(sign_in: SignIn) -> None:
    feedback = send(message="Kiitos vain")
    client = sign_in(Role.CUSTOMER_SERVICE)

    page = client.get(detail_url(feedback), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(detail_url(feedback), {"text": "Hei"}, HTTP_ACCEPT_LANGUAGE="en")

    assert 'name="text"' not in page
    assert response.status_code == 400
    assert not FeedbackAnswer.objects.exists()


def test_a_missing_message_is_not_found(sign_in: SignIn) -> None:
    client = sign_in(Role.CUSTOMER_SERVICE)
    assert client.get(reverse("staff:feedback_detail", args=[999])).status_code == 404


def test_the_back_office_links_to_feedback_for_customer_service(sign_in: SignIn) -> None:
    page = sign_in(Role.CUSTOMER_SERVICE).get(reverse("staff:home")).content.decode()
    assert LIST in page
