"""Every view declares who may open it.

The access decorators (``role_required`` and ``staff_required`` for staff pages,
``customer_required`` for My account) record their policy on the view they wrap; public pages
use Django's ``login_not_required`` (read here as "public"), and the pages opened by something
other than a sign-in say what that is: ``signed_link`` (a signed token in the URL, like the
order email's link), ``signed_request`` (a payment provider's signed call) or
``public(reason=...)``.

The declaration is what the authorization matrix test reads: it walks every URL, fails for a
view without one, and checks each view's answers to anonymous visitors, customers and every
staff role against it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required

from rekisteri.access.roles import Role

ViewT = TypeVar("ViewT", bound=Callable[..., Any])

# The attribute a declared view carries. ``functools.wraps`` copies it to outer decorators
# (``require_POST``, ``never_cache``...), and ``as_view`` copies it from ``dispatch``.
ATTRIBUTE = "access_policy"


class AccessKind(enum.StrEnum):
    PUBLIC = "public"  # anyone, signed in or not
    SIGNED_LINK = "signed_link"  # whoever holds a signed token that is part of the URL
    SIGNED_REQUEST = "signed_request"  # a service's signed call (the payment provider)
    CUSTOMER = "customer"  # a signed-in customer, and only their own data
    SIGNED_IN = "signed_in"  # any signed-in account (signing out)
    STAFF = "staff"  # active staff members holding one of ``roles`` (any when empty)
    API = "api"  # an integration client's token


@dataclass(frozen=True)
class AccessPolicy:
    kind: AccessKind
    roles: frozenset[Role] = field(default_factory=frozenset)
    reason: str = ""


def declare(view: ViewT, policy: AccessPolicy) -> ViewT:
    setattr(view, ATTRIBUTE, policy)
    return view


def policy_of(view: Callable[..., Any]) -> AccessPolicy | None:
    """The view's declared policy, or None when it declares none. Django's
    ``login_not_required`` counts as a declaration of a public page."""
    policy = getattr(view, ATTRIBUTE, None)
    if isinstance(policy, AccessPolicy):
        return policy
    if getattr(view, "login_required", True) is False:
        return AccessPolicy(AccessKind.PUBLIC, reason="login_not_required")
    return None


def public(*, reason: str) -> Callable[[ViewT], ViewT]:
    """A page anyone may open; ``reason`` says why (read by reviewers, not shown)."""

    def decorator(view: ViewT) -> ViewT:
        return declare(login_not_required(view), AccessPolicy(AccessKind.PUBLIC, reason=reason))

    return decorator


def signed_link(view: ViewT) -> ViewT:
    """A page opened by a signed token in its URL: no sign-in, the signature is the key, and
    a forged or expired token gets "not found"."""
    return declare(login_not_required(view), AccessPolicy(AccessKind.SIGNED_LINK))


def signed_request(view: ViewT) -> ViewT:
    """An address a service calls with a signed request (the payment provider's callbacks
    and the browser's return from its payment page); an unsigned request is refused."""
    return declare(login_not_required(view), AccessPolicy(AccessKind.SIGNED_REQUEST))


def signed_in(view: ViewT) -> ViewT:
    """Any signed-in account (signing out); visitors go to the sign-in page."""
    return declare(view, AccessPolicy(AccessKind.SIGNED_IN))


def customer_page(view: ViewT) -> ViewT:
    """Declares a My account page that checks itself that the visitor is a signed-in customer
    and shows only their own data (the pages that use ``login_required`` and look the customer
    up themselves rather than through ``customer_required``)."""
    return declare(view, AccessPolicy(AccessKind.CUSTOMER))


def api_operation(view: ViewT) -> ViewT:
    """An integration API address: an API client's token, never a browser session."""
    return declare(view, AccessPolicy(AccessKind.API))
