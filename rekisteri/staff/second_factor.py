"""The second sign-in step of staff members (S18): nothing of the back office opens until a
code from their authenticator (or a recovery code) has been given in this session.

The password step signs the person in as Django does (a new session key); this module keeps
a mark in the session once the code step is passed, and ``StaffSecondFactorMiddleware`` sends
every other request of a staff session without the mark to the code page. Public pages (the
views marked ``login_not_required``) stay open, as they are to anyone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from rekisteri.staff.models import SecondFactorFailure

VERIFIED = "staff_second_factor"
ENROLMENT = "staff_totp_enrolment"
EXEMPT = "second_factor_exempt"


def second_factor_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view as one of the second step's own pages (the code page, enrolment, sign-out)."""
    setattr(view, EXEMPT, True)
    return view


def mark_passed(session: SessionBase, user: Any) -> None:
    """Record in the session that ``user`` has passed the second step."""
    session[VERIFIED] = str(user.public_id)
    session.pop(ENROLMENT, None)


def has_passed(session: SessionBase, user: Any) -> bool:
    return bool(session.get(VERIFIED) == str(getattr(user, "public_id", "")))


def needs_second_factor(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_staff
        and not has_passed(request.session, user)
    )


def code_wait(user_id: int) -> datetime.timedelta:
    """How long the person must wait before the next code (zero: go ahead). Failures count
    in the sign-in throttle's sliding window; at the limit, the wait ends when the oldest
    counted failure leaves the window."""
    now = timezone.now()
    window = datetime.timedelta(minutes=settings.REKISTERI_SIGN_IN_WINDOW_MINUTES)
    limit = int(settings.REKISTERI_STAFF_CODE_FAILURES)
    recent = list(
        SecondFactorFailure.objects.filter(user_id=user_id, failed_at__gt=now - window)
        .order_by("-failed_at")
        .values_list("failed_at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return datetime.timedelta(0)
    return max(recent[limit - 1] + window - now, datetime.timedelta(0))


class StaffSecondFactorMiddleware:
    """Sends a staff session that has not passed the second step to the code page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if not needs_second_factor(request):
            return None
        if getattr(view_func, EXEMPT, False) or not getattr(view_func, "login_required", True):
            return None
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        target = reverse("staff:second_factor")
        return HttpResponseRedirect(f"{target}?{query}" if query else target)
