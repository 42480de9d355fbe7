from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from rekisteri.access.roles import Role
from rekisteri.audit.models import AuditEvent
from rekisteri.shop.models import Category, Product

pytestmark = pytest.mark.django_db

PRODUCTS = reverse("staff:catalogue_products")
NEW_PRODUCT = reverse("staff:catalogue_product_create")
NEW_CATEGORY = reverse("staff:catalogue_category_create")


def _form(category: Category, **overrides: str) -> dict[str, str]:
    return {
        "category": str(category.pk),
        "name": "Foliopallo tähti",
        "slug": "",
        "description": "Kultainen tähti",
        "price": "6,50",
        "vat_rate": "25.5",
        "stock": "4",
        "active": "on",
        **overrides,
    }


def test_anonymous_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get(PRODUCTS)
    assert response.status_code == 302
    assert reverse("staff:login") in response["Location"]


def test_other_role_is_forbidden(sign_in: Callable[..., Client]) -> None:
    client = sign_in(Role.ADMINISTRATOR, Role.MARKETING)
    assert client.get(PRODUCTS).status_code == 403
    assert client.get(NEW_PRODUCT).status_code == 403


def test_catalogue_role_sees_products_with_stock(
    sign_in: Callable[..., Client], make_product: Callable[..., Product]
) -> None:
    make_product(name="Sydänpallo", stock=17)
    response = sign_in(Role.CATALOGUE).get(PRODUCTS)
    assert response.status_code == 200
    assert "Sydänpallo" in response.text
    assert "<td>17</td>" in response.text


def test_home_links_the_catalogue_for_the_catalogue_role(
    sign_in: Callable[..., Client],
) -> None:
    response = sign_in(Role.CATALOGUE).get(reverse("staff:home"))
    assert PRODUCTS in response.text


def test_catalogue_role_creates_a_product(
    sign_in: Callable[..., Client], category: Category
) -> None:
    response = sign_in(Role.CATALOGUE).post(NEW_PRODUCT, _form(category))
    assert response.status_code == 303
    product = Product.objects.get()
    assert (product.slug, product.price_cents, product.stock) == ("foliopallo-tahti", 650, 4)
    assert AuditEvent.objects.filter(action="catalogue.product_create").exists()


def test_bad_price_is_400_and_saves_nothing(
    sign_in: Callable[..., Client], category: Category
) -> None:
    response = sign_in(Role.CATALOGUE).post(NEW_PRODUCT, _form(category, price="kallis"))
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert not Product.objects.exists()


def test_negative_price_is_400(sign_in: Callable[..., Client], category: Category) -> None:
    response = sign_in(Role.CATALOGUE).post(NEW_PRODUCT, _form(category, price="-1"))
    assert response.status_code == 400
    assert not Product.objects.exists()


def test_catalogue_role_edits_a_product(
    sign_in: Callable[..., Client], make_product: Callable[..., Product]
) -> None:
    product = make_product()
    url = reverse("staff:catalogue_product_edit", args=[product.pk])
    client = sign_in(Role.CATALOGUE)
    assert client.get(url).status_code == 200
    response = client.post(url, _form(product.category, slug=product.slug, price="9,90"))
    assert response.status_code == 303
    product.refresh_from_db()
    assert product.price_cents == 990


def test_editing_a_missing_product_is_404(sign_in: Callable[..., Client]) -> None:
    url = reverse("staff:catalogue_product_edit", args=[999])
    assert sign_in(Role.CATALOGUE).get(url).status_code == 404


def test_catalogue_role_creates_a_category(sign_in: Callable[..., Client]) -> None:
    response = sign_in(Role.CATALOGUE).post(
        NEW_CATEGORY, {"name": "Juhlatarvikkeet", "slug": "", "position": "4"}
    )
    assert response.status_code == 303
    assert Category.objects.get().slug == "juhlatarvikkeet"


def test_catalogue_role_edits_a_category(
    sign_in: Callable[..., Client], category: Category
) -> None:
    url = reverse("staff:catalogue_category_edit", args=[category.pk])
    response = sign_in(Role.CATALOGUE).post(
        url, {"name": "Folio", "slug": "folio", "position": "2"}
    )
    assert response.status_code == 303
    category.refresh_from_db()
    assert category.name == "Folio"


def test_bad_category_position_is_400(sign_in: Callable[..., Client]) -> None:
    response = sign_in(Role.CATALOGUE).post(
        NEW_CATEGORY, {"name": "Helium", "slug": "", "position": "ensimmäinen"}
    )
    assert response.status_code == 400
    assert not Category.objects.exists()
