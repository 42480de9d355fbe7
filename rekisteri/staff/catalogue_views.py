"""Staff pages for the catalogue: products with their stock, and categories.

Only the catalogue role manages products. The forms parse the input; the shop services save
it, check the role again and write the audit event.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor
from rekisteri.responses import see_other
from rekisteri.shop.forms import CategoryForm, ProductForm, add_service_error
from rekisteri.shop.models import Category, Product
from rekisteri.shop.selectors import (
    category_get,
    category_list,
    product_get,
    product_list_for_staff,
)
from rekisteri.shop.services import (
    category_create,
    category_update,
    product_create,
    product_update,
)
from rekisteri.staff.access import forbidden, role_required


@require_GET
@role_required(Role.CATALOGUE)
def product_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "staff/catalogue/product_list.html",
        {"products": product_list_for_staff(), "categories": category_list()},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.CATALOGUE)
def product_create_view(request: HttpRequest) -> HttpResponse:
    return _product_form(request, None)


@require_http_methods(["GET", "POST"])
@role_required(Role.CATALOGUE)
def product_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    product = product_get(pk)
    if product is None:
        raise Http404
    return _product_form(request, product)


def _product_form(request: HttpRequest, product: Product | None) -> HttpResponse:
    if request.method != "POST":
        return _render_product(request, ProductForm(instance=product), product)
    form = ProductForm(request.POST, request.FILES, instance=product)
    if not form.is_valid():
        return _render_product(request, form, product, status=400)
    actor = Actor.for_staff(request.user)
    try:
        if product is None:
            product_create(actor=actor, values=form.values())
        else:
            product_update(actor=actor, product_id=product.pk, values=form.values())
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_product(request, form, product, status=400)
    messages.success(request, _("The product has been saved."))
    return see_other(reverse("staff:catalogue_products"))


def _render_product(
    request: HttpRequest, form: ProductForm, product: Product | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "product": product}
    return render(request, "staff/catalogue/product_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@role_required(Role.CATALOGUE)
def category_create_view(request: HttpRequest) -> HttpResponse:
    return _category_form(request, None)


@require_http_methods(["GET", "POST"])
@role_required(Role.CATALOGUE)
def category_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    category = category_get(pk)
    if category is None:
        raise Http404
    return _category_form(request, category)


def _category_form(request: HttpRequest, category: Category | None) -> HttpResponse:
    if request.method != "POST":
        return _render_category(request, CategoryForm(instance=category), category)
    form = CategoryForm(request.POST, instance=category)
    if not form.is_valid():
        return _render_category(request, form, category, status=400)
    actor = Actor.for_staff(request.user)
    try:
        if category is None:
            category_create(actor=actor, values=form.values())
        else:
            category_update(actor=actor, category_id=category.pk, values=form.values())
    except PermissionDenied:
        return forbidden(request)
    except ValidationError as error:
        add_service_error(form, error)
        return _render_category(request, form, category, status=400)
    messages.success(request, _("The category has been saved."))
    return see_other(reverse("staff:catalogue_products"))


def _render_category(
    request: HttpRequest, form: CategoryForm, category: Category | None, status: int = 200
) -> HttpResponse:
    context = {"form": form, "category": category}
    return render(request, "staff/catalogue/category_form.html", context, status=status)
