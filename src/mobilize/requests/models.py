"""Descriptions of Assignment (DoA) and their positions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
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
    TERMINAL_STATUSES = frozenset({Status.RECRUITED, Status.CANCELLED})

    reference = models.CharField(
        _("reference"), max_length=30, unique=True, help_text=_("E.g. DOA-2023-000123.")
    )
    title = models.CharField(_("title"), max_length=200)
    host_entity = models.ForeignKey(
        "partners.HostEntity", on_delete=models.PROTECT, related_name="doas", verbose_name=_("host entity")
    )
    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="doas", verbose_name=_("country")
    )
    category = models.ForeignKey(
        "reference.VolunteerCategory",
        on_delete=models.PROTECT,
        related_name="doas",
        verbose_name=_("volunteer category"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Context and tasks."))
    expected_results = models.TextField(_("expected results"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), help_text=_("Planned end of the assignment."))
    extension_possible = models.BooleanField(_("extension possible"), default=True)
    funding_type = models.CharField(
        _("funding"), max_length=20, choices=FundingType, default=FundingType.HOST
    )
    sdg = models.ForeignKey(
        "reference.Sdg",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("main SDG"),
    )
    expertise = models.ManyToManyField(
        "reference.ExpertiseArea", blank=True, related_name="doas", verbose_name=_("expertise")
    )
    education = models.CharField(
        _("education"), max_length=20, choices=EducationLevel, blank=True, help_text=_("The minimum level.")
    )
    min_experience_months = models.PositiveSmallIntegerField(_("minimum experience (months)"), default=0)
    driving_licence_required = models.BooleanField(_("driving licence required"), default=False)
    reserved_for_pwd = models.BooleanField(_("reserved for persons with disabilities"), default=False)
    reasonable_accommodation = models.BooleanField(_("reasonable accommodation offered"), default=False)
    reference_checks_required = models.BooleanField(_("reference checks required"), default=False)
    clearances_required = models.CharField(
        _("clearances required"),
        max_length=200,
        blank=True,
        help_text=_("E.g. security or medical clearance."),
    )
    is_template = models.BooleanField(
        _("template"), default=False, help_text=_("Offered to hosts as a starting point.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        verbose_name=_("copied from"),
        help_text=_("The template or DoA this one was started from."),
    )
    # The workflow's time stamps (set by the services, one per transition; the audit trail keeps
    # every transition with who made it).
    submitted_at = models.DateTimeField(
        _("submitted at"), null=True, blank=True, help_text=_("First submitted to UNV.")
    )
    edits_requested_at = models.DateTimeField(
        _("edits requested at"), null=True, blank=True, help_text=_("Last returned to the host for edits.")
    )
    resubmitted_at = models.DateTimeField(
        _("resubmitted at"), null=True, blank=True, help_text=_("Last submitted again after edits.")
    )
    approved_at = models.DateTimeField(
        _("approved at"),
        null=True,
        blank=True,
        help_text=_("Approved for sourcing: the start of the deployment lead time."),
    )
    sourcing_started_at = models.DateTimeField(_("sourcing started at"), null=True, blank=True)
    recruited_at = models.DateTimeField(
        _("recruited at"), null=True, blank=True, help_text=_("Every position filled.")
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        verbose_name = _("description of assignment")
        verbose_name_plural = _("descriptions of assignment")
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
            models.CheckConstraint(
                condition=Q(is_template=False) | Q(status="draft"),
                name="%(app_label)s_%(class)s_template_is_draft",
                violation_error_message=_("A template stays a draft: it is copied, never submitted."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        # The same rule as the end_after_start constraint, but naming the field at fault.
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})

    @property
    def duration_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def is_editable(self) -> bool:
        """Draft or edits requested: the host may still change it."""
        return self.status in self.EDITABLE_STATUSES

    @property
    def is_terminal(self) -> bool:
        """Recruited or cancelled: nothing more happens to it."""
        return self.status in self.TERMINAL_STATUSES


_S = Doa.Status
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "submit": (frozenset({_S.DRAFT}), _S.SUBMITTED),
    "request_edits": (frozenset({_S.SUBMITTED}), _S.EDITS_REQUESTED),
    "resubmit": (frozenset({_S.EDITS_REQUESTED}), _S.SUBMITTED),
    "approve": (frozenset({_S.SUBMITTED}), _S.APPROVED),
    "start_sourcing": (frozenset({_S.APPROVED}), _S.SOURCING),
    "mark_recruited": (frozenset({_S.SOURCING}), _S.RECRUITED),
    "cancel": (frozenset(_S.values) - Doa.TERMINAL_STATUSES, _S.CANCELLED),
}
"""The DoA workflow: action -> (the statuses it starts from, the status it leads to)."""


class DoaComment(models.Model):
    """One entry of a DoA's conversation: a comment, or the words that went with a transition
    (edits requested, resubmitted, cancelled). Comments are never edited or removed."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        EDITS_REQUESTED = "edits_requested", _("Edits requested")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        CANCELLED = "cancelled", _("Cancelled")

    doa = models.ForeignKey(Doa, on_delete=models.CASCADE, related_name="comments", verbose_name=_("DoA"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.COMMENT)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("DoA comment")
        ordering = ["doa", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""),
                name="%(app_label)s_%(class)s_body_not_empty",
                violation_error_message=_("Write a comment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.doa_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class DoaLanguage(models.Model):
    """A language a DoA requires, or finds desirable, at a level."""

    doa = models.ForeignKey(Doa, on_delete=models.CASCADE, related_name="languages", verbose_name=_("DoA"))
    language = models.ForeignKey(
        "reference.Language", on_delete=models.PROTECT, related_name="+", verbose_name=_("language")
    )
    level = models.CharField(_("level"), max_length=20, choices=LanguageLevel, default=LanguageLevel.FLUENT)
    required = models.BooleanField(_("required"), default=True, help_text=_("Required, else desirable."))

    class Meta:
        verbose_name = _("language requirement")
        ordering = ["doa", "-required", "language__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["doa", "language"],
                name="%(app_label)s_%(class)s_once_per_language",
                violation_error_message=_("This language is already listed."),
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

    doa = models.ForeignKey(Doa, on_delete=models.CASCADE, related_name="positions", verbose_name=_("DoA"))
    duty_station = models.ForeignKey(
        "geo.DutyStation", on_delete=models.PROTECT, related_name="positions", verbose_name=_("duty station")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN)

    class Meta:
        verbose_name = _("position")
        ordering = ["doa", "pk"]

    def __str__(self) -> str:
        return f"{self.doa.reference} #{self.pk} at {self.duty_station.name}"

    def clean(self) -> None:
        try:
            station_country_id = self.duty_station.country_id
            doa_country_id = self.doa.country_id
        except ObjectDoesNotExist:
            return  # a missing duty station or DoA is reported by the field's own validation
        if station_country_id != doa_country_id:
            raise ValidationError(
                {
                    "duty_station": _("Choose a duty station in %(country)s.")
                    % {"country": self.doa.country.name}
                }
            )
