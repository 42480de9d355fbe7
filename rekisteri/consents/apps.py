from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    name = "rekisteri.consents"
    verbose_name = _("Marketing permissions")

    def ready(self) -> None:
        from rekisteri.accounts.sections import Section, my_account_sections

        my_account_sections.register(
            Section(
                "marketing",
                _("Marketing permissions"),
                "consents:my_permissions",
                order=40,
                description=_(
                    "Allow or withdraw marketing by email, text message or post; prohibit "
                    "all direct marketing; restrict the processing of your data."
                ),
            )
        )
