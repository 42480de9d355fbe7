"""URLs of marketing permissions: My account's page and the public unsubscribe link."""

from django.urls import path

from rekisteri.consents import views

app_name = "consents"
urlpatterns = [
    path("oma-tili/markkinointiluvat/", views.my_permissions, name="my_permissions"),
    path("markkinointi/peru/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
