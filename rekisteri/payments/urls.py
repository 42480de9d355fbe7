from django.urls import path

from rekisteri.payments import views

app_name = "payments"
urlpatterns = [
    path("paluu/", views.return_view, name="return_success"),
    path("peruttu/", views.return_view, name="return_cancel"),
    path("ilmoitus/", views.callback_view, name="callback_success"),
    path("ilmoitus/peruttu/", views.callback_view, name="callback_cancel"),
    path("ilmoitus/hyvitys/", views.refund_callback_view, name="refund_callback"),
]
