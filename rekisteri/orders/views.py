"""The customer's order pages: the order history in My account, one order, and the same
order page for a guest through the signed link in the order email."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rekisteri.access.declared import signed_link
from rekisteri.accounts.access import customer_required
from rekisteri.accounts.actors import customer_actor
from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Customer
from rekisteri.orders.access import order_url_for, owns_order
from rekisteri.orders.links import public_id_from_token
from rekisteri.orders.models import Order, OrderStatus
from rekisteri.orders.returns import withdrawal_state
from rekisteri.orders.selectors import order_for_page, orders_of_customer
from rekisteri.orders.services import order_cancel
from rekisteri.orders.vat import vat_breakdown


@require_GET
@customer_required
def my_orders(request: HttpRequest, customer: Customer) -> HttpResponse:
    return render(request, "orders/my_orders.html", {"orders": orders_of_customer(customer)})


def _order_page(request: HttpRequest, order: Order, *, token: str | None) -> HttpResponse:
    lines = list(order.lines.all())
    shipment = getattr(order, "shipment", None)
    return render(
        request,
        "orders/order.html",
        {
            "order": order,
            "lines": lines,
            "vat_rows": vat_breakdown(lines),
            "shipment": shipment,
            "return_record": getattr(order, "return_record", None),
            "withdrawal": withdrawal_state(order),
            "token": token,
            "awaiting_payment": order.status == OrderStatus.AWAITING_PAYMENT,
        },
    )


def _own_order(request: HttpRequest, public_id: uuid.UUID) -> Order:
    order = order_for_page(public_id)
    # Someone else's order looks exactly like one that does not exist.
    if order is None or not owns_order(request, order):
        raise Http404
    return order


@require_GET
@customer_required
def order_detail(request: HttpRequest, customer: Customer, public_id: uuid.UUID) -> HttpResponse:
    return _order_page(request, _own_order(request, public_id), token=None)


def _order_by_token(token: str) -> Order:
    public_id = public_id_from_token(token)
    order = order_for_page(public_id) if public_id is not None else None
    if order is None:
        raise Http404
    return order


@signed_link
@require_GET
@login_not_required
def guest_order(request: HttpRequest, token: str) -> HttpResponse:
    return _order_page(request, _order_by_token(token), token=token)


def _pay(request: HttpRequest, order: Order, actor: Actor) -> HttpResponse:
    from rekisteri.payments.services import PAYMENT_UNAVAILABLE, payment_start

    if order.status != OrderStatus.AWAITING_PAYMENT:
        messages.info(request, _("This order no longer waits for payment."))
        return redirect(order_url_for(request, order))
    payment = payment_start(actor=actor, order=order)
    if not payment.href:
        messages.error(request, PAYMENT_UNAVAILABLE)
        return redirect(order_url_for(request, order))
    return HttpResponseRedirect(payment.href)


def _cancel(request: HttpRequest, order: Order, actor: Actor) -> HttpResponse:
    if order_cancel(actor=actor, order_id=order.pk):
        messages.success(request, _("The order was cancelled."))
    else:
        messages.info(request, _("This order can no longer be cancelled here."))
    return redirect(order_url_for(request, order))


@require_POST
@customer_required
def order_pay(request: HttpRequest, customer: Customer, public_id: uuid.UUID) -> HttpResponse:
    return _pay(request, _own_order(request, public_id), customer_actor(customer))


@require_POST
@customer_required
def order_cancel_view(
    request: HttpRequest, customer: Customer, public_id: uuid.UUID
) -> HttpResponse:
    return _cancel(request, _own_order(request, public_id), customer_actor(customer))


@signed_link
@require_POST
@login_not_required
def guest_order_pay(request: HttpRequest, token: str) -> HttpResponse:
    return _pay(request, _order_by_token(token), Actor.public())


@signed_link
@require_POST
@login_not_required
def guest_order_cancel(request: HttpRequest, token: str) -> HttpResponse:
    return _cancel(request, _order_by_token(token), Actor.public())
