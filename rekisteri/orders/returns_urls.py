"""The customer's and guest's withdrawal (return) pages, under the orders URLs."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
