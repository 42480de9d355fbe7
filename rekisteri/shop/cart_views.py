"""The cart and the checkout pages. Open to guests: ordering needs no account (L16)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from rekisteri.accounts.selectors import customer_of
from rekisteri.consents.models import MarketingChannel
from rekisteri.consents.selectors import permission_text_current
from rekisteri.contests.forms import add_service_error
from rekisteri.customers.models import Customer
from rekisteri.orders.access import order_url_for, remember_order
from rekisteri.orders.models import PaymentMethod
from rekisteri.orders.services import MAX_QUANTITY
from rekisteri.responses import see_other
from rekisteri.shop.cart import Cart, cart_lines, cart_total_cents
from rekisteri.shop.checkout import GuestContact, checkout
from rekisteri.shop.checkout_forms import CheckoutForm
from rekisteri.shop.models import Product


class AddToCartForm(forms.Form):
    product = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(
        label=gettext_lazy("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1
    )


@require_POST
@login_not_required
def cart_add(request: HttpRequest) -> HttpResponse:
    form = AddToCartForm(request.POST)
    product = None
    if form.is_valid():
        product = Product.objects.filter(pk=form.cleaned_data["product"], active=True).first()
    if product is None or not form.is_valid():
        return render(
            request,
            "shop/cart_problem.html",
            {"message": _("The product or the quantity was not valid.")},
            status=400,
        )
    try:
        Cart(request.session).add(product.pk, form.cleaned_data["quantity"])
    except ValueError:
        return render(
            request, "shop/cart_problem.html", {"message": _("The cart is full.")}, status=400
        )
    messages.success(request, _("“%(name)s” was added to the cart.") % {"name": product.name})
    return see_other(reverse("shop:cart"))


@require_http_methods(["GET", "POST"])
@login_not_required
def cart_view(request: HttpRequest) -> HttpResponse:
    cart = Cart(request.session)
    if request.method == "POST":
        errors = []
        for row in cart.rows():
            posted = request.POST.get(f"quantity-{row.product.pk}")
            if posted is None:
                continue
            if not (posted.isascii() and posted.isdigit() and int(posted) <= MAX_QUANTITY):
                errors.append(row.product.name)
                continue
            cart.set(row.product.pk, int(posted))
        if errors:
            message = _("Give each quantity as a whole number from 0 to %(max)d.") % {
                "max": MAX_QUANTITY
            }
            return render(
                request,
                "shop/cart.html",
                {**_cart_context(cart), "error": message},
                status=400,
            )
        return see_other(reverse("shop:cart"))
    return render(request, "shop/cart.html", _cart_context(cart))


def _cart_context(cart: Cart) -> dict[str, Any]:
    rows = cart.rows()
    return {"rows": rows, "total_cents": cart_total_cents(rows)}


def _invoice_offered(customer: Customer | None) -> bool:
    """Invoice purchase is offered to registered customers with a credit account; whether
    this purchase fits is the credit check's to say (logged, with its reason shown)."""
    if customer is None:
        return False
    from rekisteri.credit.selectors import credit_available

    return credit_available(customer).has_account


def _initial(customer: Customer | None) -> dict[str, str]:
    if customer is None:
        return {"country": "FI", "payment_method": PaymentMethod.PAYTRAIL}
    return {
        "first_name": customer.first_name,
        "last_name": customer.last_name,
        "street_address": customer.street_address,
        "postal_code": customer.postal_code,
        "city": customer.city,
        "country": customer.country or "FI",
        "phone": customer.phone,
        "payment_method": PaymentMethod.PAYTRAIL,
    }


@require_http_methods(["GET", "POST"])
@login_not_required
def checkout_view(request: HttpRequest) -> HttpResponse:
    cart = Cart(request.session)
    rows = cart.rows()
    if not rows:
        messages.info(request, _("The cart is empty."))
        return redirect("shop:cart")
    customer = customer_of(request.user) if request.user.is_authenticated else None
    if request.user.is_authenticated and customer is None:
        # Staff accounts do not shop.
        return render(request, "accounts/not_a_customer.html", status=403)
    language = get_language() or "fi"
    total_cents = cart_total_cents(rows)
    form_kwargs: dict[str, Any] = {
        "signed_in_email": customer.email if customer is not None else None,
        "invoice_allowed": _invoice_offered(customer),
        "permission_text": permission_text_current(MarketingChannel.EMAIL, language),
    }
    context = {"rows": rows, "total_cents": total_cents, "customer": customer}
    if request.method != "POST":
        form = CheckoutForm(initial=_initial(customer), **form_kwargs)
        return render(request, "shop/checkout.html", {**context, "form": form})
    form = CheckoutForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return render(request, "shop/checkout.html", {**context, "form": form}, status=400)
    try:
        result = checkout(
            customer=customer,
            guest=None if customer else GuestContact(email=form.cleaned_data["email"]),
            lines=cart_lines(rows),
            delivery=form.delivery(),
            payment_method=PaymentMethod(form.cleaned_data["payment_method"]),
            language=language[:2],
            marketing_text=form.cleaned_data.get("agreed_text"),
        )
    except ValidationError as error:
        add_service_error(form, error)
        return render(request, "shop/checkout.html", {**context, "form": form}, status=400)
    order = result.order
    cart.clear()
    remember_order(request, order)
    if order.payment_method == PaymentMethod.INVOICE:
        messages.success(request, _("Thank you! Your order is confirmed and invoiced."))
        return see_other(order_url_for(request, order))
    from rekisteri.payments.services import PAYMENT_UNAVAILABLE, payment_start

    payment = payment_start(actor=result.actor, order=order)
    if not payment.href:
        messages.error(request, PAYMENT_UNAVAILABLE)
        return see_other(order_url_for(request, order))
    return see_other(payment.href)
