from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from rekisteri.access.roles import Role
from rekisteri.audit.actors import Actor, ActorKind
from rekisteri.audit.models import AuditEvent
from rekisteri.shop.models import PICTURE_MAX_BYTES, Category, Product
from rekisteri.shop.services import (
    category_create,
    category_update,
    product_create,
    product_stock_set,
    product_update,
)

CATALOGUE = Actor(ActorKind.STAFF, "staff-1", frozenset({Role.CATALOGUE}))
MARKETING = Actor(ActorKind.STAFF, "staff-2", frozenset({Role.MARKETING, Role.ADMINISTRATOR}))

pytestmark = pytest.mark.django_db


def _last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-sequence").first()  # type: ignore[return-value]


def _product_values(category: Category, **overrides: object) -> dict[str, object]:
    return {
        "category": category,
        "name": "Foliopallo sydän",
        "slug": "",
        "description": "",
        "price_cents": 590,
        "vat_rate": Decimal("25.5"),
        "stock": 3,
        "active": True,
        **overrides,
    }


def test_catalogue_role_creates_a_category_audited() -> None:
    category = category_create(actor=CATALOGUE, values={"name": "Helium", "position": 3})
    assert category.slug == "helium"
    event = _last_event()
    assert event.action == "catalogue.category_create"
    assert event.detail == {"category": category.pk}
    assert event.actor_ref == "staff-1"


def test_other_roles_may_not_create_a_category() -> None:
    with pytest.raises(PermissionDenied):
        category_create(actor=MARKETING, values={"name": "Helium", "position": 3})
    assert not Category.objects.exists()


def test_catalogue_role_updates_a_category_audited(category: Category) -> None:
    category_update(
        actor=CATALOGUE, category_id=category.pk, values={"name": "Folio", "slug": "folio"}
    )
    category.refresh_from_db()
    assert category.name == "Folio"
    event = _last_event()
    assert event.action == "catalogue.category_update"
    assert event.detail == {"category": category.pk, "fields": ["name", "slug"]}


def test_other_roles_may_not_update_a_category(category: Category) -> None:
    with pytest.raises(PermissionDenied):
        category_update(actor=MARKETING, category_id=category.pk, values={"name": "X"})
    category.refresh_from_db()
    assert category.name == "Foliopallot"


def test_catalogue_role_creates_a_product_audited(category: Category) -> None:
    product = product_create(actor=CATALOGUE, values=_product_values(category))
    assert product.slug == "foliopallo-sydan"
    event = _last_event()
    assert event.action == "catalogue.product_create"
    assert event.detail == {"product": product.pk, "category": category.pk}
    assert event.subject == ""


def test_other_roles_may_not_create_a_product(category: Category) -> None:
    with pytest.raises(PermissionDenied):
        product_create(actor=MARKETING, values=_product_values(category))
    assert not Product.objects.exists()


def test_invalid_vat_rate_saves_nothing(category: Category) -> None:
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as caught:
        product_create(actor=CATALOGUE, values=_product_values(category, vat_rate=Decimal("24")))
    assert "vat_rate" in caught.value.error_dict
    assert not Product.objects.exists()
    assert AuditEvent.objects.count() == events


def test_duplicate_slug_saves_nothing(make_product: Callable[..., Product]) -> None:
    first = make_product()
    with pytest.raises(ValidationError):
        product_create(actor=CATALOGUE, values=_product_values(first.category, slug=first.slug))
    assert Product.objects.count() == 1


def test_catalogue_role_updates_a_product_audited(make_product: Callable[..., Product]) -> None:
    product = make_product()
    product_update(actor=CATALOGUE, product_id=product.pk, values={"price_cents": 990})
    product.refresh_from_db()
    assert product.price_cents == 990
    event = _last_event()
    assert event.action == "catalogue.product_update"
    assert event.detail == {"product": product.pk, "fields": ["price_cents"]}


def test_other_roles_may_not_update_a_product(make_product: Callable[..., Product]) -> None:
    product = make_product()
    with pytest.raises(PermissionDenied):
        product_update(actor=MARKETING, product_id=product.pk, values={"price_cents": 1})
    product.refresh_from_db()
    assert product.price_cents == 1290


def test_catalogue_role_sets_the_stock_audited(make_product: Callable[..., Product]) -> None:
    product = make_product(stock=5)
    product_stock_set(actor=CATALOGUE, product_id=product.pk, stock=0)
    product.refresh_from_db()
    assert product.stock == 0
    event = _last_event()
    assert event.action == "catalogue.product_stock_set"
    assert event.detail == {"product": product.pk, "from": 5, "to": 0}


def test_other_roles_may_not_set_the_stock(make_product: Callable[..., Product]) -> None:
    product = make_product(stock=5)
    with pytest.raises(PermissionDenied):
        product_stock_set(actor=MARKETING, product_id=product.pk, stock=0)
    product.refresh_from_db()
    assert product.stock == 5


def test_negative_stock_is_refused(make_product: Callable[..., Product]) -> None:
    product = make_product(stock=5)
    with pytest.raises(ValidationError):
        product_stock_set(actor=CATALOGUE, product_id=product.pk, stock=-1)


def test_picture_is_stored(category: Category) -> None:
    picture = SimpleUploadedFile("pallo.png", b"\x89PNG fake", content_type="image/png")
    product = product_create(actor=CATALOGUE, values=_product_values(category, picture=picture))
    assert product.picture.name.startswith("shop/products/pallo")


def test_picture_of_another_type_is_refused(category: Category) -> None:
    picture = SimpleUploadedFile("pallo.gif", b"GIF89a", content_type="image/gif")
    with pytest.raises(ValidationError) as caught:
        product_create(actor=CATALOGUE, values=_product_values(category, picture=picture))
    assert "picture" in caught.value.error_dict
    assert not Product.objects.exists()


def test_too_large_picture_is_refused(category: Category) -> None:
    picture = SimpleUploadedFile("pallo.jpg", b"x" * (PICTURE_MAX_BYTES + 1))
    with pytest.raises(ValidationError) as caught:
        product_create(actor=CATALOGUE, values=_product_values(category, picture=picture))
    assert "picture" in caught.value.error_dict
