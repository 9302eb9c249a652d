"""Languages, SDGs, expertise areas, volunteer categories and their eligibility rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel


class Language(BaseModel):
    """An ISO 639 language; the UN's six official ones are flagged."""

    code = models.CharField(max_length=3, unique=True, help_text=_("ISO 639-1, else 639-3."))
    name_en = models.CharField(max_length=100)
    name_zh = models.CharField(max_length=100, blank=True)
    is_un_official = models.BooleanField(default=False)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") and self.name_zh else self.name_en


class Sdg(BaseModel):
    """One of the 17 Sustainable Development Goals."""

    number = models.PositiveSmallIntegerField(unique=True)
    name_en = models.CharField(max_length=200)
    name_zh = models.CharField(max_length=200)

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG"
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="%(app_label)s_%(class)s_number_1_to_17"
            ),
        ]

    def __str__(self) -> str:
        name = self.name_zh if (get_language() or "").startswith("zh") else self.name_en
        return f"SDG {self.number}: {name}"


class ExpertiseArea(BaseModel):
    code = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(max_length=150)
    name_zh = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") and self.name_zh else self.name_en


class Modality(models.TextChoices):
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class VolunteerCategory(BaseModel):
    """A category of the Unified Conditions of Service (in force from 1 October 2021)."""

    code = models.SlugField(max_length=40, unique=True)
    name_en = models.CharField(max_length=120)
    name_zh = models.CharField(max_length=120, blank=True)
    modality = models.CharField(max_length=20, choices=Modality)
    is_youth = models.BooleanField(default=False, help_text=_("Counted as a UN Youth Volunteer."))
    is_university = models.BooleanField(default=False)
    is_community = models.BooleanField(default=False)
    is_refugee = models.BooleanField(default=False)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name_plural = _("volunteer categories")

    def __str__(self) -> str:
        return self.name_zh if (get_language() or "").startswith("zh") and self.name_zh else self.name_en

    def rule_on(self, day: dt.date) -> CategoryRule | None:
        """The eligibility rule in force on ``day``."""
        return (
            self.rules.filter(
                Q(effective_to__isnull=True) | Q(effective_to__gte=day), effective_from__lte=day
            )
            .order_by("-effective_from")
            .first()
        )


class CategoryRule(BaseModel):
    """The eligibility rule of a category over a period; a change of rule is a new row."""

    category = models.ForeignKey(VolunteerCategory, on_delete=models.CASCADE, related_name="rules")
    effective_from = models.DateField()
    effective_to = models.DateField(
        null=True, blank=True, help_text=_("Last day in force; empty if current.")
    )
    min_age = models.PositiveSmallIntegerField()
    max_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("Inclusive; youth must not pass it before the planned end.")
    )
    age_applies_through_end = models.BooleanField(
        default=False,
        help_text=_("The age bounds hold from the start to the planned end (youth categories)."),
    )
    min_experience_months = models.PositiveSmallIntegerField(default=0)
    min_duration_days = models.PositiveIntegerField()
    max_duration_days = models.PositiveIntegerField()
    service_limit_days = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("Most days a person may serve under this modality in total.")
    )
    service_limit_exempt_age = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=_("From this age the service limit does not apply.")
    )
    requires_degree = models.BooleanField(default=False)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["category", "-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="%(app_label)s_%(class)s_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(max_age__isnull=True) | Q(max_age__gte=F("min_age")),
                name="%(app_label)s_%(class)s_age_bounds_valid",
            ),
            models.CheckConstraint(
                condition=Q(max_duration_days__gte=F("min_duration_days")),
                name="%(app_label)s_%(class)s_duration_bounds_valid",
            ),
            models.UniqueConstraint(
                fields=["category", "effective_from"], name="%(app_label)s_%(class)s_one_per_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} from {self.effective_from}"

    def clean(self) -> None:
        """Bounds in order, and no two rules of a category in force on the same day."""
        errors: dict[str, list[Any]] = {}
        if self.effective_to and self.effective_from and self.effective_to < self.effective_from:
            errors.setdefault("effective_to", []).append(_("The last day cannot be before the first day."))
        if self.max_age is not None and self.min_age is not None and self.max_age < self.min_age:
            errors.setdefault("max_age", []).append(_("The maximum age cannot be below the minimum age."))
        if (
            self.max_duration_days is not None
            and self.min_duration_days is not None
            and self.max_duration_days < self.min_duration_days
        ):
            errors.setdefault("max_duration_days", []).append(
                _("The longest duration cannot be shorter than the shortest.")
            )
        if not errors and self.category_id is not None and self.effective_from is not None:
            clash = self.overlapping().first()
            if clash is not None:
                errors["effective_from"] = [
                    _("This period overlaps the rule in force from %(start)s to %(end)s.")
                    % {"start": clash.effective_from, "end": clash.effective_to or _("no end date")}
                ]
        if errors:
            raise ValidationError(errors)

    def overlapping(self) -> models.QuerySet[CategoryRule]:
        """The other rules of this category in force on at least one day of this rule's period."""
        qs = CategoryRule.objects.filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=self.effective_from),
            category_id=self.category_id,
        ).exclude(pk=self.pk)
        if self.effective_to is not None:
            qs = qs.filter(effective_from__lte=self.effective_to)
        return qs.order_by("effective_from")


class LoadedRow(models.Model):
    """What ``load_reference`` last wrote to one row of reference data, so that a later load can tell a
    change in the data files (applied) from an edit made by headquarters since (kept)."""

    model_label = models.CharField(max_length=60, help_text=_("app_label.model"))
    natural_key = models.CharField(max_length=200)
    values = models.JSONField(default=dict, help_text=_("Field: value, as last loaded from the files."))
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["model_label", "natural_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_label", "natural_key"], name="%(app_label)s_%(class)s_one_per_row"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model_label} {self.natural_key}"


class FundingType(models.TextChoices):
    """Who pays for an assignment."""

    HOST = "host", _("Host-funded")
    FULL_FUNDING = "full_funding", _("Full funding (donor)")
    SVF = "svf", _("Special Voluntary Fund")
    SINGLE_SOURCE = "single_source", _("Single source")


class ReportingYear(BaseModel):
    """What is known of a programme year's records. A year marked incomplete (for instance the
    carry-over of a generated year: only the assignments still active in the next one) is never
    compared with, so no change on it is reported."""

    year = models.PositiveSmallIntegerField(unique=True)
    complete = models.BooleanField(default=True, help_text=_("Every record of the year is in the platform."))
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)
