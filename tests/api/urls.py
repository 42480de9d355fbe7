"""The site's URLs with the API's staff pages mounted under the staff namespace, for the
tests of those pages (in the product, ``rekisteri/staff/urls.py`` includes them)."""

from django.urls import URLPattern, URLResolver, include, path

from rekisteri import urls as site
from rekisteri.api import staff_urls as api_staff_urls
from rekisteri.staff import urls as staff_urls

_names = {getattr(p, "name", None) for p in staff_urls.urlpatterns}
_staff = [
    *staff_urls.urlpatterns,
    *(p for p in api_staff_urls.urlpatterns if p.name not in _names),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("henkilokunta/", include((_staff, "staff"))),
    *(p for p in site.urlpatterns if str(getattr(p, "pattern", "")) != "henkilokunta/"),
]
