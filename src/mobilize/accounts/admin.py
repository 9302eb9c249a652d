from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from mobilize.accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    filter_horizontal = ["host_entities", "countries", "groups", "user_permissions"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("Mobilize", {"fields": ("role", "host_entities", "countries")}),
    )


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "key_hash", "created_at", "last_used_at"]
    search_fields = ["user__username", "prefix"]
