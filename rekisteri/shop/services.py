"""Changing the catalogue: only the catalogue role (or a system job) may, and every change is
audited in the same transaction. The audit events name products and categories by id only.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.services import audit_record
from rekisteri.shop.models import Category, Product

CATEGORY_FIELDS = ("name", "slug", "position")
PRODUCT_FIELDS = (
    "category",
    "name",
    "slug",
    "description",
    "price_cents",
    "vat_rate",
    "stock",
    "picture",
    "active",
)


def _require_catalogue_role(actor: Actor) -> None:
    if not (actor.kind == ActorKind.SYSTEM or actor.has_role(Role.CATALOGUE)):
        raise PermissionDenied(_("Only the catalogue role may change the catalogue."))


def _check_fields(values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown catalogue fields {sorted(unknown)}")


def _with_slug(values: dict[str, Any]) -> dict[str, Any]:
    """An empty address name is made from the name (``Foliopallo Sydän`` → ``foliopallo-sydan``)."""
    if not values.get("slug") and values.get("name"):
        return {**values, "slug": slugify(str(values["name"]))}
    return values


def _changed(instance: Category | Product, values: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in values.items() if getattr(instance, name) != value)


def category_create(*, actor: Actor, values: dict[str, Any]) -> Category:
    """Add a category. Raises ValidationError (nothing saved) on invalid values."""
    _require_catalogue_role(actor)
    _check_fields(values, CATEGORY_FIELDS)
    with transaction.atomic():
        category = Category(**_with_slug(values))
        category.full_clean()
        category.save()
        audit_record(
            actor=actor, action="catalogue.category_create", detail={"category": category.pk}
        )
    return category


def category_update(*, actor: Actor, category_id: int, values: dict[str, Any]) -> Category:
    """Change a category. Raises ValidationError (nothing saved) on invalid values."""
    _require_catalogue_role(actor)
    _check_fields(values, CATEGORY_FIELDS)
    with transaction.atomic():
        category = Category.objects.select_for_update().get(pk=category_id)
        values = _with_slug(values)
        changed = _changed(category, values)
        for name, value in values.items():
            setattr(category, name, value)
        category.full_clean()
        category.save()
        audit_record(
            actor=actor,
            action="catalogue.category_update",
            detail={"category": category.pk, "fields": changed},
        )
    return category


def product_create(*, actor: Actor, values: dict[str, Any]) -> Product:
    """Add a product. ``values["category"]`` is a Category. Raises ValidationError (nothing
    saved) on invalid values."""
    _require_catalogue_role(actor)
    _check_fields(values, PRODUCT_FIELDS)
    with transaction.atomic():
        product = Product(**_with_slug(values))
        # Validated before saving, so a refused product leaves no uploaded picture behind.
        product.full_clean()
        product.save()
        audit_record(
            actor=actor,
            action="catalogue.product_create",
            detail={"product": product.pk, "category": product.category_id},
        )
    return product


def product_update(*, actor: Actor, product_id: int, values: dict[str, Any]) -> Product:
    """Change the given fields of a product; fields left out keep their values.

    ``values["picture"]`` set to ``""`` removes the picture. Raises ValidationError (nothing
    saved) on invalid values.
    """
    _require_catalogue_role(actor)
    _check_fields(values, PRODUCT_FIELDS)
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        values = _with_slug(values)
        changed = _changed(product, values)
        for name, value in values.items():
            setattr(product, name, value)
        product.full_clean()
        product.save()
        audit_record(
            actor=actor,
            action="catalogue.product_update",
            detail={"product": product.pk, "fields": changed},
        )
    return product


def product_stock_set(*, actor: Actor, product_id: int, stock: int) -> Product:
    """Set how many of a product are in stock. Raises ValidationError on a negative count."""
    _require_catalogue_role(actor)
    if stock < 0:
        raise ValidationError({"stock": _("The stock cannot be negative.")}, code="negative_stock")
    with transaction.atomic():
        product = Product.objects.select_for_update().get(pk=product_id)
        previous = product.stock
        product.stock = stock
        product.save(update_fields=["stock", "updated_at"])
        audit_record(
            actor=actor,
            action="catalogue.product_stock_set",
            detail={"product": product.pk, "from": previous, "to": stock},
        )
    return product
