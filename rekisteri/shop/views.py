"""The public shop pages: the catalogue and one product. Open to everyone, no sign-in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rekisteri.shop.money import vat_included_split
from rekisteri.shop.selectors import active_product_get, categories_with_active_products


@require_GET
@login_not_required
def catalogue(request: HttpRequest) -> HttpResponse:
    return render(request, "shop/catalogue.html", {"categories": categories_with_active_products()})


@require_GET
@login_not_required
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = active_product_get(slug)
    if product is None:
        raise Http404
    net_cents, vat_cents = vat_included_split(product.price_cents, product.vat_rate)
    return render(
        request,
        "shop/product.html",
        {"product": product, "net_cents": net_cents, "vat_cents": vat_cents},
    )
