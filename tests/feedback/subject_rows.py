"""Rows of a person in the feedback sub-register, every mapped field filled, for the
access-package and erasure tests (``tests/privacy/subject_factories.py`` collects them)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from rekisteri.customers.models import Customer
from rekisteri.feedback.models import Feedback, FeedbackAnswer


def _feedback(customer: Customer) -> Feedback:
    return Feedback.objects.create(
        message=f"Terveisin {customer.first_name}, puhelin {customer.phone}",
        name=f"{customer.first_name} {customer.last_name}",
        email=customer.email,
        wants_reply=True,
        customer=customer,
        received_at=timezone.now(),
    )


def feedback_rows(customer: Customer) -> list[models.Model]:
    return [_feedback(customer)]


def answer_rows(customer: Customer) -> list[models.Model]:
    return [
        FeedbackAnswer.objects.create(
            feedback=_feedback(customer),
            text="Kiitos palautteesta!",
            answered_at=timezone.now(),
            answered_by="00000000-0000-0000-0000-000000000001",
        )
    ]


# Model label → factory, in the form the privacy tests' registry takes.
SUBJECT_FACTORIES = {
    "feedback.Feedback": feedback_rows,
    "feedback.FeedbackAnswer": answer_rows,
}
