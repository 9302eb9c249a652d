"""Notifications in the admin, read-only: they are made by the services and read by their
recipients; the admin only lets headquarters look at what was sent and whether it was emailed."""

from __future__ import annotations

from django.contrib import admin

from mobilize.core.admin import ReadOnlyAdmin
from mobilize.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "verb", "target_type", "target_id", "read_at", "emailed_at"]
    list_filter = ["verb", "target_type"]
    search_fields = ["recipient__username", "verb", "target_id", "message"]
    list_select_related = ["recipient"]
    readonly_fields = [f.name for f in Notification._meta.fields]
