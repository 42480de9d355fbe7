"""Staff pages of this app, included under /henkilokunta/ with the namespace ``staff``."""

from django.urls import URLPattern, path

from rekisteri.audit import staff_views

urlpatterns: list[URLPattern] = [
    path("loki/", staff_views.audit_review, name="audit_review"),
    path("loki/vienti.csv", staff_views.audit_export_view, name="audit_export"),
    path("loki/tarkistus/", staff_views.audit_verify_view, name="audit_verify"),
]
