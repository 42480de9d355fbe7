"""Feedback made through the real service, as a visitor would send it."""

from __future__ import annotations

from typing import Any

from rekisteri.audit.actors import Actor
from rekisteri.feedback.models import Feedback
from rekisteri.feedback.services import feedback_send


def send(**overrides: Any) -> Feedback:
    values: dict[str, Any] = {
        "message": "Pallot olivat upeita, kiitos!",
        "name": "",
        "email": "",
        "wants_reply": False,
    }
    values.update(overrides)
    return feedback_send(actor=Actor.public(), **values)


def send_for_reply(email: str = "kysyja@example.fi", **overrides: Any) -> Feedback:
    values: dict[str, Any] = {
        "message": "Milloin tilaukseni tulee?",
        "name": "Kalle Kysyjä",
        "wants_reply": True,
    }
    values.update(overrides)
    return send(email=email, **values)
