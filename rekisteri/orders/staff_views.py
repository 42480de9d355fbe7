"""Staff pages for deliveries (the warehouse) and returns (customer service).

The warehouse's pick list shows each paid order's delivery address and lines with a form to
mark it shipped; a second page lists the shipments on their way, to mark them delivered.
Customer service lists the returns, records a notice of withdrawal received by phone or
letter, marks returned goods received and refunds. Every list is read through an audited
selector; every change goes through a service. A refused change shows the page again with the
reason and status 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from rekisteri.audit.actors import Actor
from rekisteri.orders.deliveries import shipment_mark_delivered, shipment_mark_shipped
from rekisteri.orders.forms_staff import (
    DeliverForm,
    NoticeForm,
    ReceiveForm,
    ShipForm,
    add_service_errors,
)
from rekisteri.orders.models import NoticeChannel, Return, Shipment
from rekisteri.orders.pick_list import PICK_LIST_ROLES, pick_list, shipped_list, waiting_count
from rekisteri.orders.returns import (
    RETURN_HANDLERS,
    order_by_number,
    return_goods_received,
    return_notify,
    return_page_read,
    return_refund,
)
from rekisteri.responses import see_other
from rekisteri.staff.access import forbidden, role_required

T = TypeVar("T")

# The warehouse picks the oldest orders first; a page of them keeps the list quick to load
# and to work through, however long the backlog.
PICK_LIST_PAGE = 100

# Offered as suggestions; any carrier may be typed.
CARRIERS = ("Posti", "Matkahuolto", "DB Schenker", "DHL", "PostNord", "Budbee")


def _act(
    request: HttpRequest,
    form: BaseForm,
    change: Callable[[Actor], T],
    *,
    missing: type[Exception],
    done: Callable[[T], str],
    next_page: str,
    rename: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Make a change through a service as the signed-in staff member: the next page when it
    is made, the 403 page when the roles do not allow it, and None when the service refused
    it (its reasons are then on ``form``, for the caller to show with status 400)."""
    try:
        result = change(Actor.for_staff(request.user))
    except missing:
        raise Http404 from None
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_errors(form, error, rename=rename)
        return None
    messages.success(request, done(result))
    return see_other(reverse(next_page))


# Deliveries.


@require_GET
@role_required(*PICK_LIST_ROLES)
def pick_list_view(request: HttpRequest) -> HttpResponse:
    return _pick_list_page(request)


def _pick_list_page(
    request: HttpRequest, *, failed_id: int | None = None, form: BaseForm | None = None
) -> HttpResponse:
    rows = pick_list(actor=Actor.for_staff(request.user), limit=PICK_LIST_PAGE)
    context = {
        "rows": rows,
        "waiting": waiting_count() if len(rows) == PICK_LIST_PAGE else len(rows),
        "carriers": CARRIERS,
        "failed_id": failed_id,
        "failed_form": form,
    }
    return render(
        request, "orders/staff/pick_list.html", context, status=200 if form is None else 400
    )


@require_POST
@role_required(*PICK_LIST_ROLES)
def shipment_ship_view(request: HttpRequest, shipment_id: int) -> HttpResponse:
    form = ShipForm(request.POST)
    if form.is_valid():
        done = _act(
            request,
            form,
            lambda actor: shipment_mark_shipped(
                actor=actor,
                shipment_id=shipment_id,
                carrier=form.cleaned_data["carrier"],
                tracking_code=form.cleaned_data["tracking_code"],
            ),
            missing=Shipment.DoesNotExist,
            done=lambda shipment: (
                _("Order %(number)s has been marked as shipped.")
                % {"number": shipment.order.number}
            ),
            next_page="staff:orders_pick_list",
        )
        if done is not None:
            return done
    return _pick_list_page(request, failed_id=shipment_id, form=form)


@require_GET
@role_required(*PICK_LIST_ROLES)
def shipped_list_view(request: HttpRequest) -> HttpResponse:
    return _shipped_page(request)


def _shipped_page(
    request: HttpRequest, *, failed_id: int | None = None, form: BaseForm | None = None
) -> HttpResponse:
    rows = shipped_list(actor=Actor.for_staff(request.user))
    context = {
        "rows": rows,
        "failed_id": failed_id,
        "failed_form": form,
        "today": timezone.localdate(),
    }
    return render(
        request, "orders/staff/shipped_list.html", context, status=200 if form is None else 400
    )


@require_POST
@role_required(*PICK_LIST_ROLES)
def shipment_deliver_view(request: HttpRequest, shipment_id: int) -> HttpResponse:
    form = DeliverForm(request.POST)
    if form.is_valid():
        done = _act(
            request,
            form,
            lambda actor: shipment_mark_delivered(
                actor=actor, shipment_id=shipment_id, delivered_at=form.delivered_at()
            ),
            missing=Shipment.DoesNotExist,
            done=lambda shipment: (
                _("Order %(number)s has been marked as delivered.")
                % {"number": shipment.order.number}
            ),
            next_page="staff:orders_shipped",
            rename={"delivered_at": "delivered_on"},
        )
        if done is not None:
            return done
    return _shipped_page(request, failed_id=shipment_id, form=form)


# Returns.


@require_GET
@role_required(*RETURN_HANDLERS)
def returns_view(request: HttpRequest) -> HttpResponse:
    return _returns_page(request)


def _returns_page(
    request: HttpRequest,
    *,
    notice_form: NoticeForm | None = None,
    failed_id: int | None = None,
    form: BaseForm | None = None,
    failed_messages: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    page, rows = return_page_read(
        actor=Actor.for_staff(request.user), page_number=request.GET.get("page")
    )
    today = timezone.localdate()
    context: dict[str, Any] = {
        "page": page,
        "rows": rows,
        "today": today,
        "notice_form": notice_form or NoticeForm(initial={"notified_on": today}),
        "failed_id": failed_id,
        "failed_form": form,
        "failed_messages": failed_messages or [],
    }
    return render(request, "orders/staff/returns.html", context, status=status)


@require_POST
@role_required(*RETURN_HANDLERS)
def return_notify_view(request: HttpRequest) -> HttpResponse:
    form = NoticeForm(request.POST)
    if form.is_valid():
        order = order_by_number(form.cleaned_data["order_number"])
        if order is None:
            form.add_error("order_number", _("There is no order with this number."))
        else:
            try:
                return_notify(
                    actor=Actor.for_staff(request.user),
                    order=order,
                    channel=NoticeChannel.CUSTOMER_SERVICE,
                    today=form.cleaned_data["notified_on"],
                )
            except PermissionDenied:
                return forbidden(request)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The notice of withdrawal from order %(number)s has been recorded.")
                    % {"number": order.number},
                )
                return see_other(reverse("staff:orders_returns"))
    return _returns_page(request, notice_form=form, status=400)


@require_POST
@role_required(*RETURN_HANDLERS)
def return_receive_view(request: HttpRequest, return_id: int) -> HttpResponse:
    form = ReceiveForm(request.POST)
    if form.is_valid():
        done = _act(
            request,
            form,
            lambda actor: return_goods_received(
                actor=actor, return_id=return_id, received_on=form.cleaned_data["received_on"]
            ),
            missing=Return.DoesNotExist,
            done=lambda notice: (
                _("The goods of order %(number)s have been recorded as received.")
                % {"number": notice.order.number}
            ),
            next_page="staff:orders_returns",
        )
        if done is not None:
            return done
    return _returns_page(request, failed_id=return_id, form=form, status=400)


@require_POST
@role_required(*RETURN_HANDLERS)
def return_refund_view(request: HttpRequest, return_id: int) -> HttpResponse:
    try:
        notice = return_refund(actor=Actor.for_staff(request.user), return_id=return_id)
    except Return.DoesNotExist:
        raise Http404 from None
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        return _returns_page(
            request, failed_id=return_id, failed_messages=error.messages, status=400
        )
    messages.success(
        request,
        _("Order %(number)s has been refunded.") % {"number": notice.order.number},
    )
    return see_other(reverse("staff:orders_returns"))
