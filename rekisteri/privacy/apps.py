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

        self._register_my_account_pages()

    def _register_my_account_pages(self) -> None:
        from rekisteri.accounts.sections import Section, my_account_sections

        for section in [
            Section(
                "my_data",
                _("My data"),
                "privacy:my_data",
                order=60,
                description=_("Everything the register holds about you, to read or download."),
            ),
            Section(
                "access_log",
                _("Who has looked at my data"),
                "privacy:access_log",
                order=70,
                description=_("Which staff roles have read or changed your data, and when."),
            ),
            Section(
                "delete_account",
                _("Delete my account"),
                "privacy:delete_account",
                order=90,
                description=_("Erase your account and your data."),
            ),
        ]:
            my_account_sections.register(section)
