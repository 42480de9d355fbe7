from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityRequestsConfig(AppConfig):
    name = "rekisteri.authority_requests"
    verbose_name = _("Authority requests")
