"""The organisation settings: one row, edited by the administrator."""

from __future__ import annotations

import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from rekisteri.organisation.validators import validate_business_id

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{4,30}\Z",
    _("Enter a phone number of digits, spaces and hyphens, optionally starting with +."),
    code="phone",
)


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class Organisation(models.Model):
    """The controller (seed S5) and the register contact person (seed S6)."""

    name = models.CharField(_("controller's name"), max_length=200)
    business_id = models.CharField(
        _("business ID"), max_length=9, validators=[validate_business_id]
    )
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(
        _("postal code"),
        max_length=5,
        validators=[RegexValidator(r"^[0-9]{5}\Z", _("A Finnish postal code is five digits."))],
    )
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40, validators=[phone_validator])
    email = models.EmailField(_("email for register matters"), blank=True)
    customer_service_phone = models.CharField(
        _("customer service phone"),
        max_length=40,
        validators=[phone_validator],
    )
    contact_person_name = models.CharField(_("contact person for register matters"), max_length=200)
    contact_person_phone = models.CharField(
        _("contact person's phone"), max_length=40, validators=[phone_validator]
    )
    contact_person_email = models.EmailField(_("contact person's email"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="organisation_single_row"),
        ]

    def __str__(self) -> str:
        return self.name


class OpeningHours(models.Model):
    """Customer service hours (seed S1): a run of weekdays with one opening time."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="opening_hours"
    )
    first_day = models.PositiveSmallIntegerField(_("from"), choices=Weekday.choices)
    last_day = models.PositiveSmallIntegerField(_("to"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_day__lte=models.F("last_day")),
                name="opening_hours_day_order",
                violation_error_code="day_order",
                violation_error_message=_("The first day must not come after the last day."),
            ),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")),
                name="opening_hours_time_order",
                violation_error_code="time_order",
                violation_error_message=_("The opening time must be before the closing time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_first_day_display()}–{self.get_last_day_display()}"

    @property
    def days_label(self) -> str:
        if self.first_day == self.last_day:
            return str(self.get_first_day_display())
        return f"{self.get_first_day_display()}–{self.get_last_day_display()}"

    @property
    def hours_label(self) -> str:
        return f"{_format_time(self.opens)}–{_format_time(self.closes)}"


def _format_time(value: datetime.time) -> str:
    return f"{value.hour}" if value.minute == 0 else f"{value.hour}.{value.minute:02d}"
