from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "rekisteri.api"
    verbose_name = _("Integration API")

    def ready(self) -> None:
        from rekisteri.api.menu_links import register_links

        register_links()
