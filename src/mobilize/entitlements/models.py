"""The rate tables of the conditions of service, each effective-dated.

Every row is in force from ``effective_from`` to ``effective_to`` (both days included; no end while
current). Two rows with the same key (the duty station of a post adjustment, the modality of a
family allowance, ...) may not be in force on the same day: ``clean`` refuses it naming
``effective_from``, so the pages, the admin and the services all refuse it. A change of rate is a
new row from a date; the rows before it keep saying what was paid before. All amounts are in US
dollars.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel
from mobilize.geo.models import DutyStation
from mobilize.reference.models import FundingType, Modality

NOT_NEGATIVE = MinValueValidator(Decimal(0), message=_("This value cannot be negative."))
MONEY: dict[str, Any] = {"max_digits": 12, "decimal_places": 2, "validators": [NOT_NEGATIVE]}


def rate_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field of a rate table by name (keys and values are all concrete fields)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def period_constraints(*key_fields: str) -> list[models.BaseConstraint]:
    """The database's share of the period rules: a well-formed period, one row per key and first day."""
    return [
        models.CheckConstraint(
            condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
            name="%(app_label)s_%(class)s_period_valid",
            violation_error_message=_("The last day cannot be before the first day."),
        ),
        models.UniqueConstraint(
            fields=[*key_fields, "effective_from"],
            name="%(app_label)s_%(class)s_one_per_start",
            violation_error_message=_("A rate with this key already starts on this day."),
        ),
    ]


def not_negative(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}),
        name=f"%(app_label)s_%(class)s_{field}_not_negative",
        violation_error_message=_("This value cannot be negative."),
    )


class EffectiveRate(BaseModel):
    """A row of a rate table: a key (none for a single series), the values, and the period in force."""

    slug: ClassVar[str] = ""
    KEY_FIELDS: ClassVar[tuple[str, ...]] = ()
    VALUE_FIELDS: ClassVar[tuple[str, ...]] = ()

    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("Last day in force; empty while current.")
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Where the value comes from: found (with its source) or inferred."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.key_label()} {self.effective_from}"

    def key_filter(self) -> dict[str, Any]:
        """The lookups that select the rows of the same key."""
        return {rate_field(type(self), name).attname: self.key_value(name) for name in self.KEY_FIELDS}

    def key_value(self, name: str) -> Any:
        return getattr(self, rate_field(type(self), name).attname)

    def key_label(self) -> str:
        """The key in words (the duty station, the modality ...); the table's name for a single series."""
        if not self.KEY_FIELDS:
            return str(self._meta.verbose_name)
        parts = []
        for name in self.KEY_FIELDS:
            field = rate_field(type(self), name)
            value = getattr(self, name, None) if field.is_relation else self.key_value(name)
            if field.choices and value is not None:
                value = dict(field.flatchoices).get(value, value)
            parts.append(str(value))
        return ", ".join(parts)

    def covers(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)

    def overlapping(self) -> models.QuerySet[Any]:
        """The other rows of the same key in force on at least one day of this row's period."""
        qs = (
            type(self)
            ._default_manager.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from))
            .filter(**self.key_filter())
            .exclude(pk=self.pk)
        )
        if self.effective_to is not None:
            qs = qs.filter(effective_from__lte=self.effective_to)
        return qs.order_by("effective_from")

    def clean(self) -> None:
        """A well-formed period, and no other row of the same key in force on any of its days."""
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The last day cannot be before the first day.")})
        if self.effective_from is None or any(self.key_value(name) is None for name in self.KEY_FIELDS):
            return  # the missing field is named by its own validation
        clash = self.overlapping().first()
        if clash is not None:
            raise ValidationError(
                {
                    "effective_from": _(
                        "This period overlaps the rate for %(key)s in force from %(start)s to %(end)s."
                    )
                    % {
                        "key": clash.key_label(),
                        "start": clash.effective_from.isoformat(),
                        "end": clash.effective_to.isoformat() if clash.effective_to else _("no end date"),
                    }
                }
            )


class LivingAllowanceBaseRate(EffectiveRate):
    """The global base rate of the monthly living allowance of international volunteers; the duty
    station's post adjustment multiplies it."""

    slug = "living-allowance-base"
    VALUE_FIELDS = ("monthly_amount",)

    monthly_amount = models.DecimalField(_("monthly amount (USD)"), **MONEY)

    class Meta:
        verbose_name = _("living-allowance base rate")
        verbose_name_plural = _("living-allowance base rates")
        ordering = ["-effective_from"]
        constraints = [*period_constraints(), not_negative("monthly_amount")]


class PostAdjustment(EffectiveRate):
    """A duty station's post-adjustment multiplier (ICSC points: 34.2 makes the base rate x 1.342).
    A duty station without a row of its own takes its country capital's."""

    slug = "post-adjustment"
    KEY_FIELDS = ("duty_station",)
    VALUE_FIELDS = ("multiplier",)

    duty_station = models.ForeignKey(
        "geo.DutyStation", on_delete=models.PROTECT, related_name="+", verbose_name=_("duty station")
    )
    multiplier = models.DecimalField(
        _("post-adjustment multiplier"),
        max_digits=7,
        decimal_places=3,
        validators=[NOT_NEGATIVE],
        help_text=_("In points: 34.2 means the base rate times 1.342."),
    )

    class Meta:
        verbose_name = _("post-adjustment multiplier")
        verbose_name_plural = _("post-adjustment multipliers")
        ordering = ["duty_station__country__name_en", "duty_station__name", "-effective_from"]
        constraints = [*period_constraints("duty_station"), not_negative("multiplier")]


class NationalRate(EffectiveRate):
    """The monthly living allowance of national volunteers serving in a country."""

    slug = "national-rate"
    KEY_FIELDS = ("country",)
    VALUE_FIELDS = ("monthly_amount",)

    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    monthly_amount = models.DecimalField(_("monthly amount (USD)"), **MONEY)

    class Meta:
        verbose_name = _("national living-allowance rate")
        verbose_name_plural = _("national living-allowance rates")
        ordering = ["country__name_en", "-effective_from"]
        constraints = [*period_constraints("country"), not_negative("monthly_amount")]


class FamilyAllowanceRate(EffectiveRate):
    """The monthly family allowance: one amount for one recognized dependant, one for two or more."""

    slug = "family-allowance"
    KEY_FIELDS = ("modality",)
    VALUE_FIELDS = ("one_dependant", "two_or_more")

    modality = models.CharField(_("modality"), max_length=20, choices=Modality)
    one_dependant = models.DecimalField(_("one dependant, monthly (USD)"), **MONEY)
    two_or_more = models.DecimalField(_("two or more dependants, monthly (USD)"), **MONEY)

    class Meta:
        verbose_name = _("family allowance")
        verbose_name_plural = _("family allowances")
        ordering = ["modality", "-effective_from"]
        constraints = [
            *period_constraints("modality"),
            not_negative("one_dependant"),
            not_negative("two_or_more"),
        ]


class EntryLumpSum(EffectiveRate):
    """The one-time entry lump sum, by modality and planned duration: an assignment takes the row of
    its modality with the longest ``min_duration_days`` it reaches."""

    slug = "entry-lump-sum"
    KEY_FIELDS = ("modality", "min_duration_days")
    VALUE_FIELDS = ("amount",)

    modality = models.CharField(_("modality"), max_length=20, choices=Modality)
    min_duration_days = models.PositiveIntegerField(
        _("from a planned duration of (days)"),
        default=0,
        help_text=_("Applies to assignments planned for at least this many days (both ends counted)."),
    )
    amount = models.DecimalField(_("amount (USD)"), **MONEY)

    class Meta:
        verbose_name = _("entry lump sum")
        verbose_name_plural = _("entry lump sums")
        ordering = ["modality", "min_duration_days", "-effective_from"]
        constraints = [*period_constraints("modality", "min_duration_days"), not_negative("amount")]


class WellbeingDifferential(EffectiveRate):
    """The monthly well-being differential paid at a duty station of a hardship class."""

    slug = "wellbeing-differential"
    KEY_FIELDS = ("modality", "hardship_class")
    VALUE_FIELDS = ("monthly_amount",)

    modality = models.CharField(_("modality"), max_length=20, choices=Modality)
    hardship_class = models.CharField(_("hardship class"), max_length=1, choices=DutyStation.Hardship)
    monthly_amount = models.DecimalField(_("monthly amount (USD)"), **MONEY)

    class Meta:
        verbose_name = _("well-being differential")
        verbose_name_plural = _("well-being differentials")
        ordering = ["modality", "hardship_class", "-effective_from"]
        constraints = [*period_constraints("modality", "hardship_class"), not_negative("monthly_amount")]


class ExitAllowanceRate(EffectiveRate):
    """The exit allowance earned per month served, paid once at the end of the assignment."""

    slug = "exit-allowance"
    KEY_FIELDS = ("modality",)
    VALUE_FIELDS = ("amount_per_month",)

    modality = models.CharField(_("modality"), max_length=20, choices=Modality)
    amount_per_month = models.DecimalField(_("per month served (USD)"), **MONEY)

    class Meta:
        verbose_name = _("exit allowance")
        verbose_name_plural = _("exit allowances")
        ordering = ["modality", "-effective_from"]
        constraints = [*period_constraints("modality"), not_negative("amount_per_month")]


class LeaveAccrualRate(EffectiveRate):
    """Annual leave earned per month served, in days."""

    slug = "leave-accrual"
    KEY_FIELDS = ("modality",)
    VALUE_FIELDS = ("days_per_month",)

    modality = models.CharField(_("modality"), max_length=20, choices=Modality)
    days_per_month = models.DecimalField(
        _("days per month served"), max_digits=5, decimal_places=2, validators=[NOT_NEGATIVE]
    )

    class Meta:
        verbose_name = _("leave accrual")
        verbose_name_plural = _("leave accruals")
        ordering = ["modality", "-effective_from"]
        constraints = [*period_constraints("modality"), not_negative("days_per_month")]


class ManagementFeeRate(EffectiveRate):
    """The management fee: a share of the volunteer's direct costs, by who funds the assignment."""

    slug = "management-fee"
    KEY_FIELDS = ("funding_type",)
    VALUE_FIELDS = ("rate",)

    funding_type = models.CharField(_("funding"), max_length=20, choices=FundingType)
    rate = models.DecimalField(
        _("rate on direct costs"),
        max_digits=5,
        decimal_places=4,
        validators=[
            NOT_NEGATIVE,
            MaxValueValidator(Decimal(1), message=_("The rate is a fraction between 0 and 1.")),
        ],
        help_text=_("A fraction: 0.0800 is 8 per cent."),
    )

    class Meta:
        verbose_name = _("management fee")
        verbose_name_plural = _("management fees")
        ordering = ["funding_type", "-effective_from"]
        constraints = [
            *period_constraints("funding_type"),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=1),
                name="%(app_label)s_%(class)s_rate_is_a_fraction",
                violation_error_message=_("The rate is a fraction between 0 and 1."),
            ),
        ]


RATE_MODELS: dict[str, type[EffectiveRate]] = {
    model.slug: model
    for model in (
        LivingAllowanceBaseRate,
        PostAdjustment,
        NationalRate,
        FamilyAllowanceRate,
        EntryLumpSum,
        WellbeingDifferential,
        ExitAllowanceRate,
        LeaveAccrualRate,
        ManagementFeeRate,
    )
}
"""Every rate table by its slug (the pages' and the API's name for it), in the order they are shown."""
