"""Who may open a My account page: a signed-in customer, never a staff account.

A visitor is sent to the customer sign-in page (the site-wide default is the staff one). A
signed-in account without a customer record (staff) gets a 403 page. The view receives the
customer record as its second argument. The decorator records its policy on the view
(``rekisteri.access.declared``) and the refusal in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeAlias

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from rekisteri.access.declared import AccessKind, AccessPolicy, declare
from rekisteri.accounts.selectors import customer_of
from rekisteri.audit.denials import access_denied_record
from rekisteri.customers.models import Customer

P = ParamSpec("P")
CustomerView: TypeAlias = Callable[Concatenate[HttpRequest, Customer, P], HttpResponse]
View: TypeAlias = Callable[Concatenate[HttpRequest, P], HttpResponse]


def customer_required(view: CustomerView[P]) -> View[P]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        customer = customer_of(request.user)
        if customer is None or not request.user.is_active:
            access_denied_record(request)
            return render(request, "accounts/not_a_customer.html", status=403)
        return view(request, customer, *args, **kwargs)

    # LoginRequiredMiddleware reads the sign-in page from the view's login_url.
    return declare(
        login_required(wrapped, login_url="accounts:sign_in"), AccessPolicy(AccessKind.CUSTOMER)
    )
