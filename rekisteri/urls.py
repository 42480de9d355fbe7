"""The site's URLs. Public pages opt out of the login requirement one by one."""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

# Every refusal is recorded in the audit log (L24), whichever view raised it.
handler403 = "rekisteri.audit.denials.permission_denied"

urlpatterns = [
    path("", include("rekisteri.privacy.urls")),
    path("", include("rekisteri.accounts.urls")),
    path("", include("rekisteri.consents.urls")),
    path("kilpailut/", include("rekisteri.contests.urls")),
    path("palaute/", include("rekisteri.feedback.urls")),
    path("kauppa/", include("rekisteri.shop.urls")),
    path("tilaukset/", include("rekisteri.orders.urls")),
    path("maksu/", include("rekisteri.payments.urls")),
    path("oma-tili/luotto/", include("rekisteri.credit.urls")),
    path("henkilokunta/", include("rekisteri.staff.urls")),
    path("api/", include("rekisteri.api.urls")),
    path("kieli/", login_not_required(set_language), name="set_language"),
]
