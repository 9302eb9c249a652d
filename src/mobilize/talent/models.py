"""Candidate profiles, their languages, their confidential disclosure and their documents."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mobilize.core.models import BaseModel


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class EducationLevel(models.TextChoices):
    SECONDARY = "secondary", _("Secondary")
    TECHNICAL = "technical", _("Technical or vocational diploma")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


EDUCATION_RANK = {level.value: rank for rank, level in enumerate(EducationLevel)}


class LanguageLevel(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    FLUENT = "fluent", _("Fluent")
    NATIVE = "native", _("Native")


LANGUAGE_LEVEL_RANK = {level.value: rank for rank, level in enumerate(LanguageLevel)}

MINIMUM_AGE = 18
"""Candidates must be this old on the day they register or change their date of birth."""
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def age_on(born: dt.date, day: dt.date) -> int:
    """Completed years from ``born`` to ``day`` (a birthday on 29 February comes on 1 March)."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (28 February for a 29 February that does not exist)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class Candidate(BaseModel):
    """A person in the talent pool: one nationality, as the programme recognizes only one."""

    class Displacement(models.TextChoices):
        NONE = "none", _("Neither")
        REFUGEE = "refugee", _("Refugee")
        STATELESS = "stateless", _("Stateless")

    class Interest(models.TextChoices):
        ONSITE = "onsite", _("Onsite")
        ONLINE = "online", _("Online")
        BOTH = "both", _("Onsite and online")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="candidate"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    nationality = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="nationals")
    date_of_birth = models.DateField()
    gender = models.CharField(max_length=20, choices=Gender)
    residence = models.ForeignKey(
        "geo.Country",
        on_delete=models.PROTECT,
        related_name="residents",
        help_text=_("Country of residence."),
    )
    displacement = models.CharField(
        _("refugee or stateless status"), max_length=20, choices=Displacement, default=Displacement.NONE
    )
    education = models.CharField(max_length=20, choices=EducationLevel, blank=True)
    experience_months = models.PositiveSmallIntegerField(default=0)
    expertise = models.ManyToManyField("reference.ExpertiseArea", blank=True, related_name="candidates")
    interest = models.CharField(max_length=10, choices=Interest, default=Interest.ONSITE)
    available_from = models.DateField(null=True, blank=True)
    has_driving_licence = models.BooleanField(default=False)
    consent_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the person consented to the processing of their data.")
    )

    class Meta:
        ordering = ["family_name", "given_name", "pk"]
        indexes = [
            models.Index(fields=["nationality", "gender"], name="talent_cand_nat_gender_idx"),
            models.Index(fields=["family_name", "given_name"], name="talent_cand_name_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__gt=EARLIEST_BIRTH),
                name="%(app_label)s_%(class)s_birth_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def clean(self) -> None:
        """The rules a profile keeps whoever writes it (services, forms and the admin alike):
        born after 1900, not in the future, and at least ``MINIMUM_AGE`` today; a refugee lives
        outside their country of nationality."""
        errors: dict[str, list[str]] = {}
        if self.date_of_birth is not None:
            today = timezone.localdate()
            if self.date_of_birth <= EARLIEST_BIRTH:
                errors["date_of_birth"] = [str(_("The date of birth must be after 1 January 1900."))]
            elif self.date_of_birth > today:
                errors["date_of_birth"] = [str(_("The date of birth cannot be in the future."))]
            elif self.date_of_birth > years_before(today, MINIMUM_AGE):
                errors["date_of_birth"] = [
                    str(_("Candidates must be at least %(age)s years old.") % {"age": MINIMUM_AGE})
                ]
        if (
            self.displacement == self.Displacement.REFUGEE
            and self.nationality_id is not None
            and self.nationality_id == self.residence_id
        ):
            errors["residence"] = [
                str(
                    _(
                        "A refugee's country of residence (of legal residence) must differ from "
                        "their country of nationality."
                    )
                )
            ]
        if errors:
            raise ValidationError(errors)

    @property
    def full_name(self) -> str:
        return str(self)

    def age_on(self, day: dt.date) -> int:
        return age_on(self.date_of_birth, day)

    @property
    def home_country_id(self) -> int:
        """The country where this person serves as a national volunteer: nationality, or for a
        refugee or stateless person the country of legal residence."""
        if self.displacement != self.Displacement.NONE:
            return self.residence_id
        return self.nationality_id


class CandidateLanguage(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="languages")
    language = models.ForeignKey("reference.Language", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=20, choices=LanguageLevel)

    class Meta:
        ordering = ["candidate", "language__name_en"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "language"], name="%(app_label)s_%(class)s_once_per_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class DisabilityDisclosure(BaseModel):
    """A voluntary, confidential disclosure; only the person and the roles that need it may read it,
    and every read by staff is audited."""

    candidate = models.OneToOneField(Candidate, on_delete=models.CASCADE, related_name="disability")
    has_disability = models.BooleanField(default=True)
    details = models.TextField(blank=True)
    accommodation_needs = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"Disclosure of candidate {self.candidate_id}"


def document_upload_to(instance: CandidateDocument, filename: str) -> str:
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"candidates/{instance.candidate_id}/{uuid.uuid4().hex}.{suffix}"


class CandidateDocument(BaseModel):
    """A private document (passport, national ID, CV); never served as a public file.

    Stored under ``MEDIA_ROOT`` (which no URL serves) and read only through the download view and
    API, which check permission and record every read by staff."""

    CONTENT_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card")
        CV = "cv", _("CV")
        DEGREE = "degree", _("Degree or diploma")
        OTHER = "other", _("Other")

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind)
    file = models.FileField(upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["candidate", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name}"
