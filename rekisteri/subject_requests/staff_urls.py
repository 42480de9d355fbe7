"""Staff pages of this app, included under /henkilokunta/ with the namespace ``staff``."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
