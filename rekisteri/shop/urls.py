from django.urls import path

from rekisteri.shop import views

app_name = "shop"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("<slug:slug>/", views.product_detail, name="product"),
]
