from django.urls import path

from rekisteri.privacy import views

app_name = "privacy"
urlpatterns = [
    path("rekisteriseloste/", views.register_description, name="register_description"),
    path(
        "rekisteriseloste/versio/<int:number>/",
        views.register_description_version,
        name="register_description_version",
    ),
]
