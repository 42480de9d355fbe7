"""Whatever is posted to the product form: no server error, and a product only when 303."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rekisteri.access.roles import Role
from rekisteri.shop.models import Category, Product

text = st.text(max_size=30)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    name=text,
    price=st.one_of(text, st.decimals(allow_nan=False, places=2).map(str)),
    vat_rate=st.sampled_from(["25.5", "14.0", "10.0", "0.0", "24", "", "x"]),
    stock=st.one_of(text, st.integers().map(str)),
    slug=text,
)
def test_product_form_never_fails_or_half_saves(
    sign_in: Callable[..., Client],
    category: Category,
    name: str,
    price: str,
    vat_rate: str,
    stock: str,
    slug: str,
) -> None:
    client = sign_in(Role.CATALOGUE)
    before = Product.objects.count()
    response = client.post(
        reverse("staff:catalogue_product_create"),
        {
            "category": str(category.pk),
            "name": name,
            "slug": slug,
            "price": price,
            "vat_rate": vat_rate,
            "stock": stock,
        },
    )
    assert response.status_code in (303, 400)
    expected = before + (1 if response.status_code == 303 else 0)
    assert Product.objects.count() == expected
