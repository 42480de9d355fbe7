"""Contest entries and winners in the data map.

Entries expire a set time after their contest ends; winners are a sub-register of their own,
kept longer so that the prize can be delivered and questions about the draw answered. Both
periods can be changed with a setting (``REKISTERI_RETENTION_CONTEST_ENTRY_MONTHS`` and
``REKISTERI_RETENTION_CONTEST_WINNER_MONTHS``); the register description shows the period in
force and its reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.contests.models import Contest, ContestEntry, ContestWinner
from rekisteri.privacy.datamap import purposes
from rekisteri.privacy.datamap.registry import Personal, Subregister, datamap
from rekisteri.privacy.datamap.retention import after_event
from rekisteri.privacy.datamap.vocabulary import DataSubject, Erasure, Source

# Customer service contacts the winners; the register manager answers questions about the
# draw. Marketing runs contests but sees only figures, never the entrants (least privilege).
ENTRANT_READERS = frozenset({Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER})


CONTEST_ENTRIES = Subregister(
    "contest_entries",
    title=_("Contest entries"),
    description=_(
        "The name, email address and answer of each person who has entered a contest, whether "
        "they confirmed being at least 13 years old, and when they entered."
    ),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CONTEST_TERMS, purposes.CONTESTS),
    retention=after_event(
        key="contest_entries",
        event=_("the contest ends"),
        months=3,
        setting="REKISTERI_RETENTION_CONTEST_ENTRY_MONTHS",
        reason=_("time to draw the winners and to answer questions about the contest"),
    ),
    order=60,
)

CONTEST_WINNERS = Subregister(
    "contest_winners",
    title=_("Contest winners"),
    description=_("The name and email address of each drawn winner, and when they were drawn."),
    subjects=DataSubject.CUSTOMERS,
    purposes=(purposes.CONTEST_TERMS, purposes.CUSTOMER_CONTACT),
    retention=after_event(
        key="contest_winners",
        event=_("the winner is drawn"),
        months=24,
        setting="REKISTERI_RETENTION_CONTEST_WINNER_MONTHS",
        reason=_("to deliver the prize and to answer questions about the draw and the prize"),
    ),
    order=61,
)


def _given(category: str) -> Personal:
    # Not ``required``: that marks what buying or an account needs, and contests are voluntary.
    return Personal(category, source=Source.GIVEN, erase=Erasure.DELETE, read=ENTRANT_READERS)


def _recorded(category: str, *, read: frozenset[Role] = ENTRANT_READERS) -> Personal:
    return Personal(category, source=Source.RECORDED, erase=Erasure.DELETE, read=read)


datamap.declare_non_personal(Contest)

datamap.register(
    ContestEntry,
    subregister=CONTEST_ENTRIES,
    subject_path="customer",
    retention_from="contest__ends_at",
    fields={
        "contest": _recorded("user.behavior.contest_participation"),
        "customer": _recorded("user.unique_id.pseudonymous", read=frozenset()),
        "name": _given("user.name"),
        "email": _given("user.contact.email"),
        "answer": _given("user.content.private"),
        "age_confirmed": Personal(
            "user.demographic.age_range",
            source=Source.GIVEN,
            erase=Erasure.DELETE,
            read=ENTRANT_READERS,
        ),
        "marketing_permission_requested": Personal(
            "user.privacy_preferences",
            source=Source.GIVEN,
            erase=Erasure.DELETE,
            read=ENTRANT_READERS,
            purposes=(purposes.ELECTRONIC_MARKETING,),
        ),
        "entered_at": _recorded("user.behavior.contest_participation"),
    },
)

datamap.register(
    ContestWinner,
    subregister=CONTEST_WINNERS,
    subject_path="customer",
    retention_from="drawn_at",
    fields={
        "contest": _recorded("user.behavior.contest_participation"),
        "customer": _recorded("user.unique_id.pseudonymous", read=frozenset()),
        "name": _given("user.name"),
        "email": _given("user.contact.email"),
        "drawn_at": _recorded("user.behavior.contest_participation"),
    },
    # The link to the entry is a row number; the entry's own fields are declared above.
    non_personal=["entry"],
)
