"""Where Paytrail sends the browser back, and where it calls us server to server.

None of these pages needs a sign-in: Paytrail's signature is what is checked. The browser
is only shown an order when the order belongs to this browser's session or account.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from rekisteri.access.declared import signed_request
from rekisteri.audit.actors import Actor
from rekisteri.orders.access import may_view_order, order_url_for
from rekisteri.payments.models import Refund, RefundStatus
from rekisteri.payments.paytrail.signing import verify_params
from rekisteri.payments.services import PaymentRejected, payment_confirm


def _params(request: HttpRequest) -> dict[str, str]:
    return {key: request.GET[key] for key in request.GET}


@signed_request
@require_GET
@login_not_required
def return_view(request: HttpRequest) -> HttpResponse:
    """The browser's return from the payment page, paid or cancelled."""
    try:
        outcome = payment_confirm(actor=Actor.public(), params=_params(request))
    except PaymentRejected:
        return render(request, "payments/return_rejected.html", status=400)
    if may_view_order(request, outcome.order):
        return redirect(order_url_for(request, outcome.order))
    return render(request, "payments/return_done.html", {"paid": outcome.order.is_paid})


@signed_request
@require_GET
@login_not_required
def callback_view(request: HttpRequest) -> HttpResponse:
    """Paytrail's server-to-server notice; it may come several times."""
    try:
        payment_confirm(actor=Actor.system("paytrail_callback"), params=_params(request))
    except PaymentRejected:
        return HttpResponseBadRequest("rejected", content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@signed_request
@require_GET
@login_not_required
def refund_callback_view(request: HttpRequest) -> HttpResponse:
    params = _params(request)
    if not verify_params(params, str(settings.PAYTRAIL_SECRET_KEY)):
        return HttpResponseBadRequest("rejected", content_type="text/plain")
    status = params.get("checkout-status")
    if status in {RefundStatus.OK, RefundStatus.FAIL}:
        Refund.objects.filter(
            transaction_id=params.get("checkout-transaction-id", ""),
            status=RefundStatus.PENDING,
        ).update(status=status)
    return HttpResponse("ok", content_type="text/plain")
