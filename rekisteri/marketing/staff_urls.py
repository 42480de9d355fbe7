"""Staff pages of this app, included under /henkilokunta/ with the namespace ``staff``."""

from django.urls import URLPattern, path

from rekisteri.marketing import views

urlpatterns: list[URLPattern] = [
    path("markkinointi/", views.overview, name="marketing_overview"),
    path("markkinointi/vienti/", views.export, name="marketing_export"),
    path("markkinointi/kampanjat/", views.campaigns, name="marketing_campaigns"),
    path("markkinointi/kampanjat/uusi/", views.campaign_new, name="marketing_campaign_new"),
    path("markkinointi/kampanjat/<int:pk>/", views.campaign, name="marketing_campaign"),
    path(
        "markkinointi/kampanjat/<int:pk>/laheta/",
        views.campaign_send,
        name="marketing_campaign_send",
    ),
]
