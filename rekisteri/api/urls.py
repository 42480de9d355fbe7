"""The integration API's URLs, included under /api/."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
