"""The demo's orders: a few paid ones waiting in the warehouse's pick list and one delivered
today, which its customer may still withdraw from. Placed through the same services as
a real checkout (stock is taken, everything is audited); loaded once, when the demo
customers have no orders yet."""

from __future__ import annotations

from django.utils import timezone

from rekisteri.audit.actors import Actor
from rekisteri.customers.models import Customer
from rekisteri.demo import data
from rekisteri.orders.deliveries import shipment_mark_delivered, shipment_mark_shipped
from rekisteri.orders.models import Order, PaymentMethod
from rekisteri.orders.services import CartLine, Delivery, order_mark_paid, order_place
from rekisteri.shop.models import Product

# (customer's email, [(product address name, quantity)], delivered)
DEMO_ORDERS = (
    ("aino.virtanen@example.com", [("foliopallo-sydan-punainen-45cm", 2)], False),
    (
        "mikko.korhonen@example.com",
        [("lateksipallo-pastelli-30cm-50kpl", 1), ("kiharanauha-kulta-10m", 1)],
        False,
    ),
    ("elsa.lindqvist@example.com", [("heliumpullo-kertakaytto-30-palloa", 1)], False),
    ("juha.makinen@example.com", [("numeropallo-hopea-86cm", 2)], True),
)


def demo_orders_load(*, actor: Actor) -> int:
    """Place the demo orders if none of the demo customers has any; returns how many."""
    emails = [person["email"] for person in data.CUSTOMERS]
    if Order.objects.filter(customer__email__in=emails).exists():
        return 0
    products = {product.slug: product for product in Product.objects.filter(active=True)}
    placed = 0
    for email, wanted, delivered in DEMO_ORDERS:
        customer = Customer.objects.filter(email=email).first()
        lines = [
            CartLine(products[slug].pk, quantity) for slug, quantity in wanted if slug in products
        ]
        if customer is None or not lines:
            continue
        order = order_place(
            actor=actor,
            customer=customer,
            lines=lines,
            delivery=Delivery(
                first_name=customer.first_name,
                last_name=customer.last_name,
                street_address=customer.street_address,
                postal_code=customer.postal_code,
                city=customer.city,
                country=customer.country or "FI",
                phone=customer.phone,
            ),
            payment_method=PaymentMethod.PAYTRAIL,
            language=customer.preferred_language,
        )
        order_mark_paid(actor=actor, order_id=order.pk, paid_at=timezone.now())
        if delivered:
            shipment = order.shipment
            shipment_mark_shipped(
                actor=actor, shipment_id=shipment.pk, carrier="Posti", tracking_code="JJFI00001"
            )
            shipment_mark_delivered(actor=actor, shipment_id=shipment.pk)
        placed += 1
    return placed
