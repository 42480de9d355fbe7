"""Reading the catalogue: what the shop shows and what the staff manage."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from rekisteri.shop.models import Category, Product


def categories_with_active_products() -> list[Category]:
    """Categories that have something on sale, each with ``on_sale`` listing those products."""
    active = Product.objects.filter(active=True).order_by("name")
    categories = Category.objects.prefetch_related(
        Prefetch("products", queryset=active, to_attr="on_sale")
    )
    return [category for category in categories if category.on_sale]


def active_product_get(slug: str) -> Product | None:
    return Product.objects.select_related("category").filter(slug=slug, active=True).first()


def product_list_for_staff() -> QuerySet[Product]:
    return Product.objects.select_related("category")


def product_get(pk: int) -> Product | None:
    return Product.objects.select_related("category").filter(pk=pk).first()


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


def category_get(pk: int) -> Category | None:
    return Category.objects.filter(pk=pk).first()
