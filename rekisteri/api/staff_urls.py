"""Staff pages of this app, included under /henkilokunta/ with the namespace ``staff``."""

from django.urls import URLPattern, path

from rekisteri.api import staff_views

urlpatterns: list[URLPattern] = [
    path("rajapinta/", staff_views.api_client_list, name="api_clients"),
    path("rajapinta/uusi/", staff_views.api_client_create_view, name="api_client_create"),
    path(
        "rajapinta/<uuid:public_id>/peru/",
        staff_views.api_client_revoke_view,
        name="api_client_revoke",
    ),
]
