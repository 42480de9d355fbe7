"""The administrator's form for a new integration client."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.access.roles import Role
from rekisteri.api.models import ApiClient
from rekisteri.api.services import ROLE_CHOICES


class ApiClientCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiClient._meta.get_field("name").max_length,
        help_text=_("What the integration is, e.g. the webshop or the accounting system."),
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=[(role.value, role.label) for role in ROLE_CHOICES],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The client reads and writes exactly what these roles may, field by field. "
            "The administrator's role cannot be given to a client."
        ),
    )

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if "\x00" in name:
            raise forms.ValidationError(_("The name contains a character that cannot be stored."))
        return name

    def chosen_roles(self) -> list[Role]:
        return [Role(value) for value in self.cleaned_data["roles"]]
