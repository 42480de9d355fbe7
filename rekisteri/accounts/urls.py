"""Customer accounts at the site root: registration, sign-in, password reset, My account."""

from django.urls import path

from rekisteri.accounts import my_account_views, views

app_name = "accounts"
urlpatterns = [
    path("rekisteroidy/", views.register, name="register"),
    path("rekisteroidy/tarkista-sahkoposti/", views.register_done, name="register_done"),
    path("vahvista-sahkoposti/valmis/", views.email_confirmed, name="email_confirmed"),
    path("vahvista-sahkoposti/<str:token>/", views.email_confirm, name="email_confirm"),
    path("kirjaudu/", views.CustomerSignInView.as_view(), name="sign_in"),
    path("kirjaudu-ulos/", views.sign_out, name="sign_out"),
    path("unohtunut-salasana/", views.password_reset, name="password_reset"),
    path("unohtunut-salasana/lahetetty/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "unohtunut-salasana/<str:uidb64>/<str:token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("oma-tili/", my_account_views.my_account, name="my_account"),
    path("oma-tili/tiedot/", my_account_views.profile, name="profile"),
    path("oma-tili/sahkoposti/", my_account_views.email_change, name="email_change"),
    path(
        "oma-tili/sahkoposti/vahvistus/",
        my_account_views.email_confirmation_resend,
        name="email_confirmation_resend",
    ),
    path("oma-tili/salasana/", my_account_views.password_change, name="password_change"),
]
