from django.urls import path

from rekisteri.shop import cart_views, views

app_name = "shop"
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    # Before the product route, which takes any address name.
    path("ostoskori/", cart_views.cart_view, name="cart"),
    path("ostoskori/lisaa/", cart_views.cart_add, name="cart_add"),
    path("kassa/", cart_views.checkout_view, name="checkout"),
    path("<slug:slug>/", views.product_detail, name="product"),
]
