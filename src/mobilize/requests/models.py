"""Descriptions of Assignment (DoA) and their positions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel
from mobilize.reference.models import FundingType
from mobilize.talent.models import EducationLevel, LanguageLevel


class Doa(BaseModel):
    """A host entity's request for one or more volunteers of one category in one country."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        EDITS_REQUESTED = "edits_requested", _("Edits requested")
        APPROVED = "approved", _("Approved for sourcing")
        SOURCING = "sourcing", _("Sourcing")
        RECRUITED = "recruited", _("Recruited")
        CANCELLED = "cancelled", _("Cancelled")

    EDITABLE_STATUSES = frozenset({Status.DRAFT, Status.EDITS_REQUESTED})

    reference = models.CharField(max_length=30, unique=True, help_text=_("E.g. DOA-2023-000123."))
    title = models.CharField(max_length=200)
    host_entity = models.ForeignKey("partners.HostEntity", on_delete=models.PROTECT, related_name="doas")
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="doas")
    category = models.ForeignKey("reference.VolunteerCategory", on_delete=models.PROTECT, related_name="doas")
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    description = models.TextField(blank=True, help_text=_("Context and tasks."))
    expected_results = models.TextField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(help_text=_("Planned end of the assignment."))
    extension_possible = models.BooleanField(default=True)
    funding_type = models.CharField(max_length=20, choices=FundingType, default=FundingType.HOST)
    sdg = models.ForeignKey(
        "reference.Sdg", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    expertise = models.ManyToManyField("reference.ExpertiseArea", blank=True, related_name="doas")
    education = models.CharField(max_length=20, choices=EducationLevel, blank=True)
    min_experience_months = models.PositiveSmallIntegerField(default=0)
    driving_licence_required = models.BooleanField(default=False)
    reserved_for_pwd = models.BooleanField(_("reserved for persons with disabilities"), default=False)
    reasonable_accommodation = models.BooleanField(default=False)
    reference_checks_required = models.BooleanField(default=False)
    clearances_required = models.CharField(max_length=200, blank=True)
    is_template = models.BooleanField(default=False, help_text=_("Offered to hosts as a starting point."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True, help_text=_("Approved for sourcing."))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("description of assignment")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["host_entity", "status"], name="requests_doa_host_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="%(app_label)s_%(class)s_cancel_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class DoaLanguage(models.Model):
    doa = models.ForeignKey(Doa, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("reference.Language", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=20, choices=LanguageLevel, default=LanguageLevel.FLUENT)
    required = models.BooleanField(default=True, help_text=_("Required, else desirable."))

    class Meta:
        ordering = ["doa", "-required", "language__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["doa", "language"], name="%(app_label)s_%(class)s_once_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class Position(BaseModel):
    """One volunteer asked for by a DoA, at one duty station."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FILLED = "filled", _("Filled")
        CANCELLED = "cancelled", _("Cancelled")

    doa = models.ForeignKey(Doa, on_delete=models.CASCADE, related_name="positions")
    duty_station = models.ForeignKey("geo.DutyStation", on_delete=models.PROTECT, related_name="positions")
    status = models.CharField(max_length=20, choices=Status, default=Status.OPEN)

    class Meta:
        ordering = ["doa", "pk"]

    def __str__(self) -> str:
        return f"{self.doa.reference} #{self.pk} at {self.duty_station.name}"
