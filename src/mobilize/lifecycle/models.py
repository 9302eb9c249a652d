"""The records of an assignment's life after entry on duty: extensions, reminders sent,
resignations and terminations, reassignments, the end of assignment, and mission closures with
the redeployment of the volunteers who consent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel

USER = settings.AUTH_USER_MODEL


def _who(verbose: Any) -> Any:
    """Who took a step: a user, kept as a label-less link when the account is deleted."""
    return models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=verbose
    )


class Extension(BaseModel):
    """A request to move an assignment's planned end later. The host confirms the funding, then
    programme staff approve it (the category rules are checked again) and the planned end moves."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested: funding to confirm")
        FUNDING_CONFIRMED = "funding_confirmed", _("Funding confirmed: to approve")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.REQUESTED, Status.FUNDING_CONFIRMED)

    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        related_name="extensions",
        verbose_name=_("assignment"),
    )
    previous_planned_end = models.DateField(_("planned end before"))
    new_planned_end = models.DateField(_("new planned end"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.REQUESTED)
    requested_by = _who(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    funding_confirmed_by = _who(_("funding confirmed by"))
    funding_confirmed_at = models.DateTimeField(_("funding confirmed at"), null=True, blank=True)
    funding_note = models.TextField(_("funding note"), blank=True)
    decided_by = _who(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status__in=["requested", "funding_confirmed"]),
                name="%(app_label)s_%(class)s_one_open_per_assignment",
                violation_error_message=_("This assignment already has an extension in progress."),
            ),
            models.CheckConstraint(
                condition=Q(new_planned_end__gt=F("previous_planned_end")),
                name="%(app_label)s_%(class)s_later_end",
                violation_error_message=_("An extension moves the planned end later."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.new_planned_end}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Reminder(models.Model):
    """One reminder sent about an assignment's planned end. The unique (assignment, kind, planned
    end) is what makes ``send_reminders`` idempotent: a second run, or a concurrent one, cannot
    write the same row, and a new planned end (after an extension) gets its own reminders."""

    class Kind(models.TextChoices):
        THREE_MONTHS = "three_months", _("Three months before the end")
        TWO_MONTHS = "two_months", _("Two months before the end")
        ESCALATION = "escalation", _("Escalation: 15 days before the end, nobody acted")

    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("assignment"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    planned_end = models.DateField(_("planned end reminded of"))
    due_on = models.DateField(_("due on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("people told"), default=0)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "planned_end"], name="%(app_label)s_%(class)s_once_per_end"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.kind} {self.planned_end}"


class Separation(BaseModel):
    """A resignation (the volunteer gives the last day; the host accepts or returns it) or an early
    termination (headquarters or a recruiter ends the assignment, with the reason). Either ends the
    assignment early on ``last_day``; the leave days owing are worked out when it is recorded."""

    class Kind(models.TextChoices):
        RESIGNATION = "resignation", _("Resignation")
        TERMINATION = "termination", _("Early termination")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted: for the host to accept")
        ACCEPTED = "accepted", _("Accepted: the assignment ends early")
        RETURNED = "returned", _("Returned to the volunteer")

    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        related_name="separations",
        verbose_name=_("assignment"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.SUBMITTED)
    last_day = models.DateField(_("last day"))
    reason = models.TextField(_("reason"), blank=True)
    # None: no leave-accrual rate in force over the service (entitlements' table has a gap).
    leave_rate = models.DecimalField(
        _("leave accrual (days a month)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    leave_accrued_days = models.DecimalField(
        _("leave accrued (days)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    leave_taken_days = models.DecimalField(_("leave taken (days)"), max_digits=6, decimal_places=2)
    leave_owing_days = models.DecimalField(
        _("leave days owing"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    submitted_by = _who(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_by = _who(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("resignation or termination")
        verbose_name_plural = _("resignations and terminations")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="submitted"),
                name="%(app_label)s_%(class)s_one_open_per_assignment",
                violation_error_message=_("This assignment already has a resignation waiting for the host."),
            ),
            models.CheckConstraint(
                condition=Q(leave_taken_days__gte=0), name="%(app_label)s_%(class)s_taken_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} {self.kind} {self.last_day}"


class Reassignment(BaseModel):
    """A move to another duty station of the same country, same category and host, without a new
    contract; it takes effect once the volunteer's consent is recorded."""

    class Status(models.TextChoices):
        AWAITING_CONSENT = "awaiting_consent", _("Waiting for the volunteer's consent")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined by the volunteer")

    assignment = models.ForeignKey(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        related_name="reassignments",
        verbose_name=_("assignment"),
    )
    from_station = models.ForeignKey(
        "geo.DutyStation", on_delete=models.PROTECT, related_name="+", verbose_name=_("from duty station")
    )
    to_station = models.ForeignKey(
        "geo.DutyStation", on_delete=models.PROTECT, related_name="+", verbose_name=_("to duty station")
    )
    effective_date = models.DateField(_("effective date"))
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.AWAITING_CONSENT)
    requested_by = _who(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    consent_recorded_by = _who(_("consent recorded by"))
    consent_at = models.DateTimeField(_("consent answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reassignment")
        verbose_name_plural = _("reassignments")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"],
                condition=Q(status="awaiting_consent"),
                name="%(app_label)s_%(class)s_one_open_per_assignment",
                violation_error_message=_("This assignment already has a reassignment waiting for consent."),
            ),
            models.CheckConstraint(
                condition=~Q(to_station=F("from_station")), name="%(app_label)s_%(class)s_moves"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.to_station_id}"


class EndOfAssignment(BaseModel):
    """The end-of-assignment process: the checklist, the host's performance assessment and the final
    clearance, which closes the assignment (if still open) and issues the service certificate."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        CLEARED = "cleared", _("Cleared")

    class Rating(models.TextChoices):
        EXCEEDS = "exceeds", _("Exceeds expectations")
        MEETS = "meets", _("Fully meets expectations")
        PARTIALLY = "partially", _("Partially meets expectations")
        DOES_NOT = "does_not", _("Does not meet expectations")

    assignment = models.OneToOneField(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        related_name="end_of_assignment",
        verbose_name=_("assignment"),
    )
    last_day = models.DateField(_("last day"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)
    started_by = _who(_("started by"))
    started_at = models.DateTimeField(_("started at"))
    rating = models.CharField(_("performance"), max_length=20, choices=Rating, blank=True)
    assessment = models.TextField(_("performance assessment"), blank=True)
    assessed_by = _who(_("assessed by"))
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    cleared_by = _who(_("cleared by"))
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("end of assignment")
        verbose_name_plural = _("ends of assignment")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="%(app_label)s_%(class)s_certificate_unique",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | (Q(cleared_at__isnull=False) & ~Q(certificate_number="")),
                name="%(app_label)s_%(class)s_cleared_has_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.last_day})"


class ChecklistItem(BaseModel):
    """One item of the end-of-assignment checklist."""

    class Kind(models.TextChoices):
        HANDOVER = "handover", _("Handover note given to the supervisor")
        ASSETS = "assets", _("Equipment, badge and documents returned")
        HOST_CHECKOUT = "host_checkout", _("Host entity checkout signed")
        EXIT_QUESTIONNAIRE = "exit_questionnaire", _("End-of-assignment questionnaire answered")

    end_of_assignment = models.ForeignKey(
        EndOfAssignment, on_delete=models.CASCADE, related_name="items", verbose_name=_("end of assignment")
    )
    kind = models.CharField(_("item"), max_length=30, choices=Kind)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = _who(_("done by"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["end_of_assignment", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["end_of_assignment", "kind"], name="%(app_label)s_%(class)s_one_per_kind"
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_kind_display())


class RedeploymentConsent(BaseModel):
    """A volunteer's answer: should their assignment end with a mission's closure, do they consent
    to be redeployed elsewhere? Given by the volunteer on their page (or recorded by staff from a
    written answer); the latest answer counts."""

    assignment = models.OneToOneField(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        related_name="redeployment_consent",
        verbose_name=_("assignment"),
    )
    consents = models.BooleanField(_("consents to redeployment"))
    preferences = models.TextField(_("preferences"), blank=True, help_text=_("Regions, functions, dates."))
    answered_at = models.DateTimeField(_("answered at"))
    recorded_by = _who(_("recorded by"))

    class Meta:
        verbose_name = _("redeployment consent")
        verbose_name_plural = _("redeployment consents")
        ordering = ["-answered_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.consents}"


class MissionClosure(BaseModel):
    """The closure of a host entity (a mission whose mandate ended): every open assignment there
    ended on ``closure_date`` in one transaction, and redeployment started for those who consent."""

    host_entity = models.ForeignKey(
        "partners.HostEntity",
        on_delete=models.PROTECT,
        related_name="closures",
        verbose_name=_("host entity"),
    )
    closure_date = models.DateField(_("closure date"))
    note = models.TextField(_("note"), blank=True)
    committed_by = _who(_("committed by"))
    committed_at = models.DateTimeField(_("committed at"))
    ended_count = models.PositiveIntegerField(_("assignments ended"), default=0)
    cancelled_count = models.PositiveIntegerField(_("planned assignments cancelled"), default=0)
    redeployment_count = models.PositiveIntegerField(_("redeployments started"), default=0)
    months_not_paid = models.DecimalField(
        _("months of allowance no longer paid"), max_digits=10, decimal_places=2, default=0
    )
    amount_not_paid = models.DecimalField(
        _("allowance no longer paid (USD)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("mission closure")
        verbose_name_plural = _("mission closures")
        ordering = ["-closure_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["host_entity"],
                name="%(app_label)s_%(class)s_once_per_host",
                violation_error_message=_("This host entity was already closed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host_entity} {self.closure_date}"


class ClosedAssignment(models.Model):
    """One assignment a closure ended or cancelled, with what it was before."""

    closure = models.ForeignKey(
        MissionClosure, on_delete=models.CASCADE, related_name="closed", verbose_name=_("closure")
    )
    assignment = models.OneToOneField(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        related_name="closure_record",
        verbose_name=_("assignment"),
    )
    previous_status = models.CharField(_("status before"), max_length=20)
    previous_planned_end = models.DateField(_("planned end before"))
    new_status = models.CharField(_("status after"), max_length=20)
    months_not_paid = models.DecimalField(_("months no longer paid"), max_digits=7, decimal_places=2)
    amount_not_paid = models.DecimalField(
        _("amount no longer paid (USD)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("assignment ended by a closure")
        verbose_name_plural = _("assignments ended by closures")
        ordering = ["closure", "assignment_id"]

    def __str__(self) -> str:
        return f"{self.closure_id}: {self.assignment_id}"


class Redeployment(BaseModel):
    """The redeployment of a volunteer whose assignment a closure ended: invited (through
    recruitment's direct invitation) to an open position they are eligible for, then redeployed when
    a new assignment is made, or lapsed."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited to a new position")
        REDEPLOYED = "redeployed", _("Redeployed")
        LAPSED = "lapsed", _("Lapsed")

    closure = models.ForeignKey(
        MissionClosure, on_delete=models.CASCADE, related_name="redeployments", verbose_name=_("closure")
    )
    assignment = models.OneToOneField(
        "assignments.Assignment",
        on_delete=models.PROTECT,
        related_name="redeployment",
        verbose_name=_("assignment ended"),
    )
    volunteer = models.ForeignKey(
        "talent.Candidate",
        on_delete=models.PROTECT,
        related_name="redeployments",
        verbose_name=_("volunteer"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.INVITED)
    position = models.ForeignKey(
        "requests.Position",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("position offered"),
    )
    host_entity = models.ForeignKey(
        "partners.HostEntity",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("receiving host entity"),
    )
    application = models.ForeignKey(
        "recruitment.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("application"),
    )
    new_assignment = models.ForeignKey(
        "assignments.Assignment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new assignment"),
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("redeployment")
        verbose_name_plural = _("redeployments")
        ordering = ["closure", "assignment_id"]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.host_entity_id or self.position_id}"
