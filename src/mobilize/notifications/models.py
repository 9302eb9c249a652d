"""A notification: one message to one person about one record, read in the inbox and sent by email."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """Something happened that ``recipient`` should know or act on. The text is written in the
    recipient's language when the notification is made; ``url`` is a path on this site."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("from"),
        help_text=_("Who caused it; empty when the platform did."),
    )
    verb = models.CharField(_("event"), max_length=80, db_index=True, help_text=_("E.g. doa.submitted."))
    target_type = models.CharField(_("record type"), max_length=80, help_text=_("app_label.model"))
    target_id = models.CharField(_("record id"), max_length=40)
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("A path on this site."))
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_recipient_created_idx"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_recipient_unread_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(url="") | (Q(url__startswith="/") & ~Q(url__startswith="//")),
                name="%(app_label)s_%(class)s_url_is_local",
                violation_error_message=_("The link must be a path on this site."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.verb} {self.target_type}#{self.target_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
