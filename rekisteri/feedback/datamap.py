"""Feedback in the data map. Messages and answers expire a set time after the feedback was
received; the period can be changed with the setting ``REKISTERI_RETENTION_FEEDBACK_MONTHS``,
and the register description shows the period in force and its reason."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.feedback.models import Feedback, FeedbackAnswer
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

FEEDBACK_READERS = frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER})

FEEDBACK = Subregister(
    "feedback",
    title=_("Feedback"),
    description=_(
        "Messages sent through the feedback form, the sender's name and email address when "
        "given, and the shop's answers."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.FEEDBACK, purposes.CUSTOMER_CONTACT),
    retention=after_event(
        key="feedback",
        event=_("the feedback is received"),
        months=12,
        setting="REKISTERI_RETENTION_FEEDBACK_MONTHS",
        reason=_("time to answer the feedback and to follow up what it led to"),
    ),
    order=70,
)


def _personal(category: str, source: Source = Source.GIVEN) -> Personal:
    # Never ``required``: that marks what buying or an account needs; feedback is voluntary.
    return Personal(category, source=source, erase=Erasure.DELETE, read=FEEDBACK_READERS)


datamap.register(
    Feedback,
    subregister=FEEDBACK,
    subject_path="customer",
    retention_from="received_at",
    fields={
        "message": _personal("user.content.private"),
        "name": _personal("user.name"),
        "email": _personal("user.contact.email"),
        "wants_reply": _personal("user.content.private"),
        "customer": Personal(
            "user.unique_id.pseudonymous", source=Source.RECORDED, erase=Erasure.DELETE
        ),
        "received_at": _personal("user.content.private", Source.RECORDED),
    },
)

datamap.register(
    FeedbackAnswer,
    subregister=FEEDBACK,
    subject_path="feedback__customer",
    retention_from="feedback__received_at",
    fields={
        "text": _personal("user.content.private", Source.RECORDED),
        "answered_at": _personal("user.content.private", Source.RECORDED),
        # The answering staff member's pseudonymous id is about them, not the sender: the
        # sender's access package says it is recorded but does not show it, as the access log
        # shows roles and never staff.
        "answered_by": Personal(
            "user.unique_id.pseudonymous",
            source=Source.RECORDED,
            erase=Erasure.DELETE,
            read=FEEDBACK_READERS,
            secret=True,
        ),
    },
    # The link to the message is a row number; the message's own fields are declared above.
    non_personal=["feedback"],
)
