"""Recruitment in the admin: read-only. Applications, clearances, assessments, offers and
onboarding tasks move only through their services, which check the process, time-stamp each stage,
audit and tell whoever acts next; an edit here would skip all of that. Onboarding documents and
notes (bank details, medical clearance) are not shown: they are read through the pages and the
API, which check permission and record every staff read."""

from __future__ import annotations

from django.contrib import admin

from mobilize.core.admin import ReadOnlyAdmin
from mobilize.recruitment.models import Application, Assessment, Clearance, Offer, OnboardingTask


def _fields(model: type, *, without: tuple[str, ...] = ()) -> list[str]:
    return [f.name for f in model._meta.fields if f.name not in without]  # type: ignore[attr-defined]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["pk", "doa", "candidate", "source", "status", "applied_at", "shortlisted_at", "closed_at"]
    list_filter = ["status", "source"]
    search_fields = ["doa__reference", "candidate__family_name", "candidate__given_name"]
    list_select_related = ["doa", "candidate"]
    readonly_fields = _fields(Application)


@admin.register(Clearance)
class ClearanceAdmin(ReadOnlyAdmin):
    list_display = ["pk", "application", "kind", "status", "decided_at"]
    list_filter = ["kind", "status"]
    search_fields = ["application__doa__reference", "application__candidate__family_name"]
    list_select_related = ["application__doa", "application__candidate"]
    readonly_fields = _fields(Clearance)


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["pk", "application", "method", "result", "score", "assessed_at"]
    list_filter = ["method", "result"]
    search_fields = ["application__doa__reference", "application__candidate__family_name"]
    list_select_related = ["application__doa", "application__candidate"]
    readonly_fields = _fields(Assessment)


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["pk", "application", "position", "status", "entry_on_duty", "planned_end", "respond_by"]
    list_filter = ["status"]
    search_fields = ["application__doa__reference", "application__candidate__family_name"]
    list_select_related = ["application__doa", "application__candidate", "position__doa"]
    readonly_fields = _fields(Offer)


@admin.register(OnboardingTask)
class OnboardingTaskAdmin(ReadOnlyAdmin):
    list_display = ["pk", "offer", "kind", "status", "submitted_at", "verified_at"]
    list_filter = ["kind", "status"]
    search_fields = ["offer__application__doa__reference", "offer__application__candidate__family_name"]
    list_select_related = ["offer"]
    readonly_fields = _fields(OnboardingTask, without=("document", "note", "original_name"))
    fields = tuple(readonly_fields)
