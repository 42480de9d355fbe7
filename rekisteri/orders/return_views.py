"""The customer's withdrawal from a purchase (L22): a page that names the order and the last
day of the withdrawal period with a button to confirm, then a receipt saying what happens
next.

A signed-in customer reaches only their own orders (anyone else's is "not found"); a person
without an account uses the signed link from the order email. A notice that cannot be given
(the period is over, it was given already, the goods have not arrived) gets the reason and
status 400.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.access.declared import signed_link
from rekisteri.accounts.access import customer_required
from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Customer
from rekisteri.orders.links import order_from_token
from rekisteri.orders.models import NoticeChannel, Order
from rekisteri.orders.returns import (
    acknowledgement_sent_to_customer,
    order_of_customer,
    refund_due,
    return_notify,
    return_of_order,
    withdrawal_state,
)
from rekisteri.responses import see_other


@never_cache
@require_http_methods(["GET", "POST"])
@customer_required
def withdraw(request: HttpRequest, customer: Customer, public_id: UUID) -> HttpResponse:
    order = order_of_customer(customer, public_id)
    if order is None:
        raise Http404
    return _withdraw(
        request,
        order,
        actor=customer_actor(customer),
        channel=NoticeChannel.CUSTOMER,
        receipt=reverse("orders:withdraw_done", args=[order.public_id]),
    )


@never_cache
@require_GET
@customer_required
def withdraw_done(request: HttpRequest, customer: Customer, public_id: UUID) -> HttpResponse:
    order = order_of_customer(customer, public_id)
    if order is None:
        raise Http404
    return _receipt(request, order)


@signed_link
@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def guest_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    order = order_from_token(token)
    if order is None:
        raise Http404
    return _withdraw(
        request,
        order,
        actor=Actor.public(),
        channel=NoticeChannel.ORDER_LINK,
        receipt=reverse("orders:guest_withdraw_done", args=[token]),
    )


@signed_link
@never_cache
@login_not_required
@require_GET
def guest_withdraw_done(request: HttpRequest, token: str) -> HttpResponse:
    order = order_from_token(token)
    if order is None:
        raise Http404
    return _receipt(request, order)


def _withdraw(
    request: HttpRequest, order: Order, *, actor: Actor, channel: NoticeChannel, receipt: str
) -> HttpResponse:
    problem = ""
    if request.method == "POST":
        try:
            return_notify(actor=actor, order=order, channel=channel)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            return see_other(receipt)
    state = withdrawal_state(order)
    problem = problem or state.problem
    return render(
        request,
        "orders/returns/withdraw.html",
        {
            "order": order,
            "state": state,
            "problem": problem,
            "receipt": receipt if state.existing else "",
        },
        status=400 if problem else 200,
    )


def _receipt(request: HttpRequest, order: Order) -> HttpResponse:
    notice = return_of_order(order)
    if notice is None:
        raise Http404
    return render(
        request,
        "orders/returns/receipt.html",
        {
            "order": order,
            "notice": notice,
            "refund_due": refund_due(notice.notified_on),
            "emailed": acknowledgement_sent_to_customer(order),
        },
    )
