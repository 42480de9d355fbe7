"""Writes to contests: staff create, edit and draw; a visitor enters.

Every function takes the acting party and writes its audit event in the same transaction.
Audit events name the contest and entry by number and the entrant by the customer's
pseudonymous id, never by a name or an address.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import EventSpec, audit_record, audit_record_many
from rekisteri.consents.models import ChangeSource, MarketingChannel, PermissionText
from rekisteri.consents.services import consent_grant
from rekisteri.contests.models import Contest, ContestEntry, ContestWinner
from rekisteri.customers.models import Channel, Customer
from rekisteri.customers.services import customer_find_or_create
from rekisteri.privacy.datamap import datamap, purposes

# Who runs contests: creates and edits them and draws the winners.
CONTEST_MANAGERS = frozenset({Role.MARKETING, Role.REGISTER_MANAGER})

CONTEST_FIELDS = ("title", "rules", "question", "starts_at", "ends_at", "consent_based")


def _may_manage(actor: Actor) -> bool:
    return actor.kind == ActorKind.SYSTEM or bool(actor.roles & CONTEST_MANAGERS)


def _require_manager(actor: Actor) -> None:
    if not _may_manage(actor):
        raise PermissionDenied(_("Only marketing or the register manager may run contests."))


def _categories(model: type[ContestEntry] | type[ContestWinner], names: list[str]) -> list[str]:
    found = []
    for name in names:
        mapped = datamap.field(model, name)
        assert mapped is not None, f"{model.__name__}.{name} is not in the data map"
        found.append(mapped.personal.category)
    return found


# --- staff: running a contest -------------------------------------------------------------


def contest_create(*, actor: Actor, values: dict[str, Any]) -> Contest:
    """A new contest. Raises ValidationError (nothing saved) on invalid values."""
    _require_manager(actor)
    unknown = set(values) - set(CONTEST_FIELDS)
    if unknown:
        raise TypeError(f"contest_create got unknown fields {sorted(unknown)}")
    with transaction.atomic():
        contest = Contest(**values)
        contest.full_clean()
        contest.save(force_insert=True)
        audit_record(
            actor=actor,
            action="contest.create",
            purpose=purposes.CONTEST_TERMS.key,
            detail={"contest": contest.pk},
        )
    return contest


def contest_update(*, actor: Actor, contest: Contest, values: dict[str, Any]) -> Contest:
    """Change a contest's details; the audit event names the fields changed."""
    _require_manager(actor)
    unknown = set(values) - set(CONTEST_FIELDS)
    if unknown:
        raise TypeError(f"contest_update got unknown fields {sorted(unknown)}")
    with transaction.atomic():
        contest = Contest.objects.select_for_update().get(pk=contest.pk)
        changed = [name for name, value in values.items() if getattr(contest, name) != value]
        if not changed:
            return contest
        for name in changed:
            setattr(contest, name, values[name])
        contest.full_clean()
        contest.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="contest.update",
            purpose=purposes.CONTEST_TERMS.key,
            detail={"contest": contest.pk, "fields": sorted(changed)},
        )
    return contest


def contest_draw(*, actor: Actor, contest: Contest, count: int = 1) -> list[ContestWinner]:
    """Draw ``count`` winners among the contest's entries that have not yet won.

    Each entry has the same chance: the order comes from ``secrets`` (the operating system's
    randomness), which nobody can predict or replay. A person wins at most once per contest.
    One audit event per winner names the entry and the number of entries drawn from.
    """
    _require_manager(actor)
    if count < 1:
        raise ValidationError(_("Draw at least one winner."), code="count")
    with transaction.atomic():
        # The row lock makes two simultaneous draws take turns instead of both picking.
        contest = Contest.objects.select_for_update().get(pk=contest.pk)
        if not contest.has_ended():
            raise ValidationError(
                _("The winners are drawn after the contest has ended."), code="not_ended"
            )
        eligible = list(
            ContestEntry.objects.filter(contest=contest, winner__isnull=True)
            .exclude(customer__contest_wins__contest=contest)
            .select_related("customer")
            .order_by("pk")
        )
        if len({entry.customer_id for entry in eligible}) < count:
            raise ValidationError(
                _("There are not enough entries left to draw that many winners."),
                code="too_few_entries",
            )
        picked = _pick(eligible, count)
        now = timezone.now()
        winners = ContestWinner.objects.bulk_create(
            [
                ContestWinner(
                    contest=contest,
                    entry=entry,
                    customer=entry.customer,
                    name=entry.name,
                    email=entry.email,
                    drawn_at=now,
                )
                for entry in picked
            ]
        )
        categories = _categories(ContestWinner, ["name", "email", "drawn_at"])
        audit_record_many(
            actor=actor,
            events=[
                EventSpec(
                    action="contest.draw",
                    subject=str(entry.customer.public_id),
                    categories=categories,
                    purpose=purposes.CONTEST_TERMS.key,
                    detail={
                        "contest": contest.pk,
                        "entry": entry.pk,
                        "entries": len(eligible),
                        "winners": count,
                    },
                )
                for entry in picked
            ],
        )
    return winners


def _pick(entries: list[ContestEntry], count: int) -> list[ContestEntry]:
    """``count`` entries of different people, uniformly at random."""
    shuffled = list(entries)
    secrets.SystemRandom().shuffle(shuffled)
    picked: list[ContestEntry] = []
    people: set[int] = set()
    for entry in shuffled:
        if entry.customer_id not in people:
            picked.append(entry)
            people.add(entry.customer_id)
            if len(picked) == count:
                break
    return picked


# --- a visitor: entering ------------------------------------------------------------------


def contest_enter(
    *,
    actor: Actor,
    contest: Contest,
    name: str,
    email: str,
    answer: str,
    age_confirmed: bool,
    marketing_permission: PermissionText | None,
    now: datetime.datetime | None = None,
) -> ContestEntry:
    """Enter ``contest``: the entrant joins the register through the contest channel.

    One entry per email address per contest, whatever the letter case. Raises
    ValidationError, with nothing saved, when the contest is not open, the age confirmation
    a consent-based contest needs is missing, or the address has already entered.

    ``marketing_permission`` is the email permission text the entrant ticked, if they did.
    When the entry creates the customer, it is recorded as their permission. An address
    already in the register may belong to someone other than the visitor typing it, so for
    it the wish is only noted on the entry, and no permission is recorded from a public form.
    """
    now = now or timezone.now()
    email = email.strip().lower()
    if not contest.is_open(now):
        raise ValidationError(_("This contest is not open for entries."), code="closed")
    if contest.consent_based and not age_confirmed:
        raise ValidationError(
            {"age_confirmed": _("Confirm that you are at least 13 years old.")},
            code="age",
        )
    duplicate = ValidationError(
        {"email": _("This email address has already entered the contest.")},
        code="duplicate_entry",
    )
    if ContestEntry.objects.filter(contest=contest, email=email).exists():
        raise duplicate
    try:
        with transaction.atomic():
            customer, created = _entrant(actor=actor, name=name, email=email)
            entry = ContestEntry(
                contest=contest,
                customer=customer,
                name=name.strip(),
                email=email,
                answer=answer,
                age_confirmed=age_confirmed,
                marketing_permission_requested=marketing_permission is not None,
                entered_at=now,
            )
            entry.full_clean(exclude=["contest", "customer"], validate_constraints=False)
            entry.save(force_insert=True)
            given = ["name", "email", "answer", "entered_at", "contest"]
            if age_confirmed:
                given.append("age_confirmed")
            if marketing_permission is not None:
                given.append("marketing_permission_requested")
            audit_record(
                actor=actor,
                action="contest.enter",
                subject=str(customer.public_id),
                categories=_categories(ContestEntry, given),
                purpose=purposes.CONTEST_TERMS.key,
                detail={"contest": contest.pk, "entry": entry.pk, "new_customer": created},
            )
            if marketing_permission is not None and created:
                consent_grant(
                    actor=actor,
                    customer=customer,
                    channel=MarketingChannel.EMAIL,
                    source=ChangeSource.CONTEST,
                    text_version=marketing_permission,
                )
    except IntegrityError:
        # Two entries with the same address at the same moment: the constraint let one in.
        if ContestEntry.objects.filter(contest=contest, email=email).exists():
            raise duplicate from None
        raise
    return entry


def _entrant(*, actor: Actor, name: str, email: str) -> tuple[Customer, bool]:
    return customer_find_or_create(
        actor=actor,
        channel=Channel.CONTEST,
        email=email,
        name=name,
        preferred_language=_language(),
    )


def _language() -> str:
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
