"""The catalogue holds no personal data: products and categories are the shop's own."""

from __future__ import annotations

from rekisteri.privacy.datamap.registry import datamap
from rekisteri.shop.models import Category, Product

datamap.declare_non_personal(Category)
datamap.declare_non_personal(Product)
