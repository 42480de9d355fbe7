from django.urls import path

from rekisteri.feedback import views

app_name = "feedback"
urlpatterns = [
    path("", views.feedback_form, name="form"),
    path("kiitos/", views.feedback_sent, name="sent"),
]
