from django.urls import include, path

app_name = "orders"
urlpatterns = [
    path("", include("rekisteri.orders.returns_urls")),
]
