"""Applications, clearances, assessments, offers and onboarding tasks: the path from a DoA being
sourced to the volunteer's entry on duty, with a time stamp for every stage."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel

SELF_DECLARATION_TEXT = _(
    "I declare that the information in my profile and in this application is true and complete, "
    "that I meet the conditions of the category as far as I know them, and I understand that a "
    "false statement may lead to my application being rejected or my assignment being ended."
)
"""The words a candidate confirms when applying (``Application.self_declaration``)."""


class Application(BaseModel):
    """One candidate for one DoA: applied, invited (direct recruitment) or added from the pool by a
    recruiter; it moves through the shortlist, the host's assessment and selection, the offer and
    the entry on duty. Each stage has its time stamp (the first time it was reached)."""

    class Source(models.TextChoices):
        APPLIED = "applied", _("Applied")
        INVITED = "invited", _("Invited (direct recruitment)")
        SOURCED = "sourced", _("Added from the talent pool")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPLIED = "applied", _("Applied")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SUBMITTED = "submitted", _("Submitted to the host")
        PREFERRED = "preferred", _("Preferred candidate")
        RESERVE = "reserve", _("Reserve list")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Offer accepted")
        DECLINED = "declined", _("Offer declined")
        ON_DUTY = "on_duty", _("Entered on duty")
        NOT_SELECTED = "not_selected", _("Not selected")

    OPEN_STATUSES = frozenset(
        {
            Status.INVITED,
            Status.APPLIED,
            Status.SHORTLISTED,
            Status.SUBMITTED,
            Status.PREFERRED,
            Status.RESERVE,
            Status.OFFERED,
            Status.ACCEPTED,
        }
    )
    """Still in the running (the others are closed: withdrawn, declined, on duty, not selected)."""
    WITHDRAWABLE_STATUSES = frozenset(
        {
            Status.INVITED,
            Status.APPLIED,
            Status.SHORTLISTED,
            Status.SUBMITTED,
            Status.PREFERRED,
            Status.RESERVE,
        }
    )
    """The candidate may withdraw (an offered candidate declines the offer instead)."""
    SHORTLIST_STATUSES = frozenset(
        {
            Status.SHORTLISTED,
            Status.SUBMITTED,
            Status.PREFERRED,
            Status.RESERVE,
            Status.OFFERED,
            Status.ACCEPTED,
            Status.ON_DUTY,
        }
    )
    """On the shortlist or beyond it."""
    CHOSEN_STATUSES = frozenset({Status.PREFERRED, Status.OFFERED, Status.ACCEPTED, Status.ON_DUTY})
    """Chosen for a position: the preferred candidates and those who went on from there."""
    PENDING_CHOSEN_STATUSES = frozenset({Status.PREFERRED, Status.OFFERED, Status.ACCEPTED})
    """Chosen for a position that is still open (the position is filled at the entry on duty)."""

    doa = models.ForeignKey(
        "requests.Doa", on_delete=models.PROTECT, related_name="applications", verbose_name=_("DoA")
    )
    candidate = models.ForeignKey(
        "talent.Candidate", on_delete=models.PROTECT, related_name="applications", verbose_name=_("candidate")
    )
    source = models.CharField(_("source"), max_length=20, choices=Source, default=Source.APPLIED)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.APPLIED, db_index=True
    )
    motivation = models.TextField(_("motivation"), blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    self_declaration = models.BooleanField(
        _("self-declaration confirmed"), default=False, help_text=SELF_DECLARATION_TEXT
    )
    invitation_note = models.TextField(_("invitation note"), blank=True)
    reserve_rank = models.PositiveSmallIntegerField(
        _("rank on the reserve list"), null=True, blank=True, help_text=_("1 is offered first.")
    )
    assignment = models.OneToOneField(
        "assignments.Assignment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="application",
        verbose_name=_("assignment"),
        help_text=_("Made at the entry on duty."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    shortlisted_at = models.DateTimeField(_("shortlisted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted to the host at"), null=True, blank=True)
    selected_at = models.DateTimeField(
        _("selected at"),
        null=True,
        blank=True,
        help_text=_("Chosen as preferred or put on the reserve list."),
    )
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("offer accepted at"), null=True, blank=True)
    on_duty_at = models.DateTimeField(_("entry on duty recorded at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, help_text=_("Withdrawn, declined, not selected or on duty.")
    )

    class Meta:
        verbose_name = _("application")
        ordering = ["doa", "created_at", "pk"]
        indexes = [
            models.Index(fields=["doa", "status"], name="recr_app_doa_status_idx"),
            models.Index(fields=["candidate", "status"], name="recr_app_cand_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["doa", "candidate"],
                name="%(app_label)s_%(class)s_once_per_doa",
                violation_error_message=_("This candidate already has an application for this DoA."),
            ),
            models.CheckConstraint(
                condition=Q(source="sourced") | Q(applied_at__isnull=True) | Q(self_declaration=True),
                name="%(app_label)s_%(class)s_applied_with_declaration",
                violation_error_message=_("A candidate applies only with the self-declaration confirmed."),
            ),
            models.CheckConstraint(
                condition=Q(reserve_rank__isnull=True) | Q(reserve_rank__gte=1),
                name="%(app_label)s_%(class)s_reserve_rank_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} for {self.doa.reference}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Clearance(BaseModel):
    """A check the DoA needs before its candidate goes to the host: a reference check, or a
    clearance (security, medical, background), recorded by the recruiter."""

    class Kind(models.TextChoices):
        REFERENCE_CHECK = "reference_check", _("Reference check")
        SECURITY = "security", _("Security clearance")
        MEDICAL = "medical", _("Medical clearance")
        BACKGROUND = "background", _("Background clearance")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLEARED = "cleared", _("Cleared")
        FAILED = "failed", _("Not cleared")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="clearances", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.PENDING)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("clearance")
        ordering = ["application", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"],
                name="%(app_label)s_%(class)s_once_per_kind",
                violation_error_message=_("This clearance is already recorded for the application."),
            ),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(decided_at__isnull=False),
                name="%(app_label)s_%(class)s_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"


_CLEARANCE_WORDS = (("security", "security"), ("medical", "medical"), ("background", "background"))


def clearance_kinds_for(doa: Any) -> list[str]:
    """The clearances a shortlisted candidate of ``doa`` needs before going to the host: a reference
    check when ``reference_checks_required``; for the free text ``clearances_required``, a security,
    medical or background clearance for each of those words it names, and a background clearance
    for any other text (electoral, human rights or CISMU vetting are background checks)."""
    kinds: list[str] = []
    if doa.reference_checks_required:
        kinds.append(Clearance.Kind.REFERENCE_CHECK)
    text = (doa.clearances_required or "").strip().lower()
    if text:
        named = [kind for word, kind in _CLEARANCE_WORDS if word in text]
        kinds.extend(named or [Clearance.Kind.BACKGROUND])
    return kinds


class Assessment(BaseModel):
    """The host's assessment of a candidate submitted to it."""

    class Method(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not to be assessed")
        INTERVIEW = "interview", _("Interview")
        WRITTEN_TEST = "written_test", _("Written test")
        DESK_REVIEW = "desk_review", _("Desk review")

    class Result(models.TextChoices):
        RECOMMENDED = "recommended", _("Recommended")
        NOT_RECOMMENDED = "not_recommended", _("Not recommended")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("application")
    )
    method = models.CharField(_("method"), max_length=20, choices=Method)
    result = models.CharField(_("result"), max_length=20, choices=Result, blank=True)
    score = models.PositiveSmallIntegerField(_("score (0 to 100)"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    assessed_at = models.DateTimeField(_("assessed at"))

    class Meta:
        verbose_name = _("assessment")
        ordering = ["application", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="%(app_label)s_%(class)s_score_at_most_100",
                violation_error_message=_("A score is from 0 to 100."),
            ),
            models.CheckConstraint(
                condition=~Q(method="not_assessed") | (Q(result="") & Q(score__isnull=True)),
                name="%(app_label)s_%(class)s_not_assessed_has_no_result",
                violation_error_message=_("A candidate not to be assessed has no result or score."),
            ),
            models.CheckConstraint(
                condition=Q(method="not_assessed") | ~Q(result=""),
                name="%(app_label)s_%(class)s_assessed_has_result",
                violation_error_message=_("Give the result of the assessment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_method_display()}: {self.get_result_display() or '-'}"


class Offer(BaseModel):
    """An offer of one position to one candidate, with its dates and the deadline to answer. At
    most one live (open or accepted) offer per position, and per application."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    LIVE_STATUSES = frozenset({Status.OPEN, Status.ACCEPTED})

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="offers", verbose_name=_("application")
    )
    position = models.ForeignKey(
        "requests.Position", on_delete=models.PROTECT, related_name="offers", verbose_name=_("position")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN, db_index=True)
    entry_on_duty = models.DateField(_("proposed entry on duty"))
    planned_end = models.DateField(_("planned end"))
    respond_by = models.DateField(_("respond by"), help_text=_("The last day to accept or decline."))
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("made by"),
    )
    made_at = models.DateTimeField(_("made at"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        verbose_name = _("offer")
        ordering = ["-made_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["position"],
                condition=Q(status__in=["open", "accepted"]),
                name="%(app_label)s_%(class)s_one_live_per_position",
                violation_error_message=_("This position already has an open or accepted offer."),
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status__in=["open", "accepted"]),
                name="%(app_label)s_%(class)s_one_live_per_application",
                violation_error_message=_(
                    "This candidate already has an open or accepted offer for this DoA."
                ),
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("entry_on_duty")),
                name="%(app_label)s_%(class)s_end_after_start",
                violation_error_message=_("The planned end cannot be before the entry on duty."),
            ),
        ]

    def __str__(self) -> str:
        return f"Offer {self.pk} ({self.get_status_display()})"

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES


def onboarding_upload_to(instance: OnboardingTask, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"recruitment/onboarding/{instance.offer_id}/{uuid.uuid4().hex}.{suffix}"


class OnboardingTask(BaseModel):
    """One step between an accepted offer and the entry on duty. The candidate submits it (with a
    private document, never served as a public file), a recruiter verifies it."""

    class Kind(models.TextChoices):
        MEDICAL_CLEARANCE = "medical_clearance", _("Medical clearance")
        SECURITY_CLEARANCE = "security_clearance", _("Security clearance")
        BENEFICIARY_FORM = "beneficiary_form", _("Beneficiary form")
        BANK_DETAILS = "bank_details", _("Bank details")
        MANDATORY_COURSES = "mandatory_courses", _("Mandatory courses")

    class Status(models.TextChoices):
        OPEN = "open", _("To do")
        SUBMITTED = "submitted", _("Submitted, to verify")
        DONE = "done", _("Verified")

    SENSITIVE_KINDS = frozenset({Kind.MEDICAL_CLEARANCE, Kind.BANK_DETAILS})
    """Medical and bank documents: the candidate, recruiters and headquarters only."""

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="onboarding_tasks", verbose_name=_("offer")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN, db_index=True)
    document = models.FileField(_("document"), upload_to=onboarding_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("size"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding task")
        ordering = ["offer", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "kind"],
                name="%(app_label)s_%(class)s_once_per_kind",
                violation_error_message=_("This onboarding task already exists for the offer."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(verified_at__isnull=False),
                name="%(app_label)s_%(class)s_done_is_verified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_status_display()}"

    @property
    def is_sensitive(self) -> bool:
        return self.kind in self.SENSITIVE_KINDS
