"""Staff sessions end on their own (S18): after 30 minutes without a request, and 12 hours
after signing in, whatever happens in between. Customers' sessions are not affected.

The times are kept in the session itself, in whole seconds since the epoch; the session is
flushed (a new, empty one) when either limit has passed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

STARTED = "staff_session_started"
SEEN = "staff_session_seen"
SEEN_PRECISION = 60


def staff_session_start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At sign-in (``user_logged_in``): the absolute limit counts from here."""
    if getattr(user, "is_staff", False):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now


def _expired(request: HttpRequest, now: int) -> bool:
    session = request.session
    started = session.get(STARTED)
    seen = session.get(SEEN)
    if not isinstance(started, int) or not isinstance(seen, int):
        return True
    idle = int(settings.REKISTERI_STAFF_IDLE_MINUTES) * 60
    absolute = int(settings.REKISTERI_STAFF_SESSION_HOURS) * 3600
    return now - seen > idle or now - started > absolute


class StaffSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            if _expired(request, now):
                logout(request)
                messages.info(request, _("Your session ended. Sign in again."))
                return redirect_to_login(request.get_full_path(), reverse("staff:login"))
            # A minute's precision is plenty for a 30-minute limit, and spares a session
            # write on every request.
            if now - request.session[SEEN] >= SEEN_PRECISION:
                request.session[SEEN] = now
        return self.get_response(request)
