"""Writes to feedback: a visitor sends it, staff answer it.

Each function takes the acting party and writes its audit event in the same transaction.
The answer is emailed only after the transaction commits, so a rolled-back answer is never
sent.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_find_or_create
from rekisteri.feedback.models import Feedback, FeedbackAnswer
from rekisteri.privacy.datamap import datamap, purposes

logger = logging.getLogger(__name__)

FEEDBACK_HANDLERS = frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER})


def feedback_send(
    *, actor: Actor, message: str, name: str = "", email: str = "", wants_reply: bool = False
) -> Feedback:
    """Save a visitor's feedback. With an email address, the sender enters the register
    through the feedback channel; without one, the feedback belongs to no one.

    Raises ValidationError (nothing saved) when a reply is wanted but no address given.
    """
    email = email.strip().lower()
    name = name.strip()
    if wants_reply and not email:
        raise ValidationError(
            {"email": _("Give your email address so that we can reply.")}, code="reply_email"
        )
    with transaction.atomic():
        customer = _sender(actor=actor, name=name, email=email) if email else None
        feedback = Feedback(
            message=message,
            name=name,
            email=email,
            wants_reply=wants_reply,
            customer=customer,
        )
        feedback.full_clean(exclude=["customer"])
        feedback.save(force_insert=True)
        given = ["message", "received_at"] + [
            field for field in ("name", "email", "wants_reply") if getattr(feedback, field)
        ]
        audit_record(
            actor=actor,
            action="feedback.send",
            subject=str(customer.public_id) if customer else "",
            categories=datamap.categories(Feedback, given),
            purpose=purposes.FEEDBACK.key,
            detail={"feedback": feedback.pk, "reply_wanted": wants_reply},
        )
    return feedback


def feedback_answer(*, actor: Actor, feedback: Feedback, text: str) -> FeedbackAnswer:
    """Record a staff member's answer and email it to the sender once it is saved."""
    if not (actor.kind == ActorKind.STAFF and actor.roles & FEEDBACK_HANDLERS):
        raise PermissionDenied(_("Only customer service or the register manager may answer."))
    with transaction.atomic():
        # Lock only the message's row: PostgreSQL cannot lock the optional customer's side.
        feedback = (
            Feedback.objects.select_for_update(of=("self",))
            .select_related("customer")
            .get(pk=feedback.pk)
        )
        if not feedback.may_be_answered:
            raise ValidationError(
                _("The sender did not ask for a reply, so there is nowhere to send one."),
                code="no_reply_wanted",
            )
        answer = FeedbackAnswer(
            feedback=feedback, text=text, answered_at=timezone.now(), answered_by=actor.ref
        )
        answer.full_clean(exclude=["feedback"])
        answer.save(force_insert=True)
        audit_record(
            actor=actor,
            action="feedback.answer",
            subject=str(feedback.customer.public_id) if feedback.customer else "",
            categories=datamap.categories(FeedbackAnswer, ["text", "answered_at"])
            + datamap.categories(Feedback, ["email"]),
            purpose=purposes.FEEDBACK.key,
            detail={"feedback": feedback.pk, "answer": answer.pk},
        )
        transaction.on_commit(lambda: _email_answer(feedback, answer))
    return answer


def _email_answer(feedback: Feedback, answer: FeedbackAnswer) -> None:
    language = feedback.customer.preferred_language if feedback.customer else None
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _("Answer to your feedback")
        body = render_to_string(
            "feedback/answer_email.txt", {"feedback": feedback, "answer": answer}
        )
    try:
        send_mail(subject, body, None, [feedback.email])
    except Exception as error:
        # The answer is saved and shown to staff; the error text could name the address.
        logger.warning(
            "the answer %s to feedback %s could not be emailed (%s)",
            answer.pk,
            feedback.pk,
            type(error).__name__,
        )


def _sender(*, actor: Actor, name: str, email: str) -> Customer:
    customer, _new = customer_find_or_create(
        actor=actor,
        channel=Channel.FEEDBACK,
        email=email,
        name=name,
        preferred_language=_language(),
    )
    return customer


def _language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
