"""The assignment: one volunteer's contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel
from mobilize.reference.models import FundingType, Modality


class Assignment(BaseModel):
    """One volunteer serving one assignment.

    ``duty_country``, ``nationality`` and ``home_country`` are copied from the duty station and the
    volunteer when the assignment is made, so that the national/international rule holds as a
    database constraint and the statistics of a past year do not move when a profile changes.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Serving")
        COMPLETED = "completed", _("Completed")
        TERMINATED = "terminated", _("Ended early")
        CANCELLED = "cancelled", _("Cancelled before entry on duty")

    OPEN_STATUSES = (Status.PLANNED, Status.ACTIVE)

    reference = models.CharField(max_length=30, unique=True)
    volunteer = models.ForeignKey("talent.Candidate", on_delete=models.PROTECT, related_name="assignments")
    position = models.ForeignKey(
        "requests.Position", null=True, blank=True, on_delete=models.PROTECT, related_name="assignments"
    )
    category = models.ForeignKey("reference.VolunteerCategory", on_delete=models.PROTECT, related_name="+")
    modality = models.CharField(max_length=20, choices=Modality)
    host_entity = models.ForeignKey(
        "partners.HostEntity", on_delete=models.PROTECT, related_name="assignments"
    )
    duty_station = models.ForeignKey("geo.DutyStation", on_delete=models.PROTECT, related_name="assignments")
    duty_country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    nationality = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    home_country = models.ForeignKey(
        "geo.Country",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Nationality, or for a refugee or stateless person the country of legal residence."),
    )
    displacement = models.CharField(max_length=20, default="none")
    funding_type = models.CharField(max_length=20, choices=FundingType, default=FundingType.HOST)
    entry_on_duty = models.DateField()
    planned_end = models.DateField()
    actual_end = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status, default=Status.ACTIVE, db_index=True)

    class Meta:
        ordering = ["-entry_on_duty", "-pk"]
        indexes = [
            models.Index(fields=["entry_on_duty", "planned_end"], name="assign_dates_idx"),
            models.Index(fields=["host_entity", "status"], name="assign_host_status_idx"),
            models.Index(fields=["duty_country", "status"], name="assign_country_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("entry_on_duty")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The planned end cannot be before the entry on duty."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("entry_on_duty")),
                name="%(app_label)s_%(class)s_actual_end_after_start",
                violation_error_message=_("The actual end cannot be before the entry on duty."),
            ),
            models.CheckConstraint(
                condition=(Q(modality="national") & Q(duty_country=F("home_country")))
                | (Q(modality="international") & ~Q(duty_country=F("home_country"))),
                name="%(app_label)s_%(class)s_modality_matches_country",
                violation_error_message=_(
                    "A national assignment is in the volunteer's own country, an international one elsewhere."
                ),
            ),
            models.CheckConstraint(
                condition=Q(displacement__in=["refugee", "stateless"]) | Q(home_country=F("nationality")),
                name="%(app_label)s_%(class)s_home_is_nationality_unless_displaced",
            ),
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(status__in=["planned", "active"]),
                name="%(app_label)s_%(class)s_one_open_per_position",
                violation_error_message=_("This position already has an open assignment."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        """Name the field at fault for the date rules (the check constraints only say "invalid")."""
        errors: dict[str, Any] = {}
        if self.entry_on_duty and self.planned_end and self.planned_end < self.entry_on_duty:
            errors["planned_end"] = _("The planned end cannot be before the entry on duty.")
        if self.entry_on_duty and self.actual_end and self.actual_end < self.entry_on_duty:
            errors["actual_end"] = _("The actual end cannot be before the entry on duty.")
        if errors:
            raise ValidationError(errors)

    @property
    def end(self) -> dt.date:
        """The actual end if there is one, else the planned end."""
        return self.actual_end or self.planned_end

    @property
    def is_open(self) -> bool:
        """Planned or serving: not yet completed, ended early or cancelled."""
        return self.status in self.OPEN_STATUSES


class Dependant(BaseModel):
    """A member of a volunteer's family recognized for an assignment: counted for the family
    allowance while recognized (``recognized_from`` to ``recognized_until``), and, when
    ``accompanying``, present at the duty station (duty of care counts them on "who is where")."""

    class Relationship(models.TextChoices):
        SPOUSE = "spouse", _("Spouse or partner")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other recognized dependant")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="dependants", verbose_name=_("assignment")
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    accompanying = models.BooleanField(
        _("at the duty station"), default=True, help_text=_("Lives with the volunteer at the duty station.")
    )
    recognized_from = models.DateField(_("recognized from"))
    recognized_until = models.DateField(_("recognized until"), null=True, blank=True)

    class Meta:
        verbose_name = _("dependant")
        verbose_name_plural = _("dependants")
        ordering = ["assignment", "family_name", "given_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(recognized_until__isnull=True) | Q(recognized_until__gte=F("recognized_from")),
                name="%(app_label)s_%(class)s_until_after_from",
                violation_error_message=_("The end of recognition cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self) -> None:
        if self.recognized_from and self.recognized_until and self.recognized_until < self.recognized_from:
            raise ValidationError(
                {"recognized_until": _("The end of recognition cannot be before its start.")}
            )
        start = self.assignment.entry_on_duty if self.assignment_id else None
        if self.recognized_from and start and self.recognized_from < start:
            raise ValidationError(
                {"recognized_from": _("Recognition cannot start before the entry on duty.")}
            )

    def recognized_on(self, day: dt.date) -> bool:
        """Whether the dependant is recognized on ``day``."""
        return self.recognized_from <= day and (self.recognized_until is None or day <= self.recognized_until)
