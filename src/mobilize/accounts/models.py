"""Users with one role and a scope, and API tokens."""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CANDIDATE = "candidate", _("Candidate or volunteer")
    HOST_FOCAL_POINT = "host", _("Host focal point")
    FIELD_UNIT = "field", _("Field unit")
    RECRUITER = "recruiter", _("Recruiter")
    HQ = "hq", _("Programme manager (headquarters)")
    DONOR = "donor", _("Donor")
    AUDITOR = "auditor", _("Auditor")


STAFF_ROLES = frozenset({Role.FIELD_UNIT, Role.RECRUITER, Role.HQ, Role.AUDITOR})


class User(AbstractUser):
    """A person who signs in. The role says what they do; the scope says over which slice."""

    role = models.CharField(max_length=20, choices=Role, default=Role.CANDIDATE, db_index=True)
    host_entities = models.ManyToManyField(
        "partners.HostEntity",
        blank=True,
        related_name="focal_points",
        help_text=_("For host focal points: the entities whose records they see."),
    )
    countries = models.ManyToManyField(
        "geo.Country",
        blank=True,
        related_name="field_staff",
        help_text=_("For field units: the countries whose records they see."),
    )
    preferred_language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[r.value for r in Role]), name="%(app_label)s_%(class)s_role_valid"
            ),
        ]

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.is_active and self.role in roles

    @property
    def is_programme_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def sees_everything(self) -> bool:
        """HQ, recruiters and auditors read the whole programme (auditors read-only)."""
        return self.role in {Role.HQ, Role.RECRUITER, Role.AUDITOR}

    def host_entity_ids(self) -> list[int]:
        cached = getattr(self, "_host_entity_ids", None)
        if cached is None:
            cached = list(self.host_entities.values_list("pk", flat=True)) if self.pk else []
            self._host_entity_ids = cached
        return cached

    def country_ids(self) -> list[int]:
        cached = getattr(self, "_country_ids", None)
        if cached is None:
            cached = list(self.countries.values_list("pk", flat=True)) if self.pk else []
            self._country_ids = cached
        return cached


class ApiToken(models.Model):
    """A bearer token for the API. Only a hash of the secret is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user.username} {self.prefix}…"

    @staticmethod
    def hash_secret(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
