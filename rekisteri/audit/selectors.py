"""The register manager's reading of the audit log (L24): searching it by person, by staff
member, by action and by time window, exporting the result, and checking the chain.

Each search, export and check is itself an audit event, with codes only: the searched
person's and staff member's pseudonymous ids, the action code, the window as UTC codes, the
row count. The log's columns that can identify someone (subject, actor) are shown only when
the data map lets the reader's roles read them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet

from rekisteri.access.policy import readable_fields
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.chain import canonical_json
from rekisteri.audit.models import AuditEvent
from rekisteri.audit.services import audit_record
from rekisteri.audit.verify import VerifyResult, audit_verify
from rekisteri.privacy.datamap import datamap, purposes

EVENTS_PER_PAGE = 50
EXPORT_CHUNK = 2_000
EXPORT_HEADER = (
    "sequence",
    "occurred_at",
    "actor_kind",
    "actor",
    "actor_roles",
    "action",
    "subject",
    "categories",
    "purpose",
    "request_id",
    "detail",
    "hash",
)
# Columns of the log that name someone (pseudonymously); the data map says who may read them.
IDENTIFYING = ("actor_ref", "subject")


@dataclass(frozen=True)
class AuditQuery:
    """What to look for; empty parts do not narrow the search. The window is half-open:
    ``since <= time < until``. A ``*`` at either end of the action matches any text there."""

    subject: str = ""
    actor: str = ""
    action: str = ""
    since: datetime.datetime | None = None
    until: datetime.datetime | None = None

    @property
    def action_match(self) -> str:
        """How the action code is matched: ``exact``, or by a ``*`` at its end (``prefix``),
        its start (``suffix``, e.g. ``*.read`` for every read) or both (``contains``)."""
        starts, ends = self.action.startswith("*"), self.action.endswith("*")
        if starts and ends and len(self.action) > 1:
            return "contains"
        return "suffix" if starts else "prefix" if ends else "exact"

    @property
    def action_code(self) -> str:
        return self.action.strip("*")

    def filtered(self, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        if self.subject:
            queryset = queryset.filter(subject=self.subject)
        if self.actor:
            queryset = queryset.filter(actor_ref=self.actor)
        if self.action:
            lookup = {
                "exact": "action",
                "prefix": "action__startswith",
                "suffix": "action__endswith",
                "contains": "action__contains",
            }[self.action_match]
            queryset = queryset.filter(**{lookup: self.action_code})
        if self.since is not None:
            queryset = queryset.filter(occurred_at__gte=self.since)
        if self.until is not None:
            queryset = queryset.filter(occurred_at__lt=self.until)
        return queryset

    def detail(self) -> dict[str, Any]:
        """The query as audit detail: codes only."""
        return {
            "actor": self.actor,
            "action": self.action_code,
            "action_match": self.action_match if self.action else "",
            "since": _moment_code(self.since),
            "until": _moment_code(self.until),
        }


def _moment_code(moment: datetime.datetime | None) -> str:
    return "" if moment is None else moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


@dataclass(frozen=True)
class EventRow:
    """One entry as the reader may see it; ``actor_ref`` and ``subject`` are None when the
    reader's roles may not read them."""

    sequence: int
    occurred_at: datetime.datetime
    actor_kind: str
    actor_kind_label: str
    actor_ref: str | None
    actor_email: str | None
    actor_roles: str
    action: str
    subject: str | None
    categories: list[str]
    purpose: str
    detail: str


@dataclass(frozen=True)
class SearchResult:
    page: Page[Any]
    rows: list[EventRow]
    shows_actor: bool
    shows_subject: bool


def _readable(actor: Actor) -> set[str]:
    return set(readable_fields(actor.roles, AuditEvent)) & set(IDENTIFYING)


def _categories(names: set[str]) -> list[str]:
    categories = set()
    for name in names:
        mapped = datamap.field(AuditEvent, name)
        if mapped is not None:
            categories.add(mapped.personal.category)
    return sorted(categories)


def _record(actor: Actor, action: str, query: AuditQuery, names: set[str], **extra: Any) -> None:
    audit_record(
        actor=actor,
        action=action,
        # The searched person's own access log then shows that their trail was read.
        subject=query.subject,
        categories=_categories(names),
        purpose=purposes.SECURITY.key,
        detail={**query.detail(), **extra},
    )


def staff_accounts() -> list[tuple[str, str]]:
    """Staff accounts as (public id, email), by email: the staff filter's choices."""
    from rekisteri.accounts.models import User

    return [
        (str(public_id), email)
        for public_id, email in User.objects.filter(is_staff=True)
        .order_by("email")
        .values_list("public_id", "email")
    ]


def subject_for_email(email: str) -> str | None:
    """The pseudonymous id of the customer with this address (the address goes no further)."""
    from rekisteri.customers.selectors import customer_by_email

    customer = customer_by_email(email)
    return None if customer is None else str(customer.public_id)


def audit_search(*, actor: Actor, query: AuditQuery, page_number: Any = 1) -> SearchResult:
    """One page of matching entries, newest first; the search is recorded."""
    names = _readable(actor)
    queryset = query.filtered(AuditEvent.objects.all()).order_by("-sequence")
    page = Paginator(queryset, EVENTS_PER_PAGE).get_page(page_number)
    events = list(page.object_list)
    emails = _staff_emails({e.actor_ref for e in events if e.actor_kind == ActorKind.STAFF})
    rows = [_row(event, names, emails) for event in events]
    _record(actor, "audit.search.read", query, names, page=page.number, rows=page.paginator.count)
    return SearchResult(page, rows, "actor_ref" in names, "subject" in names)


def _staff_emails(refs: set[str]) -> dict[str, str]:
    from rekisteri.accounts.models import User

    if not refs:
        return {}
    return {
        str(public_id): email
        for public_id, email in User.objects.filter(public_id__in=refs).values_list(
            "public_id", "email"
        )
    }


def _row(event: AuditEvent, names: set[str], emails: dict[str, str]) -> EventRow:
    shows_actor = "actor_ref" in names
    return EventRow(
        sequence=event.sequence,
        occurred_at=event.occurred_at,
        actor_kind=event.actor_kind,
        actor_kind_label=str(ActorKind(event.actor_kind).label)
        if event.actor_kind in ActorKind.values
        else event.actor_kind,
        actor_ref=event.actor_ref if shows_actor else None,
        actor_email=emails.get(event.actor_ref) if shows_actor else None,
        actor_roles=event.actor_roles,
        action=event.action,
        subject=event.subject if "subject" in names else None,
        categories=list(event.categories),
        purpose=event.purpose,
        detail=canonical_json(event.detail),
    )


def audit_export(*, actor: Actor, query: AuditQuery) -> Iterator[list[str]]:
    """The matching entries as CSV rows (header first), oldest first.

    The export is recorded with its row count before the first row goes out; it covers the
    log as it stood then, so its own event and later ones are not in it.
    """
    names = _readable(actor)
    last = AuditEvent.objects.aggregate(last=Max("sequence"))["last"] or 0
    queryset = query.filtered(AuditEvent.objects.filter(sequence__lte=last))
    count = queryset.count()
    _record(actor, "audit.export.read", query, names, rows=count)
    return _export_rows(queryset, names)


def _export_rows(queryset: QuerySet[AuditEvent], names: set[str]) -> Iterator[list[str]]:
    yield list(EXPORT_HEADER)
    columns = queryset.order_by("sequence").values_list(
        "sequence",
        "occurred_at",
        "actor_kind",
        "actor_ref",
        "actor_roles",
        "action",
        "subject",
        "categories",
        "purpose",
        "request_id",
        "detail",
        "hash",
    )
    for row in columns.iterator(chunk_size=EXPORT_CHUNK):
        seq, moment, kind, ref, roles, action, subject, categories, purpose, rid, detail, hash_ = (
            row
        )
        yield [
            str(seq),
            moment.astimezone(datetime.UTC).isoformat(),
            kind,
            _cell(ref) if "actor_ref" in names else "",
            roles,
            _cell(action),
            _cell(subject) if "subject" in names else "",
            " ".join(categories),
            purpose,
            rid,
            canonical_json(detail),
            hash_,
        ]


def _cell(value: str) -> str:
    """Codes only, but a spreadsheet must not take one for a formula."""
    return "'" + value if value[:1] in {"=", "+", "-", "@"} else value


def audit_chain_check(*, actor: Actor) -> VerifyResult:
    """Verify the whole chain now and record that it was checked and with what result."""
    result = audit_verify()
    audit_record(
        actor=actor,
        action="audit.verify",
        purpose=purposes.SECURITY.key,
        detail={
            "ok": result.ok,
            "checked": result.checked,
            "bad_sequence": result.bad_sequence,
        },
    )
    return result
