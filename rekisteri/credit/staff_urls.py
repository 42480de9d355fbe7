"""Staff pages of this app, added to the staff site's URLs (namespace ``staff``)."""

from django.urls import URLPattern, path

from rekisteri.credit import staff_views

urlpatterns: list[URLPattern] = [
    path("luotto/", staff_views.credit_accounts, name="credit_accounts"),
    path("luotto/uusi/", staff_views.credit_account_open, name="credit_account_open"),
    path("luotto/tilit/<int:pk>/", staff_views.credit_account, name="credit_account"),
    path("luotto/tilit/<int:pk>/raja/", staff_views.credit_limit, name="credit_limit"),
    path("luotto/laskut/<int:pk>/maksu/", staff_views.credit_payment, name="credit_payment"),
    path(
        "luotto/laskut/<int:pk>/maksuhairio/",
        staff_views.credit_default_mark,
        name="credit_default_mark",
    ),
    path(
        "luotto/maksuhairiot/<int:pk>/poista/",
        staff_views.credit_default_clear,
        name="credit_default_clear",
    ),
]
