"""Feedback and its answers expire a set time after the feedback was received, and go with
the person's erasure."""

from __future__ import annotations

import datetime

import pytest

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.feedback.datamap import FEEDBACK
from rekisteri.feedback.models import Feedback, FeedbackAnswer
from rekisteri.feedback.services import feedback_answer
from rekisteri.privacy.erasure import ErasureReason
from rekisteri.privacy.services import retention_run, subject_erase
from tests.feedback.factories import send, send_for_reply

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def test_the_period_is_a_setting_with_a_reason(settings) -> None:
    settings.REKISTERI_RETENTION_FEEDBACK_MONTHS = 6
    assert FEEDBACK.retention.period.months == 6
    assert FEEDBACK.retention.reason


def test_old_feedback_and_its_answers_expire_and_newer_stays(settings, make_staff) -> None:
    settings.REKISTERI_RETENTION_FEEDBACK_MONTHS = 12
    old, new = send_for_reply("vanha@example.fi"), send(message="Tuore")
    feedback_answer(
        actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)), feedback=old, text="Ok"
    )
    Feedback.objects.filter(pk=old.pk).update(
        received_at=new.received_at - datetime.timedelta(days=400)
    )

    report = retention_run(actor=SYSTEM, now=new.received_at + datetime.timedelta(days=1))

    assert list(Feedback.objects.values_list("pk", flat=True)) == [new.pk]
    assert not FeedbackAnswer.objects.exists()
    assert report.removed["feedback"] >= 1


def test_erasing_the_sender_removes_their_feedback_and_answers(make_staff) -> None:
    feedback = send_for_reply("kalle@example.fi")
    feedback_answer(
        actor=Actor.for_staff(make_staff(Role.CUSTOMER_SERVICE)), feedback=feedback, text="Ok"
    )
    anonymous = send(message="Nimetön")

    subject_erase(actor=SYSTEM, customer=feedback.customer, reason=ErasureReason.REQUEST)

    assert list(Feedback.objects.values_list("pk", flat=True)) == [anonymous.pk]
    assert not FeedbackAnswer.objects.exists()
