from django.urls import path

from rekisteri.privacy import self_service, views

app_name = "privacy"
urlpatterns = [
    path("oma-tili/tietoni/", self_service.my_data, name="my_data"),
    path("oma-tili/tietoni.json", self_service.my_data_json, name="my_data_json"),
    path("oma-tili/kuka-on-katsonut/", self_service.who_has_looked, name="access_log"),
    path("oma-tili/poista-tili/", self_service.delete_account, name="delete_account"),
    path(
        "tietosuoja/tietopaketti.schema.json",
        self_service.access_package_schema_view,
        name="access_package_schema",
    ),
    path("rekisteriseloste/", views.register_description, name="register_description"),
    path(
        "rekisteriseloste/versio/<int:number>/",
        views.register_description_version,
        name="register_description_version",
    ),
]
