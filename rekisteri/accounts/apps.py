from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rekisteri.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from rekisteri.accounts import checks  # noqa: F401
        from rekisteri.accounts.sections import Section, my_account_sections

        for section in [
            Section("profile", _("Name, address and language"), "accounts:profile", order=10),
            Section("email", _("Email address"), "accounts:email_change", order=20),
            Section("password", _("Password"), "accounts:password_change", order=30),
        ]:
            my_account_sections.register(section)
