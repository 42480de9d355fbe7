from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "rekisteri.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        # Each app declares its personal data in its own datamap.py.
        autodiscover_modules("datamap")
        from rekisteri.privacy import checks  # noqa: F401
        from rekisteri.privacy.datamap import framework  # noqa: F401
