"""The staff sign-in form."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm

from rekisteri.accounts.models import User
from rekisteri.staff.access import is_staff_member


class StaffAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, for staff accounts only.

    A customer's account is refused with the very same message as a wrong password, so the
    page never tells whether an address has an account, or what kind.
    """

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not is_staff_member(user):
            raise self.get_invalid_login_error()
