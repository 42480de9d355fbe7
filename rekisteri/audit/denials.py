"""Every refused access leaves a trace: who was refused (by pseudonymous id and roles), which
page (its URL name) and the method, never the address with its parameters or anything the
request carried."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from rekisteri.audit.actors import Actor
from rekisteri.audit.services import audit_record
from rekisteri.privacy.datamap import purposes

ACCESS_DENIED = "security.access_denied"
_NOT_A_CODE = re.compile(r"[^A-Za-z0-9_.:\-]")


def _actor_of(request: HttpRequest) -> Actor:
    from rekisteri.accounts.actors import customer_actor
    from rekisteri.accounts.selectors import customer_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Actor.public()
    customer = customer_of(user)
    if customer is not None:
        return customer_actor(customer)
    # Staff, or an account that is neither (a staff account without the staff flag).
    return Actor.for_staff(user)


def access_denied_record(request: HttpRequest) -> None:
    """Record that ``request`` was refused (called by the 403 responses)."""
    match = getattr(request, "resolver_match", None)
    access_denied_event(
        actor=_actor_of(request),
        view=match.view_name if match is not None else "",
        method=request.method or "",
    )


def access_denied_event(*, actor: Actor, view: str, method: str, reason: str = "") -> None:
    """The refusal event itself, for callers that know the actor and the view otherwise
    (the integration API). Only codes go in: the view's name, the method, a reason code."""
    detail = {"view": _NOT_A_CODE.sub("_", view)[:80], "method": _NOT_A_CODE.sub("_", method)[:10]}
    if reason:
        detail["reason"] = reason
    audit_record(actor=actor, action=ACCESS_DENIED, purpose=purposes.SECURITY.key, detail=detail)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 403 handler (``handler403``): Django's page, and the refusal recorded."""
    from django.views import defaults

    access_denied_record(request)
    return defaults.permission_denied(request, exception or PermissionDenied())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The 403 for a form sent without its CSRF token (``CSRF_FAILURE_VIEW``), recorded."""
    from django.views import csrf

    access_denied_record(request)
    return csrf.csrf_failure(request, reason)
