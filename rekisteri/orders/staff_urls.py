"""Staff pages of this app, added to the staff site's URLs (namespace ``staff``)."""

from django.urls import URLPattern, path

from rekisteri.orders import staff_views

urlpatterns: list[URLPattern] = [
    # The warehouse: what to pack and send, and what is on its way.
    path("toimitukset/", staff_views.pick_list_view, name="orders_pick_list"),
    path(
        "toimitukset/<int:shipment_id>/lahetetty/",
        staff_views.shipment_ship_view,
        name="orders_shipment_ship",
    ),
    path("toimitukset/matkalla/", staff_views.shipped_list_view, name="orders_shipped"),
    path(
        "toimitukset/<int:shipment_id>/perilla/",
        staff_views.shipment_deliver_view,
        name="orders_shipment_deliver",
    ),
    # Customer service: withdrawals and refunds.
    path("palautukset/", staff_views.returns_view, name="orders_returns"),
    path("palautukset/ilmoitus/", staff_views.return_notify_view, name="orders_return_notify"),
    path(
        "palautukset/<int:return_id>/vastaanotettu/",
        staff_views.return_receive_view,
        name="orders_return_receive",
    ),
    path(
        "palautukset/<int:return_id>/hyvitys/",
        staff_views.return_refund_view,
        name="orders_return_refund",
    ),
]
