"""Staff pages of this app, included under /henkilokunta/ with the namespace ``staff``."""

from django.urls import URLPattern, path

from rekisteri.subject_requests import views

urlpatterns: list[URLPattern] = [
    path("tietopyynnot/", views.queue, name="subject_requests_queue"),
    path("tietopyynnot/uusi/", views.receive, name="subject_requests_receive"),
    path("tietopyynnot/<int:pk>/", views.detail, name="subject_requests_detail"),
    path(
        "tietopyynnot/<int:pk>/henkilollisyys/",
        views.identity,
        name="subject_requests_identity",
    ),
    path("tietopyynnot/<int:pk>/jatko/", views.extend, name="subject_requests_extend"),
    path("tietopyynnot/<int:pk>/muistiinpanot/", views.notes, name="subject_requests_notes"),
    path("tietopyynnot/<int:pk>/toteuta/", views.execute, name="subject_requests_execute"),
    path("tietopyynnot/<int:pk>/sulje/", views.close, name="subject_requests_close"),
]
