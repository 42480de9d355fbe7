"""Feedback services: sending with or without an address, answering, and their audit events."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.models import AuditEvent
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_create
from rekisteri.feedback.models import Feedback, FeedbackAnswer
from rekisteri.feedback.services import feedback_answer
from tests.feedback.factories import send, send_for_reply

pytestmark = pytest.mark.django_db


def _audit_text() -> str:
    return json.dumps(list(AuditEvent.objects.values()), default=str).lower()


# --- sending -----------------------------------------------------------------------------


def test_anonymous_feedback_belongs_to_no_one_and_holds_only_the_message() -> None:
    feedback = send(message="Kassalla oli jonoa.")

    assert feedback.customer is None
    assert (feedback.name, feedback.email, feedback.wants_reply) == ("", "", False)
    assert not Customer.objects.exists()
    event = AuditEvent.objects.get(action="feedback.send")
    assert event.subject == ""
    assert event.categories == ["user.content.private"]


def test_an_address_brings_the_sender_into_the_register_through_the_feedback_channel() -> None:
    feedback = send_for_reply("Kalle@Example.FI")

    customer = feedback.customer
    assert customer is not None
    assert customer.channel == Channel.FEEDBACK
    assert customer.email == "kalle@example.fi"
    assert (customer.first_name, customer.last_name) == ("Kalle", "Kysyjä")
    assert feedback.email == "kalle@example.fi"
    assert AuditEvent.objects.get(action="feedback.send").subject == str(customer.public_id)


def test_an_address_already_in_the_register_is_reused_and_not_changed() -> None:
    existing = customer_create(
        actor=Actor.system("test"),
        channel=Channel.CHECKOUT,
        last_name="Alkuperäinen",
        email="kalle@example.fi",
    )

    feedback = send_for_reply("KALLE@example.fi")

    assert feedback.customer == existing
    existing.refresh_from_db()
    assert existing.last_name == "Alkuperäinen"
    assert Customer.objects.count() == 1


def test_an_address_without_a_reply_wanted_still_links_the_sender() -> None:
    feedback = send(email="hiljainen@example.fi")
    assert feedback.customer is not None
    assert not feedback.wants_reply


def test_a_reply_needs_an_address_and_nothing_is_saved_without_one() -> None:
    with pytest.raises(ValidationError) as raised:
        send(wants_reply=True, email="")

    assert "email" in raised.value.message_dict
    assert not Feedback.objects.exists()
    assert not AuditEvent.objects.exists()


def test_sending_is_audited_without_the_message_or_the_sender() -> None:
    send_for_reply("kalle@example.fi", name="Kalle Kysyjä")
    text = _audit_text()
    for value in ("kalle", "kysyjä", "tilaukseni"):
        assert value not in text


# --- answering ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER])
def test_an_answer_is_recorded_audited_and_emailed_after_commit(
    make_staff, django_capture_on_commit_callbacks, role: Role
) -> None:
    feedback = send_for_reply("kalle@example.fi")
    staff = make_staff(role)

    with django_capture_on_commit_callbacks(execute=True):
        answer = feedback_answer(
            actor=Actor.for_staff(staff), feedback=feedback, text="Tilaus lähtee huomenna."
        )

    assert answer.answered_by == str(staff.public_id)
    assert answer.answered_at is not None
    [message] = mail.outbox
    assert message.to == ["kalle@example.fi"]
    assert "Tilaus lähtee huomenna." in message.body
    event = AuditEvent.objects.get(action="feedback.answer")
    assert event.subject == str(feedback.customer.public_id)
    assert event.detail == {"feedback": feedback.pk, "answer": answer.pk}
    assert "huomenna" not in _audit_text()


def test_the_answer_mail_is_in_the_senders_language(
    make_staff, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        feedback = send_for_reply("kalle@example.fi")
    feedback.customer.preferred_language = "en"
    feedback.customer.save()

    with django_capture_on_commit_callbacks(execute=True):
        feedback_answer(
            actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)), feedback=feedback, text="Hi"
        )

    assert mail.outbox[0].subject == "Answer to your feedback"


@pytest.mark.parametrize("role", [Role.MARKETING, Role.WAREHOUSE, Role.ADMINISTRATOR])
def test_other_roles_may_not_answer(
    make_staff, django_capture_on_commit_callbacks, role: Role
) -> None:
    feedback = send_for_reply()

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        feedback_answer(actor=Actor.for_staff(make_staff(role)), feedback=feedback, text="Ei")

    assert not FeedbackAnswer.objects.exists()
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="feedback.answer").exists()


def test_feedback_without_a_reply_wanted_is_not_answered(
    make_staff, django_capture_on_commit_callbacks
) -> None:
    feedback = send(email="hiljainen@example.fi", wants_reply=False)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        feedback_answer(
            actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)), feedback=feedback, text="Ei"
        )

    assert not FeedbackAnswer.objects.exists()
    assert mail.outbox == []


def test_a_mail_server_failure_keeps_the_answer_and_logs_no_address(
    make_staff, django_capture_on_commit_callbacks, monkeypatch, caplog
) -> None:
    feedback = send_for_reply("kalle@example.fi")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError("kalle@example.fi refused")

    monkeypatch.setattr("rekisteri.feedback.services.send_mail", fail)
    with django_capture_on_commit_callbacks(execute=True):
        feedback_answer(
            actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)), feedback=feedback, text="Hei"
        )

    assert FeedbackAnswer.objects.count() == 1
    assert "could not be emailed" in caplog.text
    assert "kalle" not in caplog.text
