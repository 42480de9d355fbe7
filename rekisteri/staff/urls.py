from django.urls import path

from rekisteri.access.declared import signed_in
from rekisteri.api import staff_urls as api_staff_urls
from rekisteri.audit import staff_urls as audit_staff_urls
from rekisteri.authority_requests import staff_urls as authority_staff_urls
from rekisteri.credit import staff_urls as credit_staff_urls
from rekisteri.customers import staff_urls as customers_staff_urls
from rekisteri.marketing import staff_urls as marketing_staff_urls
from rekisteri.orders import staff_urls as orders_staff_urls
from rekisteri.staff import (
    account_views,
    catalogue_views,
    contest_views,
    feedback_views,
    invitation_views,
    organisation_views,
    second_factor_views,
    views,
)
from rekisteri.subject_requests import staff_urls as subject_requests_staff_urls

app_name = "staff"
urlpatterns = [
    path("kirjaudu/", views.StaffLoginView.as_view(), name="login"),
    path("kirjaudu-ulos/", signed_in(views.logout_view), name="logout"),
    path("", views.home, name="home"),
    path("organisaatio/", organisation_views.organisation_settings, name="organisation"),
]

# The second sign-in step, invitations, and the administrator's staff account pages.
urlpatterns += [
    path("tunnistus/", second_factor_views.second_factor, name="second_factor"),
    path(
        "tunnistus/kayttoonotto/",
        second_factor_views.second_factor_enrol,
        name="second_factor_enrol",
    ),
    path("tunnistus/varakoodit/", second_factor_views.recovery_codes, name="recovery_codes"),
    path("kutsu/<str:token>/", invitation_views.invitation_accept, name="invitation"),
    path("kayttajat/", account_views.account_list, name="staff_accounts"),
    path("kayttajat/uusi/", account_views.account_create, name="staff_account_create"),
    path("kayttajat/<uuid:public_id>/", account_views.account_detail, name="staff_account"),
    path(
        "kayttajat/<uuid:public_id>/roolit/",
        account_views.account_roles,
        name="staff_account_roles",
    ),
    path(
        "kayttajat/<uuid:public_id>/poista-kaytosta/",
        account_views.account_disable,
        name="staff_account_disable",
    ),
    path(
        "kayttajat/<uuid:public_id>/ota-kayttoon/",
        account_views.account_enable,
        name="staff_account_enable",
    ),
    path(
        "kayttajat/<uuid:public_id>/kutsu/",
        account_views.account_invite,
        name="staff_account_invite",
    ),
    path(
        "kayttajat/<uuid:public_id>/tunnistus-nollaus/",
        account_views.account_second_factor_reset,
        name="staff_account_second_factor_reset",
    ),
]

# Contests (marketing, register manager; customer service sees entries) and feedback.
urlpatterns += [
    path("kilpailut/", contest_views.contest_list, name="contests"),
    path("kilpailut/uusi/", contest_views.contest_create_view, name="contest_create"),
    path("kilpailut/<int:pk>/", contest_views.contest_entries_view, name="contest_entries"),
    path("kilpailut/<int:pk>/muokkaa/", contest_views.contest_edit_view, name="contest_edit"),
    path("kilpailut/<int:pk>/arvonta/", contest_views.contest_draw_view, name="contest_draw"),
    path("palaute/", feedback_views.feedback_list, name="feedback_list"),
    path("palaute/<int:pk>/", feedback_views.feedback_detail, name="feedback_detail"),
]

# The catalogue (catalogue role).

urlpatterns += [
    path("tuotteet/", catalogue_views.product_list, name="catalogue_products"),
    path("tuotteet/uusi/", catalogue_views.product_create_view, name="catalogue_product_create"),
    path("tuotteet/<int:pk>/", catalogue_views.product_edit_view, name="catalogue_product_edit"),
    path(
        "tuoteryhmat/uusi/", catalogue_views.category_create_view, name="catalogue_category_create"
    ),
    path(
        "tuoteryhmat/<int:pk>/",
        catalogue_views.category_edit_view,
        name="catalogue_category_edit",
    ),
]

# Orders, deliveries and returns; credit control. Each app keeps its staff URLs itself.
urlpatterns += orders_staff_urls.urlpatterns
urlpatterns += credit_staff_urls.urlpatterns
urlpatterns += customers_staff_urls.urlpatterns
urlpatterns += marketing_staff_urls.urlpatterns
urlpatterns += subject_requests_staff_urls.urlpatterns
urlpatterns += authority_staff_urls.urlpatterns
urlpatterns += audit_staff_urls.urlpatterns
urlpatterns += api_staff_urls.urlpatterns
