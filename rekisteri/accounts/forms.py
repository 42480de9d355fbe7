"""The account forms. They turn posted text into values and say what is wrong with it;
saving is the services' job, so the model forms here refuse ``save()``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import (
    password_validators_help_text_html,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rekisteri.accounts import throttle
from rekisteri.accounts.models import User, normalise_email
from rekisteri.accounts.selectors import customer_of
from rekisteri.audit.actors import Actor
from rekisteri.consents.models import MarketingChannel, PermissionText
from rekisteri.consents.selectors import permission_text_current
from rekisteri.customers.models import Customer

# An upper bound far above the password rules' own maximum, only so that a request cannot make
# the validators work on megabytes; the rules say the friendly thing below it.
_PASSWORD_INPUT_LIMIT = 4096

_CONTACT_WIDGETS = {
    "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
    "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
    "street_address": forms.TextInput(attrs={"autocomplete": "street-address"}),
    "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
    "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
    "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    "preferred_language": forms.Select(attrs={"autocomplete": "language"}),
}
_CONTACT_FIELDS = list(_CONTACT_WIDGETS)


def _password_field(label: Any, *, new: bool) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=_PASSWORD_INPUT_LIMIT,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "new-password" if new else "current-password"}
        ),
        help_text=password_validators_help_text_html() if new else "",
    )


def _email_field(label: Any) -> forms.EmailField:
    return forms.EmailField(
        label=label,
        max_length=User._meta.get_field("email").max_length,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _clean_email(form: forms.BaseForm, name: str = "email") -> str:
    return normalise_email(form.cleaned_data[name])


class _NoSave:
    def save(self, commit: bool = True) -> Any:
        raise TypeError("Save through the accounts services, not the form.")


class RegistrationForm(_NoSave, forms.ModelForm[Customer]):
    """Name, address, password and language, and an unticked box for each marketing channel
    that has a published permission text (shown word for word, its version posted back)."""

    password = _password_field(_("Password"), new=True)

    class Meta:
        model = Customer
        fields = ["first_name", "last_name", "email", *_CONTACT_FIELDS[2:]]
        widgets = {**_CONTACT_WIDGETS, "email": forms.EmailInput(attrs={"autocomplete": "email"})}
        help_texts = {
            "email": _("You sign in with this address. We send a link to confirm it."),
            "phone": _("Optional."),
            "street_address": _("Optional."),
            "postal_code": _("Optional."),
            "city": _("Optional."),
        }

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        self.fields["preferred_language"].initial = language
        # Keep the fields in the order the page shows them: password after the address.
        self.order_fields(["first_name", "last_name", "email", "password"])
        self.marketing_texts: dict[str, PermissionText] = {}
        for channel in MarketingChannel:
            text = permission_text_current(channel, language)
            if text is None:
                continue  # no published wording: nothing to ask permission with
            self.marketing_texts[channel.value] = text
            self.fields[f"marketing_{channel.value}"] = forms.BooleanField(
                label=text.text, required=False, initial=False
            )
            self.fields[f"marketing_{channel.value}_text"] = forms.IntegerField(
                widget=forms.HiddenInput,
                initial=text.pk,
                required=False,
                min_value=1,
                max_value=2**31 - 1,
            )

    def marketing_fields(self) -> list[tuple[forms.BoundField, PermissionText]]:
        """Each channel's box with the text version shown beside it (its id is posted back
        in a hidden input, so a text published meanwhile does not change what was agreed)."""
        return [
            (self[f"marketing_{channel}"], text) for channel, text in self.marketing_texts.items()
        ]

    def clean_email(self) -> str:
        return _clean_email(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        email, password = data.get("email"), data.get("password")
        if password:
            try:
                validate_password(password, User(email=email or ""))
            except ValidationError as error:
                self.add_error("password", error)
        return data

    def _clean_marketing(self, channel: str) -> PermissionText | None:
        """The text version the person saw and ticked, or None if the box is empty."""
        if not self.cleaned_data.get(f"marketing_{channel}"):
            return None
        shown = self.cleaned_data.get(f"marketing_{channel}_text")
        text = PermissionText.objects.filter(pk=shown, channel=channel).first() if shown else None
        return text or self.marketing_texts[channel]

    def registration(self) -> dict[str, Any]:
        """The service's keyword arguments."""
        data = self.cleaned_data
        return {
            "email": data["email"],
            "password": data["password"],
            "marketing": [
                text
                for channel in self.marketing_texts
                if (text := self._clean_marketing(channel)) is not None
            ],
            **{name: data.get(name) or "" for name in _CONTACT_FIELDS},
        }


class ThrottledSignInMixin:
    """Slows down password guessing on an ``AuthenticationForm``.

    Before checking the password it asks the throttle whether this account or this client
    address must wait; after a failure it records one. The throttled answer is the same for
    an account that exists and one that does not, and takes as long (one password hash).
    """

    request: Any
    cleaned_data: dict[str, Any]
    error_messages: dict[str, Any]

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data.get("username") or "")

    def clean(self) -> dict[str, Any]:
        from rekisteri.accounts.services import sign_in_failure_record

        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return super().clean()  # type: ignore[misc]
        address = throttle.client_address(self.request) if self.request else ""
        wait = throttle.sign_in_wait(email=username, address=address)
        if wait.total_seconds() > 0:
            make_password(password)
            minutes = max(1, -(-int(wait.total_seconds()) // 60))
            raise ValidationError(
                ngettext(
                    "Too many failed sign-ins. Try again in %(minutes)d minute.",
                    "Too many failed sign-ins. Try again in %(minutes)d minutes.",
                    minutes,
                ),
                code="throttled",
                params={"minutes": minutes},
            )
        try:
            return super().clean()  # type: ignore[misc]
        except ValidationError:
            sign_in_failure_record(actor=Actor.public(), email=username, address=address)
            raise


class CustomerSignInForm(ThrottledSignInMixin, AuthenticationForm):
    """Sign-in for customers. A staff account is refused with the same message as a wrong
    password, so the page never tells whether an address has an account, or what kind."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The email address or the password is wrong. Check them and try again, or "
            "reset your password."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email address")
        self.fields["username"].widget.attrs.update({"type": "email", "autocomplete": "email"})

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if customer_of(user) is None:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")


def throttled(form_class: type[AuthenticationForm]) -> type[AuthenticationForm]:
    """``form_class`` with the sign-in throttle, for sign-in pages other than the customers'
    (the staff sign-in)."""
    return type(form_class.__name__, (ThrottledSignInMixin, form_class), {})


class EmailForm(forms.Form):
    email = _email_field(_("Email address"))

    def clean_email(self) -> str:
        return _clean_email(self)


class NewPasswordForm(forms.Form):
    """A new password for a known account (password reset)."""

    password = _password_field(_("New password"), new=True)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password, self.user)
        return password


class PasswordChangeForm(NewPasswordForm):
    """The current password, then the new one."""

    current_password = _password_field(_("Current password"), new=False)
    field_order = ["current_password", "password"]

    def clean_current_password(self) -> str:
        current: str = self.cleaned_data["current_password"]
        if not self.user.check_password(current):
            raise ValidationError(_("The current password is wrong."), code="password_incorrect")
        return current


class EmailChangeForm(forms.Form):
    """The new address, confirmed with the current password."""

    email = _email_field(_("New email address"))
    current_password = _password_field(_("Current password"), new=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["email"].help_text = _(
            "We send a link to the new address. The change takes effect when you open it."
        )

    def clean_email(self) -> str:
        email = _clean_email(self)
        if email == self.user.email:
            raise ValidationError(
                _("This is already the address of your account."), code="same_email"
            )
        return email

    def clean_current_password(self) -> str:
        current: str = self.cleaned_data["current_password"]
        if not self.user.check_password(current):
            raise ValidationError(_("The current password is wrong."), code="password_incorrect")
        return current


class ProfileForm(_NoSave, forms.ModelForm[Customer]):
    """What the person may correct themselves (L3); the email address has its own page."""

    class Meta:
        model = Customer
        fields = _CONTACT_FIELDS
        widgets = _CONTACT_WIDGETS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].required = True

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) or "" for name in _CONTACT_FIELDS}
