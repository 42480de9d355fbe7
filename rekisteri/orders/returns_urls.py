"""The customer's and guest's withdrawal (return) pages, under the orders URLs."""

from django.urls import URLPattern, path

from rekisteri.orders import return_views

urlpatterns: list[URLPattern] = [
    # A signed-in customer's own order, by its random public id.
    path("<uuid:public_id>/peruuta/", return_views.withdraw, name="withdraw"),
    path(
        "<uuid:public_id>/peruuta/vastaanotettu/",
        return_views.withdraw_done,
        name="withdraw_done",
    ),
    # Anyone with the signed link from the order email.
    path("linkki/<str:token>/peruuta/", return_views.guest_withdraw, name="guest_withdraw"),
    path(
        "linkki/<str:token>/peruuta/vastaanotettu/",
        return_views.guest_withdraw_done,
        name="guest_withdraw_done",
    ),
]
