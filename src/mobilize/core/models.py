"""Shared model bases and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every domain record: creation and update times, and a version for optimistic locking."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1, help_text=_("Incremented on every change; an edit based on an older version is refused.")
    )

    class Meta:
        abstract = True


class AuditRecord(models.Model):
    """One write by a service, or one read of personal data by staff: who, when, what."""

    class Kind(models.TextChoices):
        WRITE = "write", _("Change")
        READ = "read", _("Read of personal data")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True, help_text=_("Username at the time."))
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.WRITE)
    verb = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, db_index=True, help_text=_("app_label.model"))
    target_id = models.CharField(max_length=40, db_index=True)
    target_repr = models.CharField(max_length=200, blank=True)
    changes = models.JSONField(default=dict, blank=True, help_text=_("Field: [before, after]."))
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="core_audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.verb} {self.target_repr}"
