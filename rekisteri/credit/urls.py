"""The customer's credit page, under My account (/oma-tili/luotto/)."""

from django.urls import path

from rekisteri.credit import views

app_name = "credit"
urlpatterns = [
    path("", views.my_credit, name="my_credit"),
]
