"""Writes to the data-subject request queue (L9).

Every function takes the acting party, checks that the party may act, and writes the request
and its audit event in one transaction. Audit events carry codes (kind, channel, status,
months, field names), never the notes: those stay in the request, where erasure can replace
them.

Who may do what: the register manager everything; customer service may enter a request
received by phone, letter, email or in person (they answer the phone) but not read the queue
or act on requests; the person's own actor or the system records self-service requests.

The requests are carried out by the same engines as everywhere else: the access package and
erasure of ``rekisteri.privacy.services``, the restriction and the prohibition of direct
marketing of ``rekisteri.consents.services``, and ``customer_update`` for rectification.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rekisteri.access.policy import writable_fields
from rekisteri.access.roles import Role
from rekisteri.accounts.actors import acts_for
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.consents.models import ChangeSource
from rekisteri.consents.services import marketing_prohibition_set, restriction_set
from rekisteri.customers.models import Customer
from rekisteri.customers.services import CONTACT_FIELDS, customer_update
from rekisteri.privacy.erasure import ErasureReason, ErasureReport
from rekisteri.privacy.services import subject_erase, subject_export
from rekisteri.subject_requests.datamap import DATA_SUBJECT_RIGHTS, REQUEST_CATEGORY
from rekisteri.subject_requests.deadlines import (
    MAX_EXTENSION_MONTHS,
    due_on,
    extended_deadline,
    helsinki_date,
    today,
)
from rekisteri.subject_requests.models import (
    RequestChannel,
    RequestKind,
    RequestStatus,
    SubjectRequest,
)

NOTE_MAX_LENGTH = 2000

# Identity must be shown how it was checked when nothing else proves who asked.
IDENTITY_NOTE_REQUIRED = frozenset({RequestChannel.PHONE, RequestChannel.LETTER})
STAFF_CHANNELS = frozenset(set(RequestChannel) - {RequestChannel.SELF_SERVICE})
ENTERING_ROLES = frozenset({Role.REGISTER_MANAGER, Role.CUSTOMER_SERVICE})

# Where a request may go from each status (closing is separate, see ``request_close``).
EXECUTABLE = frozenset(
    {RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS, RequestStatus.PARTLY_REFUSED}
)
CLOSING_OUTCOMES = frozenset(
    {
        RequestStatus.DONE,
        RequestStatus.PARTLY_REFUSED,
        RequestStatus.REFUSED,
        RequestStatus.WITHDRAWN,
    }
)


# Access decisions.


def _require_manager(actor: Actor) -> None:
    if actor.kind == ActorKind.SYSTEM:
        return
    if actor.kind != ActorKind.STAFF or not actor.has_role(Role.REGISTER_MANAGER):
        raise PermissionDenied(_("Only the register manager may handle data-subject requests."))


def _require_entering(actor: Actor) -> None:
    if actor.kind == ActorKind.SYSTEM:
        return
    if actor.kind != ActorKind.STAFF or not (actor.roles & ENTERING_ROLES):
        raise PermissionDenied(_("You may not enter data-subject requests."))


# Input checks: each raises ValidationError with a message for the person at the keyboard.


def _clean_note(text: str, field: str, *, required: bool, message: str = "") -> str:
    text = "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n"))
    text = text.strip()
    if required and not text:
        raise ValidationError({field: message or _("This field is required.")}, code="required")
    if len(text) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                field: _("Write at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH},
            },
            code="max_length",
        )
    if "\x00" in text:
        raise ValidationError(
            {field: _("The text contains a character that cannot be stored.")}, code="null"
        )
    return text


def _audit(actor: Actor, request: SubjectRequest, action: str, **detail: Any) -> None:
    audit_record(
        actor=actor,
        action=f"subject_request.{action}",
        subject=request.subject,
        categories=[REQUEST_CATEGORY],
        purpose=DATA_SUBJECT_RIGHTS.key,
        detail={"request": request.pk, "kind": request.kind, "status": request.status, **detail},
    )


def _locked(request: SubjectRequest) -> SubjectRequest:
    return SubjectRequest.objects.select_for_update().get(pk=request.pk)


def _mark_started(request: SubjectRequest) -> None:
    """A received request someone has begun to work on is in progress."""
    if request.status == RequestStatus.RECEIVED:
        request.status = RequestStatus.IN_PROGRESS


def _require_open(request: SubjectRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("This request has already been closed."), code="closed")


# Entering requests.


def request_receive(
    *,
    actor: Actor,
    customer: Customer,
    kind: RequestKind,
    channel: RequestChannel,
    received_on: datetime.date | None = None,
    identity_check_note: str = "",
    staff_notes: str = "",
) -> SubjectRequest:
    """Record a request a staff member received by email, phone, letter or in person.

    A request by phone or letter needs a note of how the person's identity was checked; one
    by email or in person without such a note waits in "identity to be checked".
    """
    _require_entering(actor)
    kind = RequestKind(kind)
    channel = RequestChannel(channel)
    if channel not in STAFF_CHANNELS:
        raise ValidationError(
            {"channel": _("Self-service requests are recorded by My account.")}, code="channel"
        )
    received_on = received_on or today()
    if received_on > today():
        raise ValidationError(
            {"received_on": _("The day of receipt cannot be in the future.")}, code="future"
        )
    identity_check_note = _clean_note(
        identity_check_note,
        "identity_check_note",
        required=channel in IDENTITY_NOTE_REQUIRED,
        message=_("Write how the person's identity was checked."),
    )
    staff_notes = _clean_note(staff_notes, "staff_notes", required=False)
    status = RequestStatus.RECEIVED if identity_check_note else RequestStatus.IDENTITY_CHECK
    due = due_on(received_on)
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            customer=customer,
            subject=str(customer.public_id),
            kind=kind,
            channel=channel,
            received_on=received_on,
            due_on=due,
            deadline=due,
            status=status,
            identity_check_note=identity_check_note,
            staff_notes=staff_notes,
        )
        _audit(actor, request, "receive", channel=channel.value)
    return request


def request_record_self_service(
    *,
    actor: Actor,
    customer: Customer,
    kind: RequestKind,
    refusal_reasons: list[str] | None = None,
) -> SubjectRequest:
    """Record a request the person made and the system carried out at once in My account
    (a download of their data, the deletion of their account).

    With refusals (an erasure partly refused) the request stays open in the queue, so that
    the register manager can finish it once the reason is gone.
    """
    if not acts_for(actor, customer):
        raise PermissionDenied(_("Only the person can make a self-service request."))
    kind = RequestKind(kind)
    now = timezone.now()
    received = helsinki_date(now)
    due = due_on(received)
    refused = list(refusal_reasons or [])
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            customer=customer if Customer.objects.filter(pk=customer.pk).exists() else None,
            subject=str(customer.public_id),
            kind=kind,
            channel=RequestChannel.SELF_SERVICE,
            received_on=received,
            due_on=due,
            deadline=due,
            status=RequestStatus.PARTLY_REFUSED if refused else RequestStatus.DONE,
            identity_check_note="",
            refusal_reasons=refused,
            executed_at=now,
            closed_at=None if refused else now,
        )
        _audit(actor, request, "self_service", channel=RequestChannel.SELF_SERVICE.value)
    return request


# Handling requests.


def request_identity_checked(*, actor: Actor, request: SubjectRequest, note: str) -> SubjectRequest:
    """Record how the person's identity was checked; the request can then be carried out."""
    _require_manager(actor)
    note = _clean_note(
        note,
        "identity_check_note",
        required=True,
        message=_("Write how the person's identity was checked."),
    )
    with transaction.atomic():
        request = _locked(request)
        _require_open(request)
        if request.status != RequestStatus.IDENTITY_CHECK:
            raise ValidationError(_("The identity has already been checked."), code="status")
        request.identity_check_note = note
        request.status = RequestStatus.IN_PROGRESS
        request.save(update_fields=["identity_check_note", "status"])
        _audit(actor, request, "identity_checked")
    return request


def request_extend(
    *,
    actor: Actor,
    request: SubjectRequest,
    months: int,
    reason: str,
    informed_at: datetime.datetime | None,
) -> SubjectRequest:
    """Extend the deadline by one or two further months (GDPR Art. 12(3)).

    Allowed once, with the reason, and only when the person was told of it (with the reason)
    within the first month: ``informed_at`` is that moment, on or before the original due date.
    """
    _require_manager(actor)
    errors: dict[str, str] = {}
    if months < 1 or months > MAX_EXTENSION_MONTHS:
        errors["months"] = _("The deadline can be extended by at most two further months.")
    try:
        reason = _clean_note(
            reason,
            "reason",
            required=True,
            message=_("Give the reason for the extension."),
        )
    except ValidationError as error:
        errors.update({k: v[0] for k, v in error.message_dict.items()})
    if informed_at is None:
        errors["informed_at"] = _("Give the time the person was told of the extension.")
    elif informed_at > timezone.now():
        errors["informed_at"] = _("The time the person was told cannot be in the future.")
    if errors:
        raise ValidationError(errors, code="invalid")
    assert informed_at is not None
    with transaction.atomic():
        request = _locked(request)
        _require_open(request)
        if request.extended_months:
            raise ValidationError(
                _("The deadline has already been extended; it can be extended only once."),
                code="extended",
            )
        told_on = helsinki_date(informed_at)
        if told_on < request.received_on:
            raise ValidationError(
                {"informed_at": _("The person cannot have been told before the request came.")},
                code="before_receipt",
            )
        if told_on > request.due_on:
            raise ValidationError(
                {
                    "informed_at": _(
                        "The person must be told of an extension within the first month; "
                        "the deadline can no longer be extended."
                    )
                },
                code="too_late",
            )
        request.extended_months = months
        request.extension_reason = reason
        request.extension_informed_at = informed_at
        request.deadline = extended_deadline(request.due_on, months)
        _mark_started(request)
        request.save(
            update_fields=[
                "extended_months",
                "extension_reason",
                "extension_informed_at",
                "deadline",
                "status",
            ]
        )
        _audit(actor, request, "extend", months=months)
    return request


def request_notes_set(*, actor: Actor, request: SubjectRequest, notes: str) -> SubjectRequest:
    _require_manager(actor)
    notes = _clean_note(notes, "staff_notes", required=False)
    with transaction.atomic():
        request = _locked(request)
        request.staff_notes = notes
        _mark_started(request)
        request.save(update_fields=["staff_notes", "status"])
        _audit(actor, request, "notes")
    return request


@dataclass
class Execution:
    """What carrying out a request produced: the access package, the erasure report."""

    request: SubjectRequest
    package: dict[str, Any] | None = None
    erasure: ErasureReport | None = None


def _customer_of(request: SubjectRequest) -> Customer | None:
    """The person, also after an erasure that was partly refused (the request's link to the
    customer record is cut by the erasure, the record itself is kept)."""
    return request.customer or Customer.objects.filter(public_id=request.subject).first()


def _check_executable(request: SubjectRequest) -> None:
    _require_open(request)
    if request.status == RequestStatus.IDENTITY_CHECK:
        raise ValidationError(
            _("Check the person's identity before carrying out the request."), code="identity"
        )
    if request.status == RequestStatus.PARTLY_REFUSED and request.kind != RequestKind.ERASURE:
        raise ValidationError(_("This request has already been carried out."), code="status")
    if request.status not in EXECUTABLE:
        raise ValidationError(_("This request has already been carried out."), code="status")


def request_execute(
    *,
    actor: Actor,
    request: SubjectRequest,
    rectified: dict[str, str] | None = None,
    note: str = "",
) -> Execution:
    """Carry out the request through the engine of its kind.

    access, portability: the access package (the caller gives it to the person);
    erasure: the erasure, whose partial refusals are recorded with their reasons — such a
    request stays open and can be carried out again to finish it;
    restriction: the restriction of processing is turned on;
    objection: the prohibition of direct marketing is turned on;
    rectification: the corrected contact fields in ``rectified`` are saved with
    ``customer_update``; the ``note`` says what was corrected (it may have been done on the
    customer card instead).
    """
    _require_manager(actor)
    with transaction.atomic():
        request = _locked(request)
        _check_executable(request)
        customer = _customer_of(request)
        kind = RequestKind(request.kind)
        execution = Execution(request)
        detail: dict[str, Any] = {}
        update_fields = ["status", "executed_at"]
        if customer is None and kind == RequestKind.ERASURE:
            # Erased meanwhile (from My account, by retention): nothing is left to erase.
            request.refusal_reasons = []
            update_fields.append("refusal_reasons")
            status = RequestStatus.DONE
            detail = {"already_erased": True}
        elif customer is None:
            raise ValidationError(
                _("The person is no longer in the register; there is nothing left to do."),
                code="erased",
            )
        elif kind in {RequestKind.ACCESS, RequestKind.PORTABILITY}:
            execution.package = subject_export(actor=actor, customer=customer)
            status = RequestStatus.DONE
        elif kind == RequestKind.ERASURE:
            report = subject_erase(actor=actor, customer=customer, reason=ErasureReason.REQUEST)
            execution.erasure = report
            # The erasure has rewritten this row (link cut, notes replaced): read it again.
            request = _locked(request)
            execution.request = request
            request.refusal_reasons = list(report.refusals)
            update_fields.append("refusal_reasons")
            status = RequestStatus.PARTLY_REFUSED if report.partial else RequestStatus.DONE
            detail = {"partial": report.partial, "rows": report.rows}
        elif kind == RequestKind.RESTRICTION:
            restriction_set(
                actor=actor, customer=customer, restricted=True, source=ChangeSource.STAFF
            )
            status = RequestStatus.DONE
        elif kind == RequestKind.OBJECTION:
            marketing_prohibition_set(
                actor=actor, customer=customer, prohibited=True, source=ChangeSource.STAFF
            )
            status = RequestStatus.DONE
        else:
            changed = _rectify(actor, customer, rectified or {}, note)
            request.corrected_fields = sorted(set(request.corrected_fields) | set(changed))
            update_fields.append("corrected_fields")
            note = note.strip()
            if note:
                request.outcome_note = _clean_note(note, "note", required=False)
                update_fields.append("outcome_note")
            status = RequestStatus.DONE
            detail = {"fields": changed}
        request.status = status
        request.executed_at = timezone.now()
        request.save(update_fields=update_fields)
        _audit(actor, request, "execute", **detail)
    return execution


def rectifiable_fields(*, actor: Actor) -> list[str]:
    """The customer's contact fields the actor may correct (the data map's write rights)."""
    allowed = set(writable_fields(actor.roles, Customer))
    return [name for name in CONTACT_FIELDS if name in allowed]


def _rectify(actor: Actor, customer: Customer, rectified: dict[str, str], note: str) -> list[str]:
    allowed = set(rectifiable_fields(actor=actor))
    wanted = {name: value.strip() for name, value in rectified.items() if value and value.strip()}
    denied = set(wanted) - allowed
    if denied:
        raise PermissionDenied(_("You may not correct these fields."))
    if not wanted and not note.strip():
        raise ValidationError(
            {"note": _("Enter the corrected data, or note what was corrected and where.")},
            code="required",
        )
    changed = [name for name, value in wanted.items() if getattr(customer, name) != value]
    if changed:
        customer_update(actor=actor, customer=customer, **{n: wanted[n] for n in changed})
    return changed


def request_close(
    *, actor: Actor, request: SubjectRequest, outcome: RequestStatus, note: str
) -> SubjectRequest:
    """Close the request with its outcome: done (it has been carried out), partly refused or
    refused (the note gives the reasons told to the person), or withdrawn by the person."""
    _require_manager(actor)
    try:
        outcome = RequestStatus(outcome)
    except ValueError:
        raise ValidationError({"outcome": _("Choose the outcome.")}, code="invalid") from None
    if outcome not in CLOSING_OUTCOMES:
        raise ValidationError({"outcome": _("Choose the outcome.")}, code="invalid")
    needs_reason = outcome in {RequestStatus.REFUSED, RequestStatus.PARTLY_REFUSED}
    note = _clean_note(
        note,
        "note",
        required=needs_reason,
        message=_("Give the reasons for the refusal, as told to the person."),
    )
    with transaction.atomic():
        request = _locked(request)
        _require_open(request)
        carried_out = request.status in {RequestStatus.DONE, RequestStatus.PARTLY_REFUSED}
        if outcome in {RequestStatus.DONE, RequestStatus.PARTLY_REFUSED} and not carried_out:
            raise ValidationError(
                {"outcome": _("Carry out the request before closing it as done.")},
                code="not_executed",
            )
        if outcome == RequestStatus.DONE and request.status == RequestStatus.PARTLY_REFUSED:
            raise ValidationError(
                {
                    "outcome": _(
                        "Part of the request was refused: close it as partly refused, or "
                        "carry it out again once the reason is gone."
                    )
                },
                code="partly_refused",
            )
        request.status = outcome
        request.outcome_note = note or request.outcome_note
        request.closed_at = timezone.now()
        request.save(update_fields=["status", "outcome_note", "closed_at"])
        _audit(actor, request, "close")
    return request
