from django.urls import path

from rekisteri.contests import views

app_name = "contests"
urlpatterns = [
    path("", views.contest_list, name="list"),
    path("<int:pk>/", views.contest_detail, name="detail"),
    path("<int:pk>/kiitos/", views.contest_entered, name="entered"),
]
