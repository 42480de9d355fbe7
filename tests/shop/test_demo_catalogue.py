import pytest

from rekisteri.audit.actors import Actor
from rekisteri.demo.catalogue import CATEGORIES, PRODUCTS, demo_catalogue_load
from rekisteri.shop.models import Category, Product

pytestmark = pytest.mark.django_db

DEMO = Actor.system("demo")


def test_loads_the_balloon_shop_catalogue() -> None:
    added = demo_catalogue_load(actor=DEMO)
    assert added == len(CATEGORIES) + len(PRODUCTS)
    assert Product.objects.filter(active=True).count() == len(PRODUCTS)
    assert Category.objects.count() == len(CATEGORIES)


def test_loading_again_changes_nothing() -> None:
    demo_catalogue_load(actor=DEMO)
    assert demo_catalogue_load(actor=DEMO) == 0
    assert Product.objects.count() == len(PRODUCTS)
