"""Parsing the buttons of the My account permissions page.

Each button posts a tiny form: which channel and whether to give or withdraw, or which switch
and whether to turn it on or off. The forms only check what was posted; the services decide
and record.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rekisteri.consents.models import MarketingChannel, PermissionText, PrivacySwitch
from rekisteri.consents.selectors import permission_text_is_current

GRANT = "grant"
WITHDRAW = "withdraw"
ON = "on"
OFF = "off"

# Which of the page's forms a POST is for.
FORM_FIELD = "form"
CONSENT_FORM = "consent"
SWITCH_FORM = "switch"


class ConsentChangeForm(forms.Form):
    channel = forms.ChoiceField(choices=MarketingChannel.choices)
    change = forms.ChoiceField(choices=[(GRANT, GRANT), (WITHDRAW, WITHDRAW)])
    # The text shown next to the button; required for giving a permission.
    text_version = forms.ModelChoiceField(queryset=PermissionText.objects.all(), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        channel, text = data.get("channel"), data.get("text_version")
        if data.get("change") != GRANT or channel is None:
            return data
        if text is None or text.channel != channel:
            raise ValidationError(
                _("The permission text was missing. Reload the page and try again."),
                code="text_missing",
            )
        if not permission_text_is_current(text):
            # The person must agree to the wording in force, so they read it first.
            raise ValidationError(
                _(
                    "The text of this permission has just changed. Read the new text below "
                    "and give your permission again if you wish."
                ),
                code="text_changed",
            )
        return data

    @property
    def chosen_channel(self) -> MarketingChannel:
        return MarketingChannel(self.cleaned_data["channel"])


class SwitchChangeForm(forms.Form):
    switch = forms.ChoiceField(choices=PrivacySwitch.choices)
    turn = forms.ChoiceField(choices=[(ON, ON), (OFF, OFF)])

    @property
    def chosen_switch(self) -> PrivacySwitch:
        return PrivacySwitch(self.cleaned_data["switch"])

    @property
    def enabled(self) -> bool:
        return bool(self.cleaned_data["turn"] == ON)


def clean_marketing_permission(form: forms.Form, data: dict[str, Any]) -> PermissionText | None:
    """The email permission text a public form's unticked-by-default box agreed to, or None.

    The form carries the id of the text version its page showed (``marketing_text``) so the
    permission records exactly the words the person saw (L8). When the text changed while
    the page was open, the box is shown again unticked beside the new text, with an error.
    """
    from rekisteri.consents.selectors import permission_text_posted

    if not data.get("marketing_permission"):
        return None
    shown = permission_text_posted(data.get("marketing_text") or "", MarketingChannel.EMAIL)
    if shown is None:
        form.add_error(
            "marketing_permission",
            _("The permission text was missing. Reload the page and try again."),
        )
    elif not permission_text_is_current(shown):
        form.data = {k: v for k, v in form.data.items() if k != "marketing_permission"}
        form.add_error(
            "marketing_permission",
            _(
                "The text of this permission has just changed. Read the new text and "
                "tick the box again if you wish."
            ),
        )
    return shown
