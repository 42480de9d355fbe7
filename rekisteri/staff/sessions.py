"""Staff sessions end on their own (S18): after 30 minutes without a request, and 12 hours
after signing in, whatever happens in between. Customers' sessions are not affected.

The times are kept in the session itself, in whole seconds since the epoch; the session is
flushed (a new, empty one) when either limit has passed.

Each staff session's key is also written down (``StaffSession``) at sign-in, so that
disabling an account can end that person's sessions at once by key, without reading every
session in the table.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from rekisteri.staff.models import StaffSession

STARTED = "staff_session_started"
SEEN = "staff_session_seen"
SEEN_PRECISION = 60


def staff_session_start(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At sign-in (``user_logged_in``): the absolute limit counts from here."""
    if getattr(user, "is_staff", False):
        now = int(time.time())
        request.session[STARTED] = now
        request.session[SEEN] = now
        staff_session_track(request.session, user)


def staff_session_track(session: SessionBase, user: Any) -> None:
    """Write down the session's key under the staff member (at sign-in, and again when the
    key changes at the second step)."""
    if session.session_key is None:
        session.save()
    assert session.session_key is not None
    StaffSession.objects.update_or_create(
        session_key=session.session_key, defaults={"user_id": user.pk}
    )


def staff_session_cycle(request: HttpRequest) -> None:
    """A new session key for a signed-in staff member (at the second sign-in step), with the
    old key's record moved to the new one."""
    old_key = request.session.session_key
    request.session.cycle_key()
    StaffSession.objects.filter(session_key=old_key).delete()
    staff_session_track(request.session, request.user)


def staff_session_forget(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """At sign-out (``user_logged_out``): the session is gone, so is its record."""
    key = getattr(getattr(request, "session", None), "session_key", None)
    if key:
        StaffSession.objects.filter(session_key=key).delete()


def staff_sessions_end(user_id: int) -> int:
    """End every session the staff member has open: delete them by their recorded keys.
    Returns how many were ended."""
    keys = list(StaffSession.objects.filter(user_id=user_id).values_list("session_key", flat=True))
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        Session.objects.filter(session_key__in=keys).delete()  # one query
    else:
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for key in keys:
            store(session_key=key).delete()
    StaffSession.objects.filter(user_id=user_id).delete()
    return len(keys)


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
                if request.path_info.startswith("/api/"):
                    # The integration API ignores sessions and answers in JSON (a 401 without
                    # a token): the session ends all the same, with no redirect.
                    return self.get_response(request)
                messages.info(request, _("Your session ended. Sign in again."))
                return redirect_to_login(request.get_full_path(), reverse("staff:login"))
            # A minute's precision is plenty for a 30-minute limit, and spares a session
            # write on every request.
            if now - request.session[SEEN] >= SEEN_PRECISION:
                request.session[SEEN] = now
        return self.get_response(request)
