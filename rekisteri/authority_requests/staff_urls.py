"""Staff pages of this app, included under /henkilokunta/ with the namespace ``staff``."""

from django.urls import URLPattern, path

from rekisteri.authority_requests import views

urlpatterns: list[URLPattern] = [
    path("viranomaispyynnot/", views.request_list, name="authority_requests_list"),
    path("viranomaispyynnot/uusi/", views.request_record, name="authority_requests_record"),
    path(
        "viranomaispyynnot/<uuid:public_id>/",
        views.request_detail,
        name="authority_requests_detail",
    ),
    path(
        "viranomaispyynnot/<uuid:public_id>/hyvaksy/",
        views.request_approve,
        name="authority_requests_approve",
    ),
    path(
        "viranomaispyynnot/<uuid:public_id>/hylkaa/",
        views.request_reject,
        name="authority_requests_reject",
    ),
    path(
        "viranomaispyynnot/<uuid:public_id>/luovutus.json",
        views.request_package,
        name="authority_requests_package",
    ),
]
