from django.contrib.auth import views as auth_views
from django.urls import path

from rekisteri.staff import organisation_views, views

app_name = "staff"
urlpatterns = [
    path("kirjaudu/", views.StaffLoginView.as_view(), name="login"),
    path("kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.home, name="home"),
    path("organisaatio/", organisation_views.organisation_settings, name="organisation"),
]
