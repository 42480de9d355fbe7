"""The demo shop's catalogue: what Ilmapallokeskus sells, in four categories.

The products are invented for the demo. ``demo_catalogue_load`` adds the ones missing (found
by address name) through the catalogue services, so running it again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from rekisteri.audit.actors import Actor
from rekisteri.shop.models import VAT_GENERAL, Category, Product
from rekisteri.shop.services import category_create, product_create


@dataclass(frozen=True)
class DemoCategory:
    slug: str
    name: str
    position: int


@dataclass(frozen=True)
class DemoProduct:
    category: str
    slug: str
    name: str
    description: str
    price_cents: int
    stock: int
    vat_rate: Decimal = VAT_GENERAL


# Shop content in the shop's own language, not user interface text: not translated.
CATEGORIES = (
    DemoCategory("lateksipallot", "Lateksipallot", 10),
    DemoCategory("foliopallot", "Foliopallot", 20),
    DemoCategory("helium", "Helium", 30),
    DemoCategory("juhlatarvikkeet", "Juhlatarvikkeet", 40),
)

PRODUCTS = (
    DemoProduct(
        "lateksipallot",
        "lateksipallo-pastelli-30cm-50kpl",
        "Lateksipallot pastelli 30 cm, 50 kpl",
        "Vaaleat pastellisävyt sekaisin. Täytä ilmalla tai heliumilla; "
        "heliumilla täytetty pallo leijuu noin 12 tuntia.",
        1290,
        40,
    ),
    DemoProduct(
        "lateksipallot",
        "lateksipallo-metallic-kulta-30cm-25kpl",
        "Lateksipallot metallic kulta 30 cm, 25 kpl",
        "Kiiltävä kullanvärinen pinta juhlavaan koristeluun, esimerkiksi valmistujaisiin.",
        990,
        25,
    ),
    DemoProduct(
        "lateksipallot",
        "jattipallo-90cm-valkoinen",
        "Jättipallo 90 cm, valkoinen",
        "Näyttävä jättikokoinen lateksipallo. Täyttämiseen tarvitaan noin 0,4 m³ heliumia.",
        690,
        12,
    ),
    DemoProduct(
        "lateksipallot",
        "pallokaarisetti-sininen",
        "Pallokaarisetti sininen, 100 palloa",
        "Valmis setti noin neljän metrin pallokaareen: palloja kolmessa koossa, "
        "kiinnitysnauha ja liimapisteet.",
        3490,
        6,
    ),
    DemoProduct(
        "foliopallot",
        "foliopallo-sydan-punainen-45cm",
        "Foliopallo sydän, punainen 45 cm",
        "Punainen sydänpallo ystävänpäivään ja hääjuhliin. Pysyy heliumilla täytettynä "
        "ilmassa viikon tai pidempään.",
        590,
        30,
    ),
    DemoProduct(
        "foliopallot",
        "numeropallo-hopea-86cm",
        "Numeropallo hopea 86 cm",
        "Iso hopeanvärinen numero syntymäpäiville. Valitse numero tilauksen lisätiedoissa.",
        890,
        50,
    ),
    DemoProduct(
        "foliopallot",
        "foliopallo-onnea-tahdet",
        "Foliopallo Onnea! tähdet 45 cm",
        "Pyöreä foliopallo, jossa kultaiset tähdet ja teksti Onnea!",
        650,
        0,
    ),
    DemoProduct(
        "helium",
        "heliumpullo-kertakaytto-30-palloa",
        "Heliumpullo kertakäyttöinen, 30 palloa",
        "Kevyt kertakäyttöinen pullo kotijuhliin: riittää noin kolmeenkymmeneen "
        "23 cm:n lateksipalloon.",
        3990,
        15,
    ),
    DemoProduct(
        "helium",
        "heliumpullo-kertakaytto-50-palloa",
        "Heliumpullo kertakäyttöinen, 50 palloa",
        "Suurempi kertakäyttöpullo isompiin juhliin. Säilytä pystyasennossa.",
        5490,
        8,
    ),
    DemoProduct(
        "helium",
        "heliumin-taytto-palvelu",
        "Pallojen heliumtäyttö myymälässä, 10 palloa",
        "Täytämme palloistasi kymmenen myymälässämme odottaessasi.",
        1500,
        100,
    ),
    DemoProduct(
        "juhlatarvikkeet",
        "kiharanauha-kulta-10m",
        "Kiharanauha kulta 10 m",
        "Pallojen narutukseen ja lahjapakettien koristeluun.",
        250,
        80,
    ),
    DemoProduct(
        "juhlatarvikkeet",
        "pallopaino-hopea-6kpl",
        "Pallopainot hopea, 6 kpl",
        "Pitävät heliumpallot paikallaan pöydällä.",
        490,
        20,
    ),
    DemoProduct(
        "juhlatarvikkeet",
        "konfetti-kulta-30g",
        "Konfetti kulta, 30 g",
        "Kultaista konfettia pöydälle tai läpinäkyvän pallon sisään.",
        350,
        35,
    ),
)


def demo_catalogue_load(*, actor: Actor) -> int:
    """Add the demo categories and products that are missing; return how many were added."""
    added = 0
    with transaction.atomic():
        categories = {}
        for demo_category in CATEGORIES:
            category = Category.objects.filter(slug=demo_category.slug).first()
            if category is None:
                category = category_create(
                    actor=actor,
                    values={
                        "name": demo_category.name,
                        "slug": demo_category.slug,
                        "position": demo_category.position,
                    },
                )
                added += 1
            categories[demo_category.slug] = category
        existing = set(Product.objects.values_list("slug", flat=True))
        for demo_product in PRODUCTS:
            if demo_product.slug in existing:
                continue
            product_create(
                actor=actor,
                values={
                    "category": categories[demo_product.category],
                    "name": demo_product.name,
                    "slug": demo_product.slug,
                    "description": demo_product.description,
                    "price_cents": demo_product.price_cents,
                    "vat_rate": demo_product.vat_rate,
                    "stock": demo_product.stock,
                    "active": True,
                },
            )
            added += 1
    return added
