from django.contrib import admin

from mobilize.core.models import AuditRecord


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "kind", "verb", "target_type", "target_id", "target_repr"]
    list_filter = ["kind", "target_type"]
    search_fields = ["verb", "target_repr", "actor_label", "target_id"]
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
