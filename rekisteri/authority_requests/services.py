"""Writes to authority requests: recording one, and a second register manager's approval or
refusal of it. On approval of a disclosure the package is built by the access engine
limited to the request's scope, kept with the request, and written to the disclosure log.

Each function takes the acting party, checks that it is a register manager, and writes its
audit event in the same transaction; an error leaves nothing half-saved.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.authority_requests.datamap import AUTHORITY_REQUESTS_PURPOSE
from rekisteri.authority_requests.models import AuthorityRequest, Decision, Status
from rekisteri.authority_requests.selectors import (
    package_categories,
    request_scope,
    scope_category_choices,
    scope_subregister_choices,
)
from rekisteri.customers.models import Customer
from rekisteri.privacy.access_package import build_access_package, json_value
from rekisteri.privacy.countries import COUNTRY_NAMES
from rekisteri.privacy.models import Disclosure

PACKAGE_FORMAT = "rekisteri-authority-disclosure"
PACKAGE_VERSION = 1


def _require_register_manager(actor: Actor) -> None:
    if not (actor.kind == ActorKind.STAFF and actor.has_role(Role.REGISTER_MANAGER)):
        raise PermissionDenied(_("Only a register manager may handle authority requests."))


def authority_request_record(
    *,
    actor: Actor,
    customer: Customer,
    authority: str,
    legal_basis: str,
    reference: str,
    received_at: datetime.datetime,
    scope_subregisters: Iterable[str] = (),
    scope_categories: Iterable[str] = (),
    decision: str,
    reason: str = "",
    authority_country: str = "FI",
    do_not_inform_until: datetime.date | None = None,
) -> AuthorityRequest:
    """Record an authority's request and the register manager's decision on it; it waits
    for a second register manager's approval.

    Raises ValidationError (nothing saved) for a scope outside the data map, an empty scope,
    a refusal without a reason, a receipt time in the future or a do-not-inform date before
    the receipt.
    """
    _require_register_manager(actor)
    now = timezone.now()
    subregisters = sorted(set(scope_subregisters))
    categories = sorted(set(scope_categories))
    errors: dict[str, list[str]] = {}
    if not subregisters and not categories:
        errors.setdefault("scope_subregisters", []).append(
            _("Choose at least one sub-register or data category the request covers.")
        )
    if set(subregisters) - {key for key, _title in scope_subregister_choices()}:
        errors.setdefault("scope_subregisters", []).append(_("Choose from the list."))
    if set(categories) - {key for key, _title in scope_category_choices()}:
        errors.setdefault("scope_categories", []).append(_("Choose from the list."))
    if decision not in Decision.values:
        errors.setdefault("decision", []).append(_("Choose disclose or refuse."))
    if decision == Decision.REFUSE and not reason.strip():
        errors.setdefault("reason", []).append(_("Give the reason for refusing."))
    if received_at > now:
        errors.setdefault("received_at", []).append(
            _("The time of receipt cannot be in the future.")
        )
    if (
        do_not_inform_until is not None
        and do_not_inform_until < timezone.localtime(received_at).date()
    ):
        errors.setdefault("do_not_inform_until", []).append(
            _("The date cannot be before the request was received.")
        )
    if authority_country.upper() not in COUNTRY_NAMES:
        errors.setdefault("authority_country", []).append(
            _("Data is disclosed only to authorities in the EU or EEA.")
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = AuthorityRequest(
            authority=authority.strip(),
            authority_country=authority_country.upper(),
            legal_basis=legal_basis.strip(),
            reference=reference.strip(),
            received_at=received_at,
            customer=customer,
            scope_subregisters=subregisters,
            scope_categories=categories,
            do_not_inform_until=do_not_inform_until,
            decision=decision,
            reason=reason.strip(),
            recorded_by=actor.ref,
            recorded_at=now,
        )
        request.full_clean(exclude=["customer", "disclosure"])
        request.save(force_insert=True)
        audit_record(
            actor=actor,
            action="authority_request.record",
            subject=str(customer.public_id),
            categories=["user.disclosure_history"],
            purpose=AUTHORITY_REQUESTS_PURPOSE.key,
            detail={"request": str(request.public_id), "decision": decision},
        )
    return request


def authority_request_approve(
    *, actor: Actor, request: AuthorityRequest, note: str = ""
) -> AuthorityRequest:
    """A second register manager approves the recorded decision. For a disclosure, the
    package is built now from the access engine, limited to the scope, kept with the
    request, and the disclosure log records it.

    Raises PermissionDenied when the approver recorded the request themselves or is not a
    register manager, ValidationError when the request has already been decided or its
    person has been erased meanwhile.
    """
    with transaction.atomic():
        locked = _locked_for_review(actor, request)
        if locked.customer is None:
            raise ValidationError(
                _("The person has been erased from the register; there is nothing to disclose."),
                code="no_person",
            )
        now = timezone.now()
        locked.status = Status.APPROVED
        locked.reviewed_by = actor.ref
        locked.reviewed_at = now
        locked.review_note = note.strip()
        categories: list[str] = []
        records = 0
        if locked.decision == Decision.DISCLOSE:
            wrapper = _disclosure_package(locked, now)
            categories = package_categories(wrapper["package"])
            records = sum(len(s["records"]) for s in wrapper["package"]["subregisters"])
            locked.package = wrapper
            locked.package_digest = hashlib.sha256(
                json.dumps(wrapper, sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()
            locked.disclosure = Disclosure.objects.create(
                customer=locked.customer,
                recipient=locked.authority,
                recipient_country=locked.authority_country,
                categories=categories,
                purpose=AUTHORITY_REQUESTS_PURPOSE.key,
                legal_basis=locked.legal_basis,
                disclosed_at=now,
                do_not_inform_until=locked.do_not_inform_until,
            )
        locked.full_clean(exclude=["customer", "disclosure"])
        locked.save(
            update_fields=[
                "status",
                "reviewed_by",
                "reviewed_at",
                "review_note",
                "package",
                "package_digest",
                "disclosure",
            ]
        )
        audit_record(
            actor=actor,
            action="authority_request.approve",
            subject=str(locked.customer.public_id),
            categories=categories,
            purpose=AUTHORITY_REQUESTS_PURPOSE.key,
            detail={
                "request": str(locked.public_id),
                "decision": locked.decision,
                "records": records,
                "disclosure": locked.disclosure.pk if locked.disclosure else None,
            },
        )
    return locked


def authority_request_reject(
    *, actor: Actor, request: AuthorityRequest, note: str
) -> AuthorityRequest:
    """A second register manager refuses to approve the recorded decision (say, the legal
    basis does not hold); nothing is disclosed, and the reason is kept."""
    if not note.strip():
        raise ValidationError({"note": [_("Say why you do not approve.")]}, code="note")
    with transaction.atomic():
        locked = _locked_for_review(actor, request)
        locked.status = Status.REJECTED
        locked.reviewed_by = actor.ref
        locked.reviewed_at = timezone.now()
        locked.review_note = note.strip()
        locked.full_clean(exclude=["customer", "disclosure"])
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        audit_record(
            actor=actor,
            action="authority_request.reject",
            subject=str(locked.customer.public_id) if locked.customer else "",
            categories=["user.disclosure_history"],
            purpose=AUTHORITY_REQUESTS_PURPOSE.key,
            detail={"request": str(locked.public_id), "decision": locked.decision},
        )
    return locked


def _locked_for_review(actor: Actor, request: AuthorityRequest) -> AuthorityRequest:
    _require_register_manager(actor)
    locked = (
        AuthorityRequest.objects.select_for_update(of=("self",))
        .select_related("customer")
        .get(pk=request.pk)
    )
    if locked.recorded_by == actor.ref:
        raise PermissionDenied(
            _("Another register manager must approve a request you recorded yourself.")
        )
    if not locked.awaiting_approval:
        raise ValidationError(_("This request has already been decided."), code="decided")
    return locked


def _disclosure_package(request: AuthorityRequest, now: datetime.datetime) -> dict[str, Any]:
    """What is handed to the authority: the request it answers, and the access package
    limited to the request's scope, in the register's default language."""
    assert request.customer is not None
    with translation.override(settings.LANGUAGE_CODE):
        package = build_access_package(request.customer, scope=request_scope(request))
    return {
        "format": PACKAGE_FORMAT,
        "version": PACKAGE_VERSION,
        "request": {
            "id": str(request.public_id),
            "authority": request.authority,
            "country": request.authority_country,
            "legal_basis": request.legal_basis,
            "reference": request.reference,
            "received_at": json_value(request.received_at),
            "scope": {
                "subregisters": list(request.scope_subregisters),
                "categories": list(request.scope_categories),
            },
            "approved_at": json_value(now),
        },
        "package": package,
    }
