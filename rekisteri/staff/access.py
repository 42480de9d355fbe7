"""Who may open a staff page, decided in one place.

Only active accounts marked ``is_staff`` may use the back office at all; a page may further
ask for one of a set of roles. Anonymous visitors never reach these checks in practice
(``LoginRequiredMiddleware`` sends them to the sign-in page first), but the decorator sends
them there too, so a view that is accidentally marked public is still not open.

The decorators record their policy on the view (``rekisteri.access.declared``), and every 403
they or the views give is written to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from rekisteri.access.declared import AccessKind, AccessPolicy, declare
from rekisteri.access.roles import Role, roles_of
from rekisteri.audit.denials import access_denied_record

# Any view, streaming ones too; the decorators hand back the view's own type.
ViewT = TypeVar("ViewT", bound=Callable[..., HttpResponseBase])


def is_staff_member(user: object) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and getattr(user, "is_staff", False)
    )


def staff_may_enter(user: object, roles: Collection[Role]) -> bool:
    """True when ``user`` is an active staff member holding at least one of ``roles``
    (any staff member when ``roles`` is empty)."""
    if not is_staff_member(user):
        return False
    return not roles or bool(roles_of(user) & set(roles))


def forbidden(request: HttpRequest) -> HttpResponse:
    """The translated 403 page. It names neither the missing role nor the account. The refusal
    is recorded in the audit log."""
    access_denied_record(request)
    return render(request, "staff/forbidden.html", status=403)


def role_required(*roles: Role) -> Callable[[ViewT], ViewT]:
    """Let through active staff members holding any one of ``roles``; with no roles, any
    active staff member. Others get the 403 page; anonymous visitors the sign-in page."""

    def decorator(view: ViewT) -> ViewT:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not staff_may_enter(request.user, roles):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return cast(ViewT, declare(wrapped, AccessPolicy(AccessKind.STAFF, frozenset(roles))))

    return decorator


def staff_required(view: ViewT) -> ViewT:
    """Any active staff member, whatever their roles."""
    return role_required()(view)
