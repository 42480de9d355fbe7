from django.urls import URLPattern

app_name = "consents"
urlpatterns: list[URLPattern] = []
