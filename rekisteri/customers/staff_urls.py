"""Staff pages of this app, included under /henkilokunta/ with the namespace ``staff``.

A customer is addressed by their pseudonymous id, never by a name or an email address, so
nothing personal appears in a URL."""

from django.urls import URLPattern, path

from rekisteri.customers import staff_views

urlpatterns: list[URLPattern] = [
    path("asiakkaat/", staff_views.customer_search_view, name="customers_search"),
    path("asiakkaat/<uuid:public_id>/", staff_views.customer_card_view, name="customers_card"),
    path(
        "asiakkaat/<uuid:public_id>/korjaa/",
        staff_views.customer_correct_view,
        name="customers_correct",
    ),
]
