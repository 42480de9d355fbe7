"""Staff reads of feedback. Each shows only the fields the data map lets the reader's roles
see, and records in the audit log whose data was read (categories, never values)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count

from rekisteri.access.policy import readable_fields
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record_many
from rekisteri.feedback.models import Feedback, FeedbackAnswer
from rekisteri.privacy.datamap import datamap, purposes

FEEDBACK_PER_PAGE = 50
LIST_FIELDS = ("received_at", "name", "wants_reply")
DETAIL_FIELDS = ("received_at", "name", "email", "wants_reply", "message")
ANSWER_FIELDS = ("answered_at", "text")


@dataclass(frozen=True)
class Shown:
    """A field the reader may see: its label and value."""

    name: str
    label: Any
    value: Any


@dataclass(frozen=True)
class FeedbackRow:
    number: int
    fields: list[Shown]
    answer_count: int


@dataclass(frozen=True)
class FeedbackView:
    feedback: Feedback
    fields: list[Shown]
    answers: list[list[Shown]]


def feedback_get(pk: int) -> Feedback | None:
    """The message itself, for a service to act on (nothing is shown, so nothing audited)."""
    return Feedback.objects.filter(pk=pk).first()


def feedback_page_read(
    *, actor: Actor, page_number: Any = 1
) -> tuple[Page[Any], list[FeedbackRow]]:
    """One page of feedback, newest first, and a row of readable fields for each."""
    queryset = Feedback.objects.select_related("customer").annotate(answer_count=Count("answers"))
    page = Paginator(queryset.order_by("-received_at", "-pk"), FEEDBACK_PER_PAGE).get_page(
        page_number
    )
    names = _readable(actor, Feedback, LIST_FIELDS)
    rows = [
        FeedbackRow(feedback.pk, _shown(feedback, names), feedback.answer_count)  # type: ignore[attr-defined]
        for feedback in page.object_list
    ]
    _record_read(actor, list(page.object_list), Feedback, names)
    return page, rows


def feedback_read(*, actor: Actor, pk: int) -> FeedbackView | None:
    """One message with its answers, or None when there is no such message."""
    feedback = Feedback.objects.select_related("customer").filter(pk=pk).first()
    if feedback is None:
        return None
    names = _readable(actor, Feedback, DETAIL_FIELDS)
    answer_names = _readable(actor, FeedbackAnswer, ANSWER_FIELDS)
    answers = [_shown(answer, answer_names) for answer in feedback.answers.all()]
    _record_read(actor, [feedback], Feedback, names)
    if answers:
        _record_read(actor, [feedback], FeedbackAnswer, answer_names)
    return FeedbackView(feedback, _shown(feedback, names), answers)


def _readable(
    actor: Actor, model: type[Feedback] | type[FeedbackAnswer], names: tuple[str, ...]
) -> list[str]:
    allowed = set(readable_fields(actor.roles, model))
    return [name for name in names if name in allowed]


def _shown(row: Feedback | FeedbackAnswer, names: list[str]) -> list[Shown]:
    return [
        Shown(name, getattr(row._meta.get_field(name), "verbose_name", name), getattr(row, name))
        for name in names
    ]


def _record_read(
    actor: Actor,
    rows: list[Feedback],
    model: type[Feedback] | type[FeedbackAnswer],
    names: list[str],
) -> None:
    if not rows or not names:
        return
    categories = datamap.categories(model, names)
    action = "feedback.read" if model is Feedback else "feedback.answers.read"
    audit_record_many(
        actor=actor,
        events=[
            EventSpec(
                action=action,
                subject=str(feedback.customer.public_id) if feedback.customer else "",
                categories=categories,
                purpose=purposes.FEEDBACK.key,
                detail={"feedback": feedback.pk},
            )
            for feedback in rows
        ],
    )


def feedback_of_customer(customer: Any, *, limit: int) -> list[Feedback]:
    """The person's newest ``limit`` messages, newest first, for the staff's customer card
    (which shows only the fields the reader may see and records the read)."""
    return list(Feedback.objects.filter(customer=customer).order_by("-received_at", "-pk")[:limit])
