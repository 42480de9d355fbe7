"""Parsing the staff's input about customers: the search and the correction of contact
data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.customers.models import Customer
from rekisteri.customers.search_key import (
    MAX_TERM_LENGTH,
    MAX_WORDS,
    MIN_WORD_LENGTH,
    search_words,
)
from rekisteri.customers.selectors import MAX_PAGE


class CustomerSearchForm(forms.Form):
    term = forms.CharField(
        label=_("Name, email address or phone number"),
        max_length=MAX_TERM_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Part of the name is enough; letters may be in either case."),
    )
    page = forms.IntegerField(
        min_value=1, max_value=MAX_PAGE, required=False, widget=forms.HiddenInput
    )

    def clean_term(self) -> str:
        term: str = self.cleaned_data["term"]
        words = search_words(term)
        if not words or max(len(word) for word in words) < MIN_WORD_LENGTH:
            raise ValidationError(
                _("Give at least three letters or digits of a name, email address or phone.")
            )
        if len(words) > MAX_WORDS:
            raise ValidationError(_("Give at most %(count)d words."), params={"count": MAX_WORDS})
        return term

    @property
    def words(self) -> list[str]:
        return search_words(self.cleaned_data["term"])

    @property
    def page_number(self) -> int:
        return int(self.cleaned_data.get("page") or 1)


class CustomerCorrectionForm(forms.Form):
    """The contact fields the reader may correct, and nothing else: a field posted that the
    form does not have is ignored, so a forged one changes nothing."""

    def __init__(self, names: list[str], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in names:
            model_field = Customer._meta.get_field(name)
            assert isinstance(model_field, models.Field)
            field = model_field.formfield()
            assert field is not None
            self.fields[name] = field

    def add_service_error(self, error: ValidationError) -> None:
        """The model's own validation (``customer_update`` runs ``full_clean``)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)
