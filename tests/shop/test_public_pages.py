from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from rekisteri.shop.models import Product

pytestmark = pytest.mark.django_db


def test_catalogue_lists_active_products_with_price(
    client: Client, make_product: Callable[..., Product]
) -> None:
    make_product(name="Sydänpallo punainen", price_cents=590)
    response = client.get(reverse("shop:catalogue"), HTTP_ACCEPT_LANGUAGE="fi")
    assert response.status_code == 200
    assert "Foliopallot" in response.text
    assert "Sydänpallo punainen" in response.text
    assert "5,90 €" in response.text


def test_catalogue_hides_inactive_products(
    client: Client, make_product: Callable[..., Product]
) -> None:
    make_product(name="Poistunut pallo", active=False)
    response = client.get(reverse("shop:catalogue"))
    assert "Poistunut pallo" not in response.text
    assert "Foliopallot" not in response.text  # a category with nothing on sale is left out


def test_product_page_shows_price_vat_and_stock(
    client: Client, make_product: Callable[..., Product]
) -> None:
    product = make_product(price_cents=1290, stock=3)
    response = client.get(reverse("shop:product", args=[product.slug]))
    assert response.status_code == 200
    text = response.text
    assert product.name in text
    assert "12,90 €" in text or "€12.90" in text
    assert "2,62 €" in text or "€2.62" in text
    assert "In stock" in text or "Varastossa" in text


def test_product_page_says_out_of_stock(
    client: Client, make_product: Callable[..., Product]
) -> None:
    product = make_product(stock=0)
    response = client.get(reverse("shop:product", args=[product.slug]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Out of stock" in response.text


def test_inactive_product_page_is_404(client: Client, make_product: Callable[..., Product]) -> None:
    product = make_product(active=False)
    assert client.get(reverse("shop:product", args=[product.slug])).status_code == 404
