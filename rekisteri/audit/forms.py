"""Parsing the audit search: pseudonymous ids, an action code and a time window.

The form on the page may be given a customer's email address instead of their id; it is
looked up there and then, and only the id goes on into the address of the results, the
search and the audit log. The results' address itself (GET) takes ids only.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rekisteri.audit.selectors import AuditQuery, staff_accounts, subject_for_email

_ACTION = re.compile(r"^\*?[A-Za-z0-9_.:\-]{1,80}\*?$")
# What a datetime-local field sends, and the same with seconds.
_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"]
FILTERS = ("subject", "staff", "staff_account", "action", "since", "until")


def _moment_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=False,
        input_formats=_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class AuditSearchForm(forms.Form):
    subject = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=254,
        help_text=_("The customer's pseudonymous id, or their email address."),
    )
    staff = forms.CharField(
        label=_("Staff member's id"),
        required=False,
        max_length=64,
        help_text=_("The pseudonymous id of the staff member who acted."),
    )
    staff_account = forms.ChoiceField(label=_("or a staff account"), required=False)
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=82,
        help_text=_(
            "An action code such as customer.card.read. A * at its end or start matches any "
            "text there: customer.* for everything about customers, *.read for every read."
        ),
    )
    since = _moment_field(_("From (inclusive)"))
    until = _moment_field(_("Until (exclusive)"))

    def __init__(self, *args: Any, allow_email: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_email = allow_email
        choices: list[tuple[str, str]] = [("", "—")]
        choices += staff_accounts()
        self.fields["staff_account"].choices = choices  # type: ignore[attr-defined]

    def clean_subject(self) -> str:
        value: str = self.cleaned_data["subject"].strip()
        if not value:
            return ""
        if "@" in value:
            if not self.allow_email:
                raise forms.ValidationError(
                    _("Search by email address with the form, not in the address.")
                )
            found = subject_for_email(value)
            if found is None:
                raise forms.ValidationError(_("No customer has this email address."))
            return found
        return _pseudonymous_id(value, _("This is not a customer's pseudonymous id."))

    def clean_staff(self) -> str:
        value: str = self.cleaned_data["staff"].strip()
        if not value:
            return ""
        return _pseudonymous_id(value, _("This is not a pseudonymous id."))

    def clean_action(self) -> str:
        value: str = self.cleaned_data["action"].strip()
        if value and not _ACTION.match(value):
            raise forms.ValidationError(
                _("An action code has only letters, digits and the characters _ . : -")
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        staff, account = data.get("staff"), data.get("staff_account")
        if staff and account and staff != account:
            self.add_error("staff_account", _("Give either an id or an account, not two."))
        since, until = data.get("since"), data.get("until")
        if since and until and until <= since:
            self.add_error("until", _("The end of the window must come after its start."))
        return data

    def query(self) -> AuditQuery:
        data = self.cleaned_data
        return AuditQuery(
            subject=data["subject"],
            actor=data["staff"] or data["staff_account"],
            action=data["action"],
            since=data["since"],
            until=data["until"],
        )


def _pseudonymous_id(value: str, message: Any) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise forms.ValidationError(message) from None


def query_params(query: AuditQuery) -> dict[str, str]:
    """The query as the results page's address parameters (ids and codes only)."""
    return {
        "subject": query.subject,
        "staff": query.actor,
        "action": query.action,
        "since": _local(query.since),
        "until": _local(query.until),
    }


def _local(moment: Any) -> str:
    from django.utils import timezone

    if moment is None:
        return ""
    return str(timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M:%S"))
