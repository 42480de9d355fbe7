"""Staff pages of this app, added to the staff site's URLs (namespace ``staff``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
