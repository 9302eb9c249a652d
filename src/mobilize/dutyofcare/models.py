"""Duty of care: security levels, evacuation and relocation events with their people, incidents and
well-being check-ins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel


class SecurityLevel(models.IntegerChoices):
    """The six levels of the UN Security Level System (UNDSS, since 2011)."""

    MINIMAL = 1, _("1 Minimal")
    LOW = 2, _("2 Low")
    MODERATE = 3, _("3 Moderate")
    SUBSTANTIAL = 4, _("4 Substantial")
    HIGH = 5, _("5 High")
    EXTREME = 6, _("6 Extreme")


class SecurityLevelChange(BaseModel):
    """The security level of a whole country (``duty_station`` empty) or of one duty station, from
    ``effective_from`` until a later change. Rows are never edited: each change is a new row, so the
    history is the table itself. On a day, a duty station's level is that of the latest change in
    force for it or for its whole country (on the same day, the duty station's own change wins)."""

    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    duty_station = models.ForeignKey(
        "geo.DutyStation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("duty station"),
        help_text=_("Empty for the whole country."),
    )
    level = models.PositiveSmallIntegerField(_("security level"), choices=SecurityLevel)
    effective_from = models.DateField(_("in force from"))
    note = models.CharField(_("note"), max_length=300, blank=True, help_text=_("E.g. the UNDSS decision."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("security level change")
        verbose_name_plural = _("security level changes")
        ordering = ["country__name_en", "-effective_from", "-pk"]
        indexes = [models.Index(fields=["country", "effective_from"], name="doc_level_country_from_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=6),
                name="%(app_label)s_%(class)s_level_1_to_6",
                violation_error_message=_("A security level is from 1 (minimal) to 6 (extreme)."),
            ),
            models.UniqueConstraint(
                fields=["country", "effective_from"],
                condition=Q(duty_station__isnull=True),
                name="%(app_label)s_%(class)s_one_per_country_and_day",
                violation_error_message=_("The country already has a level in force from this day."),
            ),
            models.UniqueConstraint(
                fields=["duty_station", "effective_from"],
                condition=Q(duty_station__isnull=False),
                name="%(app_label)s_%(class)s_one_per_station_and_day",
                violation_error_message=_("The duty station already has a level in force from this day."),
            ),
        ]

    def __str__(self) -> str:
        where = self.duty_station.name if self.duty_station is not None else self.country.name
        return f"{where}: {self.level} from {self.effective_from:%Y-%m-%d}"

    def clean(self) -> None:
        station = self.duty_station if self.duty_station_id else None
        if station is not None and self.country_id and station.country_id != self.country_id:
            raise ValidationError({"duty_station": _("The duty station is not in this country.")})


class Evacuation(BaseModel):
    """An evacuation or relocation of the volunteers and accompanying dependants who were in a
    country (or some of its duty stations) on a day. Starting it lists exactly those people; it
    closes when every one of them is accounted for (safe, or returned), or when headquarters
    closes it with a reason."""

    class Kind(models.TextChoices):
        EVACUATION = "evacuation", _("Evacuation")
        RELOCATION = "relocation", _("Relocation")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.EVACUATION)
    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    duty_stations = models.ManyToManyField(
        "geo.DutyStation",
        blank=True,
        related_name="+",
        verbose_name=_("duty stations"),
        help_text=_("Empty for the whole country."),
    )
    as_of = models.DateField(_("people present on"))
    reason = models.TextField(_("reason"), blank=True, help_text=_("E.g. the UNDSS order."))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    close_reason = models.CharField(_("why it was closed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("evacuation or relocation")
        verbose_name_plural = _("evacuations and relocations")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=Q(status="open"),
                name="%(app_label)s_%(class)s_one_open_per_country",
                violation_error_message=_("This country already has an open evacuation or relocation."),
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="%(app_label)s_%(class)s_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class PersonStatus(models.TextChoices):
    """Where a person of an evacuation stands; safe and returned are "accounted for"."""

    TO_MOVE = "to_move", _("To move")
    IN_TRANSIT = "in_transit", _("In transit")
    SAFE = "safe", _("Safe")
    RETURNED = "returned", _("Returned")


UNACCOUNTED = (PersonStatus.TO_MOVE, PersonStatus.IN_TRANSIT)
ACCOUNTED = (PersonStatus.SAFE, PersonStatus.RETURNED)


class EvacuationPerson(BaseModel):
    """One person an evacuation tracks: a volunteer, or an accompanying dependant of one. The name,
    duty station and host are copied when the event starts, so the roster stays as it was."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        DEPENDANT = "dependant", _("Dependant")

    evacuation = models.ForeignKey(Evacuation, on_delete=models.CASCADE, related_name="people")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    assignment = models.ForeignKey("assignments.Assignment", on_delete=models.PROTECT, related_name="+")
    volunteer = models.ForeignKey(
        "talent.Candidate",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The volunteer, or the volunteer a dependant accompanies."),
    )
    dependant = models.ForeignKey(
        "assignments.Dependant", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=201)
    duty_station = models.ForeignKey("geo.DutyStation", on_delete=models.PROTECT, related_name="+")
    host_entity = models.ForeignKey("partners.HostEntity", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=PersonStatus, default=PersonStatus.TO_MOVE, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.CharField(_("where now"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person of an evacuation")
        verbose_name_plural = _("people of an evacuation")
        ordering = ["evacuation", "duty_station__name", "name", "pk"]
        indexes = [models.Index(fields=["evacuation", "status"], name="doc_evac_person_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="volunteer", dependant__isnull=True)
                | Q(kind="dependant", dependant__isnull=False),
                name="%(app_label)s_%(class)s_dependant_iff_kind",
            ),
            models.UniqueConstraint(
                fields=["evacuation", "volunteer"],
                condition=Q(dependant__isnull=True),
                name="%(app_label)s_%(class)s_volunteer_once",
            ),
            models.UniqueConstraint(
                fields=["evacuation", "dependant"],
                condition=Q(dependant__isnull=False),
                name="%(app_label)s_%(class)s_dependant_once",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_accounted_for(self) -> bool:
        return self.status in ACCOUNTED


class EvacuationMove(models.Model):
    """One change of a person's status: who, when, from what to what (the audit trail has it too)."""

    person = models.ForeignKey(EvacuationPerson, on_delete=models.CASCADE, related_name="moves")
    from_status = models.CharField(max_length=20, choices=PersonStatus)
    to_status = models.CharField(max_length=20, choices=PersonStatus)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    location = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["person", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.from_status} -> {self.to_status}"


class Incident(BaseModel):
    """Something that happened to a volunteer (reported by them, or by staff on their behalf).
    Confidential: headquarters, auditors (each read recorded), the field unit of the country and the
    volunteer read it; a host sees only how many of its volunteers' incidents there are."""

    class Kind(models.TextChoices):
        SECURITY = "security", _("Security (threat, attack, armed conflict)")
        CRIME = "crime", _("Crime (theft, robbery, assault)")
        HARASSMENT = "harassment", _("Harassment or abuse")
        ACCIDENT = "accident", _("Accident or injury")
        HEALTH = "health", _("Illness")
        HAZARD = "hazard", _("Natural hazard")
        OTHER = "other", _("Other")

    class Severity(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")
        CRITICAL = "critical", _("Critical")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FOLLOWED_UP = "followed_up", _("Followed up")
        CLOSED = "closed", _("Closed")

    assignment = models.ForeignKey(
        "assignments.Assignment", on_delete=models.PROTECT, related_name="+", verbose_name=_("assignment")
    )
    volunteer = models.ForeignKey("talent.Candidate", on_delete=models.PROTECT, related_name="+")
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="+")
    host_entity = models.ForeignKey("partners.HostEntity", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity)
    occurred_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("what happened"))
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.OPEN, db_index=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["country", "status"], name="doc_incident_country_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on:%Y-%m-%d}"

    @property
    def on_behalf(self) -> bool:
        """Reported by someone other than the volunteer."""
        return self.reported_by_id is None or self.reported_by_id != self.volunteer.user_id


class CheckIn(BaseModel):
    """A well-being check-in sent to every volunteer in a country or a duty station on a day, or to
    the volunteers of an evacuation. Each answers once (and may change their answer) until it closes."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    country = models.ForeignKey(
        "geo.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    duty_station = models.ForeignKey(
        "geo.DutyStation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("duty station"),
    )
    evacuation = models.ForeignKey(
        Evacuation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="checkins",
        verbose_name=_("evacuation or relocation"),
    )
    as_of = models.DateField(_("volunteers present on"))
    message = models.CharField(_("message"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("well-being check-in")
        verbose_name_plural = _("well-being check-ins")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.country.name} {self.created_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Answer(models.TextChoices):
    PENDING = "pending", _("Not answered")
    SAFE = "safe", _("I am safe")
    NEED_HELP = "need_help", _("I need help")


class CheckInResponse(BaseModel):
    """One volunteer's answer to a check-in (pending until they answer)."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="responses")
    assignment = models.ForeignKey("assignments.Assignment", on_delete=models.PROTECT, related_name="+")
    volunteer = models.ForeignKey("talent.Candidate", on_delete=models.PROTECT, related_name="+")
    duty_station = models.ForeignKey("geo.DutyStation", on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(
        _("answer"), max_length=20, choices=Answer, default=Answer.PENDING, db_index=True
    )
    note = models.TextField(_("note"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("check-in answer")
        verbose_name_plural = _("check-in answers")
        ordering = ["checkin", "duty_station__name", "volunteer__family_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkin", "volunteer"], name="%(app_label)s_%(class)s_once_per_volunteer"
            ),
            models.CheckConstraint(
                condition=Q(answer="pending", answered_at__isnull=True)
                | (~Q(answer="pending") & Q(answered_at__isnull=False)),
                name="%(app_label)s_%(class)s_answered_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checkin_id}/{self.volunteer_id}: {self.answer}"


def level_label(level: int | None) -> Any:
    """The label of a level (``None``: not recorded)."""
    return SecurityLevel(level).label if level else _("Not recorded")
