"""The staff forms: sign-in, the second step, and the administrator's account forms."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.accounts.models import User, normalise_email
from rekisteri.staff import totp
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


def _role_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Roles"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RolesForm(forms.Form):
    """The roles of a staff account (a person may hold several, or none for a while)."""

    roles = _role_field()

    def chosen_roles(self) -> set[Role]:
        return {Role(value) for value in self.cleaned_data["roles"]}


class StaffAccountCreateForm(RolesForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=User._meta.get_field("email").max_length,
        help_text=_("The invitation link to set a password is sent to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["email", "roles"]

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class CodeForm(forms.Form):
    """The code of the second sign-in step: six digits from the authenticator, or a recovery
    code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
        help_text=_(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
    )


class EnrolmentForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=_("Six digits."),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not totp.looks_like_code(code):
            raise forms.ValidationError(_("The code is six digits."), code="not_digits")
        return code
