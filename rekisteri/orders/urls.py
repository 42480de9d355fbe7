from django.urls import include, path

from rekisteri.orders import views

app_name = "orders"
urlpatterns = [
    path("", views.my_orders, name="my_orders"),
    path("<uuid:public_id>/", views.order_detail, name="detail"),
    path("<uuid:public_id>/maksa/", views.order_pay, name="pay"),
    path("<uuid:public_id>/peru/", views.order_cancel_view, name="cancel"),
    path("linkki/<str:token>/", views.guest_order, name="guest_order"),
    path("linkki/<str:token>/maksa/", views.guest_order_pay, name="guest_pay"),
    path("linkki/<str:token>/peru/", views.guest_order_cancel, name="guest_cancel"),
    path("", include("rekisteri.orders.returns_urls")),
]
