"""Reading customer records: a lookup for services, and the staff's customer search and
customer card.

Every staff read shows only the fields the data map lets the reader's roles see (the rest is
left out, not hidden) and records one audit event per person shown, naming the categories
shown and the purpose: never a value, and never what was searched for.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from rekisteri.access.policy import readable_fields, writable_fields
from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record_many
from rekisteri.customers.models import CONTACT_FIELDS, RECORD_FIELDS, Customer
from rekisteri.privacy.datamap import datamap, purposes

RESULTS_PER_PAGE = 25
# A search matching more people than this asks to be narrowed down instead of being paged
# through (see ``customer_search``).
MAX_RESULTS = 2_000
MAX_PAGE = MAX_RESULTS // RESULTS_PER_PAGE
# The fields the search key is folded from: to search is to read them.
SEARCHED_FIELDS = ("first_name", "last_name", "email", "phone")
RESULT_COLUMNS = ("last_name", "first_name", "email", "phone", "city")
ORDER_COLUMNS = ("number", "placed_at", "status", "payment_method", "total_cents")
CREDIT_ACCOUNT_FIELDS = ("opened_on", "limit_cents")
INVOICE_COLUMNS = ("number", "issued_on", "due_on", "amount_cents", "status")
ENTRY_COLUMNS = ("contest", "entered_at", "answer")
FEEDBACK_COLUMNS = ("received_at", "wants_reply")
CONSENT_COLUMNS = ("recorded_at", "channel", "action", "source")
# The newest rows of each section of the card; older ones are on the app's own pages.
SECTION_ROWS = 20


def customer_by_email(email: str) -> Customer | None:
    """The customer with this address, case-insensitively; of several, the first to have
    entered the register."""
    return (
        Customer.objects.alias(email_lower=Lower("email"))
        .filter(email_lower=email.strip().lower())
        .order_by("entered_at", "pk")
        .first()
    )


def customer_get(public_id: uuid.UUID) -> Customer | None:
    """The record a staff form acts on (nothing is shown, so nothing is audited)."""
    return Customer.objects.filter(public_id=public_id).first()


# Who may search and open a card: answered from the data map, never listed by hand.


def customer_search_roles() -> frozenset[Role]:
    """Roles whose reading rights cover every field the search matches on, and the
    pseudonymous id the results link to the card with.

    The id matters: marketing may read contact fields for its export of the direct-marketing
    list (a list, never one person), but not the pseudonymous id, so it cannot look anyone up.
    """
    needed = {*SEARCHED_FIELDS, "public_id"}
    return frozenset(role for role in Role if needed <= set(readable_fields([role], Customer)))


def customer_card_roles() -> frozenset[Role]:
    """Roles that may read the pseudonymous id and something else of a customer record."""
    return frozenset(
        role
        for role in Role
        if "public_id" in (names := set(readable_fields([role], Customer))) and len(names) > 1
    )


def _purpose(roles: Iterable[Role]) -> str:
    # Customer service and the register manager look people up to serve them (and to handle
    # their requests); credit control only to manage their credit.
    if set(roles) & {Role.CUSTOMER_SERVICE, Role.REGISTER_MANAGER}:
        return purposes.CUSTOMER_RELATIONSHIP.key
    return purposes.CREDIT_MANAGEMENT.key


# What the pages show.


@dataclass(frozen=True)
class Column:
    name: str
    label: Any


@dataclass(frozen=True)
class Shown:
    """A field the reader may see: its label and its value as the page writes it."""

    name: str
    label: Any
    value: str


@dataclass(frozen=True)
class SearchResult:
    public_id: uuid.UUID
    cells: list[str]


@dataclass(frozen=True)
class SearchPage:
    columns: list[Column]
    results: list[SearchResult]
    number: int
    total: int  # how many match; with ``too_many``, more than ``MAX_RESULTS``
    too_many: bool = False

    @property
    def page_count(self) -> int:
        return max(1, -(-self.total // RESULTS_PER_PAGE))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.page_count


@dataclass(frozen=True)
class TableRow:
    cells: list[str]
    link: Any = None  # the argument of the row's own page's URL, where it has one


@dataclass(frozen=True)
class Table:
    columns: list[Column]
    rows: list[TableRow]
    more: bool  # older rows than these exist
    has_links: bool = False


@dataclass(frozen=True)
class ChannelShown:
    channel: Any
    granted: bool
    since: str


@dataclass(frozen=True)
class ConsentSection:
    channels: list[ChannelShown]
    marketing_prohibited: bool
    history: Table


@dataclass(frozen=True)
class CreditSection:
    account: list[Shown]
    invoices: Table | None


@dataclass(frozen=True)
class CustomerCard:
    public_id: uuid.UUID
    restricted: bool
    contact: list[Shown]
    # The fields the reader may correct, with their values (the correction form's start).
    correctable: dict[str, Any]
    consents: ConsentSection | None = None
    orders: Table | None = None
    credit: CreditSection | None = None
    contests: Table | None = None
    feedback: Table | None = None
    categories: frozenset[str] = frozenset()


def _readable(roles: Iterable[Role], model: type[models.Model], names: Sequence[str]) -> list[str]:
    allowed = set(readable_fields(roles, model))
    return [name for name in names if name in allowed]


def _columns(
    roles: Iterable[Role], model: type[models.Model], names: Sequence[str]
) -> list[Column]:
    return [
        Column(name, getattr(model._meta.get_field(name), "verbose_name", name))
        for name in _readable(roles, model, names)
    ]


def _categories(model: type[models.Model], names: Iterable[str]) -> set[str]:
    return set(datamap.categories(model, names))


def _display(row: models.Model, name: str) -> str:
    """A field's value as the page writes it, in the active language."""
    value = getattr(row, name)
    field = row._meta.get_field(name)
    if value is None or value == "":
        return "–"
    if getattr(field, "choices", None):
        return str(getattr(row, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if name.endswith("_cents"):
        euros = (Decimal(int(value)) / 100).quantize(Decimal("0.01"))
        return f"{formats.number_format(euros, 2, use_l10n=True)} €"
    if hasattr(value, "tzinfo"):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if hasattr(value, "isoformat"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _shown(row: models.Model, names: Iterable[str]) -> list[Shown]:
    return [
        Shown(name, getattr(row._meta.get_field(name), "verbose_name", name), _display(row, name))
        for name in names
    ]


# The search.


def customer_search(*, actor: Actor, words: Sequence[str], page_number: int) -> SearchPage:
    """One page of the customers whose name, email or phone contains every one of
    ``words`` (folded by ``search_key.search_words``), ordered by surname and first name.

    The matches are found first as (key, id) pairs, at most ``MAX_RESULTS`` + 1 of them and
    in no particular order, so the database stops early for a broad search; the pairs are
    sorted here and only the page's rows are read. Sorting every match in the database
    instead would read each matching row: tens of thousands for a common surname among a
    million customers. A search matching more than ``MAX_RESULTS`` shows no one and asks to
    be narrowed down (no one would page through it). Each person shown is recorded in the
    audit log; the words are not.
    """
    if not set(actor.roles) & customer_search_roles():
        raise PermissionDenied(_("Your roles do not allow searching customers."))
    if not words:
        raise ValueError("a search needs at least one word")
    if not 1 <= page_number <= MAX_PAGE:
        raise ValueError("page out of range")
    columns = _columns(actor.roles, Customer, RESULT_COLUMNS)
    queryset = Customer.objects.all()
    for word in words:
        queryset = queryset.filter(search_key__contains=word)
    matches = list(queryset.values_list("search_key", "pk")[: MAX_RESULTS + 1])
    if len(matches) > MAX_RESULTS:
        return SearchPage(columns, [], 1, total=len(matches), too_many=True)
    matches.sort()
    start = (page_number - 1) * RESULTS_PER_PAGE
    page_ids = [pk for _key, pk in matches[start : start + RESULTS_PER_PAGE]]
    rows = Customer.objects.only("public_id", *(column.name for column in columns)).in_bulk(
        page_ids
    )
    found = [rows[pk] for pk in page_ids if pk in rows]
    results = [
        SearchResult(customer.public_id, [_display(customer, c.name) for c in columns])
        for customer in found
    ]
    categories = sorted(_categories(Customer, ["public_id", *(c.name for c in columns)]))
    purpose = _purpose(actor.roles)
    with transaction.atomic():
        audit_record_many(
            actor=actor,
            events=[
                EventSpec(
                    action="customer.search.read",
                    subject=str(customer.public_id),
                    categories=categories,
                    purpose=purpose,
                    detail={"page": page_number},
                )
                for customer in found
            ],
        )
    return SearchPage(columns, results, page_number, total=len(matches))


# The card.


def _table(
    roles: Iterable[Role],
    model: type[models.Model],
    names: Sequence[str],
    rows: Iterable[models.Model],
    categories: set[str],
    link: Any = None,
) -> Table | None:
    """A section of the card: None when the reader may see none of its columns (the rows
    are then not even read); otherwise the newest rows, and their categories noted."""
    columns = _columns(roles, model, names)
    if not columns:
        return None
    fetched = list(rows)
    shown = fetched[:SECTION_ROWS]
    categories |= _categories(model, (c.name for c in columns))
    return Table(
        columns,
        [
            TableRow([_display(row, c.name) for c in columns], link(row) if link else None)
            for row in shown
        ],
        more=len(fetched) > SECTION_ROWS,
        has_links=link is not None,
    )


def customer_card_read(*, actor: Actor, public_id: uuid.UUID) -> CustomerCard | None:
    """One customer as the reader's roles may see them: contact data, marketing choices,
    orders, credit, contest entries and feedback, each section with only its readable
    fields. None when there is no such customer. The read is one audit event naming the
    categories shown."""
    roles = actor.roles
    if not set(roles) & customer_card_roles():
        raise PermissionDenied(_("Your roles do not allow reading customer records."))
    customer = customer_get(public_id)
    if customer is None:
        return None
    # Imported here: these apps build on customers, not the other way round.
    from rekisteri.consents import selectors as consents
    from rekisteri.consents.models import ConsentRecord, PrivacySwitchRecord
    from rekisteri.contests.models import ContestEntry
    from rekisteri.contests.selectors import contest_entries_of_customer
    from rekisteri.credit.models import CreditAccount, Invoice
    from rekisteri.credit.selectors import credit_account_of, invoices_of_customer_for_staff
    from rekisteri.feedback.models import Feedback
    from rekisteri.feedback.selectors import feedback_of_customer
    from rekisteri.feedback.services import FEEDBACK_HANDLERS
    from rekisteri.orders.models import Order
    from rekisteri.orders.selectors import orders_of_customer_for_staff

    limit = SECTION_ROWS + 1
    with transaction.atomic():
        names = _readable(roles, Customer, RECORD_FIELDS)
        categories = _categories(Customer, ["public_id", *names])
        # A restriction (GDPR Art. 18) binds everyone who handles the person's data, so
        # every reader of the card is told of it, and the log says they were.
        restricted = consents.is_restricted(customer)
        if restricted:
            categories |= _categories(PrivacySwitchRecord, ["enabled"])

        consent_section = None
        history = _table(
            roles,
            ConsentRecord,
            CONSENT_COLUMNS,
            consents.consent_history(customer)[:limit],
            categories,
        )
        if history is not None:
            consent_section = ConsentSection(
                channels=[
                    ChannelShown(
                        state.channel.label,
                        state.granted,
                        _display(state.latest, "recorded_at") if state.latest else "–",
                    )
                    for state in consents.consent_states(customer)
                ],
                marketing_prohibited=consents.is_marketing_prohibited(customer),
                history=history,
            )
            categories |= _categories(PrivacySwitchRecord, ["switch", "enabled"])

        orders = _table(
            roles,
            Order,
            ORDER_COLUMNS,
            orders_of_customer_for_staff(customer)[:limit],
            categories,
        )

        credit = None
        account_names = _readable(roles, CreditAccount, CREDIT_ACCOUNT_FIELDS)
        invoices = _table(
            roles,
            Invoice,
            INVOICE_COLUMNS,
            invoices_of_customer_for_staff(customer)[:limit],
            categories,
        )
        if account_names or invoices is not None:
            account = credit_account_of(customer) if account_names else None
            if account is not None:
                categories |= _categories(CreditAccount, account_names)
            credit = CreditSection(
                _shown(account, account_names) if account is not None else [], invoices
            )

        contests = _table(
            roles,
            ContestEntry,
            ENTRY_COLUMNS,
            contest_entries_of_customer(customer)[:limit],
            categories,
        )
        may_open_feedback = bool(set(roles) & set(FEEDBACK_HANDLERS))
        feedback = _table(
            roles,
            Feedback,
            FEEDBACK_COLUMNS,
            feedback_of_customer(customer, limit=limit)
            if _readable(roles, Feedback, FEEDBACK_COLUMNS)
            else [],
            categories,
            link=(lambda row: row.pk) if may_open_feedback else None,
        )

        card = CustomerCard(
            public_id=customer.public_id,
            restricted=restricted,
            contact=_shown(customer, names),
            correctable={
                name: getattr(customer, name) for name in correctable_contact_fields(roles)
            },
            consents=consent_section,
            orders=orders,
            credit=credit,
            contests=contests,
            feedback=feedback,
            categories=frozenset(categories),
        )
        sections = [
            key
            for key in ("consents", "orders", "credit", "contests", "feedback")
            if getattr(card, key) is not None
        ]
        audit_record_many(
            actor=actor,
            events=[
                EventSpec(
                    action="customer.card.read",
                    subject=str(customer.public_id),
                    categories=sorted(categories),
                    purpose=_purpose(roles),
                    detail={"sections": ["contact", *sections], "restricted": restricted},
                )
            ],
        )
    return card


def correctable_contact_fields(roles: Iterable[Role]) -> list[str]:
    """The contact fields ``roles`` may correct (``customer_update`` takes only these)."""

    allowed = set(writable_fields(roles, Customer))
    return [name for name in CONTACT_FIELDS if name in allowed]
