"""Reading contests: the public list, and the staff's views of entries and winners.

Staff reads of entrants' data show only the fields the data map lets the reader's roles see,
and each read of a person's data is recorded in the audit log (categories, never values).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Count
from django.utils import timezone

from rekisteri.access.policy import readable_fields
from rekisteri.audit.actors import Actor
from rekisteri.audit.services import EventSpec, audit_record_many
from rekisteri.contests.models import Contest, ContestEntry, ContestWinner
from rekisteri.privacy.datamap import datamap, purposes

ENTRIES_PER_PAGE = 50

# The columns a staff table may show, in order; each is shown only to roles that may read it.
ENTRY_COLUMNS = ("entered_at", "name", "email", "answer", "age_confirmed")
WINNER_COLUMNS = ("drawn_at", "name", "email")


def contests_open() -> list[Contest]:
    """Contests taking entries now, the one ending first first."""
    now = timezone.now()
    return list(Contest.objects.filter(starts_at__lte=now, ends_at__gt=now).order_by("ends_at"))


def contest_get_public(pk: int) -> Contest | None:
    """A contest a visitor may see: one that has started (later ones are not yet public)."""
    return Contest.objects.filter(pk=pk, starts_at__lte=timezone.now()).first()


def contest_get(pk: int) -> Contest | None:
    return Contest.objects.filter(pk=pk).first()


def contest_list_for_staff() -> list[Contest]:
    """Every contest with its numbers of entries and winners (no personal data)."""
    return list(
        Contest.objects.annotate(
            entry_count=Count("entries", distinct=True),
            winner_count=Count("winners", distinct=True),
        )
    )


@dataclass(frozen=True)
class Column:
    name: str
    label: Any


@dataclass(frozen=True)
class Row:
    number: int
    cells: list[Any]
    is_winner: bool = False


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    page: Page[Any] | None = None


def contest_entries_read(*, actor: Actor, contest: Contest, page_number: Any = 1) -> Table:
    """One page of the contest's entries, with the columns the actor's roles may read."""
    columns = _columns(actor, ContestEntry, ENTRY_COLUMNS)
    entries = ContestEntry.objects.filter(contest=contest).select_related("customer", "winner")
    page = Paginator(entries.order_by("entered_at", "pk"), ENTRIES_PER_PAGE).get_page(page_number)
    rows = []
    for entry in page.object_list:
        is_winner = _has_winner(entry)
        rows.append(Row(entry.pk, [getattr(entry, c.name) for c in columns], is_winner))
    _record_read(actor, contest, ContestEntry, columns, list(page.object_list))
    return Table(columns, rows, page)


def contest_winners_read(*, actor: Actor, contest: Contest) -> Table:
    """The contest's winners, with the columns the actor's roles may read."""
    columns = _columns(actor, ContestWinner, WINNER_COLUMNS)
    winners = list(
        ContestWinner.objects.filter(contest=contest).select_related("customer").order_by("pk")
    )
    rows = [
        Row(winner.entry_id or 0, [getattr(winner, c.name) for c in columns], True)
        for winner in winners
    ]
    _record_read(actor, contest, ContestWinner, columns, winners)
    return Table(columns, rows)


def _has_winner(entry: ContestEntry) -> bool:
    try:
        return entry.winner is not None
    except ContestWinner.DoesNotExist:
        return False


def _columns(actor: Actor, model: type[models.Model], names: tuple[str, ...]) -> list[Column]:
    allowed = set(readable_fields(actor.roles, model))
    return [
        Column(name, getattr(model._meta.get_field(name), "verbose_name", name))
        for name in names
        if name in allowed
    ]


def _record_read(
    actor: Actor,
    contest: Contest,
    model: type[ContestEntry] | type[ContestWinner],
    columns: list[Column],
    rows: list[ContestEntry] | list[ContestWinner],
) -> None:
    """One audit event per person whose data was shown, naming the categories shown."""
    if not columns or not rows:
        return
    categories = []
    for column in columns:
        mapped = datamap.field(model, column.name)
        assert mapped is not None
        categories.append(mapped.personal.category)
    action = "contest.entries.read" if model is ContestEntry else "contest.winners.read"
    audit_record_many(
        actor=actor,
        events=[
            EventSpec(
                action=action,
                subject=str(row.customer.public_id),
                categories=categories,
                purpose=purposes.CONTEST_TERMS.key,
                detail={"contest": contest.pk, "row": row.pk},
            )
            for row in rows
        ],
    )


def contest_entries_of_customer(customer: Any) -> models.QuerySet[ContestEntry]:
    """The person's contest entries, newest first, for the staff's customer card (which
    shows only the fields the reader may see and records the read)."""
    return (
        ContestEntry.objects.filter(customer=customer)
        .select_related("contest")
        .order_by("-entered_at", "-pk")
    )
