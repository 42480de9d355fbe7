"""Forms of the marketing pages. They only parse what was posted; the services decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rekisteri.consents.models import MarketingChannel
from rekisteri.marketing.models import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH


class ExportForm(forms.Form):
    channel = forms.ChoiceField(label=_("Channel"), choices=MarketingChannel.choices)

    @property
    def chosen_channel(self) -> MarketingChannel:
        return MarketingChannel(self.cleaned_data["channel"])


class CampaignForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX_LENGTH)
    body = forms.CharField(
        label=_("Text"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "Plain text. Each message ends with a line telling why the person gets it and "
            "their own link to unsubscribe."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        help_text=_("The campaign goes to the people whose preferred language this is."),
    )
    soft_opt_in = forms.BooleanField(
        label=_(
            "This message markets only our own products similar to those our customers have "
            "bought: send it also to customers who bought from us and have never answered the "
            "question of email marketing."
        ),
        required=False,
    )
