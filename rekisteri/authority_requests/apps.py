"""Requests from authorities: recorded, approved by a second person, disclosed within
their scope."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityRequestsConfig(AppConfig):
    name = "rekisteri.authority_requests"
    verbose_name = _("Authority requests")

    def ready(self) -> None:
        from rekisteri.access.roles import Role
        from rekisteri.authority_requests.selectors import access_log_hidden
        from rekisteri.privacy.access_package import ACCESS_LOG_HIDDEN
        from rekisteri.staff.menu import menu_register

        menu_register(
            section=_("Register matters"),
            label=_("Authority requests"),
            url_name="staff:authority_requests_list",
            roles={Role.REGISTER_MANAGER},
            order=720,
        )
        if access_log_hidden not in ACCESS_LOG_HIDDEN:
            ACCESS_LOG_HIDDEN.append(access_log_hidden)
