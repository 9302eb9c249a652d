"""The talent admin, for headquarters only.

Profiles and their languages are edited here with the model's validation and written to the audit
trail. Documents and disclosures are read-only; each page of them an HQ user opens records a read
of personal data per person shown, as the pages and the API do. The files themselves are never
linked from here: they are downloaded through the documents page, which checks and records.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

from mobilize.accounts.models import Role
from mobilize.core.admin import ReadOnlyAdmin
from mobilize.core.audit import audit_personal_read, audit_record
from mobilize.core.writes import create_validated, update_validated
from mobilize.talent.models import Candidate, CandidateDocument, CandidateLanguage, DisabilityDisclosure
from mobilize.talent.services import PROFILE_FIELDS


def _is_hq(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_authenticated and user.is_active and getattr(user, "role", None) == Role.HQ)


class HqOnlyAdmin(admin.ModelAdmin):
    """Headquarters users, by their role (not by Django's model permissions); nobody else."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _is_hq(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _is_hq(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)


class CandidateLanguageInline(admin.TabularInline):
    model = CandidateLanguage
    extra = 0

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _is_hq(request)


@admin.register(Candidate)
class CandidateAdmin(HqOnlyAdmin):
    list_display = ["family_name", "given_name", "nationality", "residence", "gender", "interest", "user"]
    list_filter = ["gender", "interest", "displacement", "education"]
    search_fields = ["family_name", "given_name", "email", "user__username"]
    raw_id_fields = ["nationality", "residence", "user"]
    filter_horizontal = ["expertise"]
    readonly_fields = ["consent_at", "version", "created_at", "updated_at"]
    inlines = [CandidateLanguageInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # profiles are referenced by assignments and applications; never deleted here

    def save_model(self, request: HttpRequest, obj: Candidate, form: Any, change: bool) -> None:
        """Through the same validated, versioned, audited writes the services use."""
        if not change:
            create_validated(instance=obj, actor=request.user, verb="candidate.created")
            return
        fields = PROFILE_FIELDS | {"user"}
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in fields}
        saved = update_validated(instance=obj, data=data, actor=request.user, verb="candidate.updated")
        obj.version = saved.version

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Saves the expertise and the language rows, recording what changed."""
        candidate = form.instance
        before = self._related(candidate)
        super().save_related(request, form, formsets, change)
        after = self._related(candidate)
        changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
        if changes:
            audit_record(
                actor=request.user, verb="candidate.related_changed", target=candidate, changes=changes
            )

    @staticmethod
    def _related(candidate: Candidate) -> dict[str, list[Any]]:
        return {
            "expertise": sorted(candidate.expertise.values_list("pk", flat=True)),
            "languages": [
                list(p) for p in sorted(candidate.languages.values_list("language__code", "level"))
            ],
        }


class PersonalDataAdmin(ReadOnlyAdmin, HqOnlyAdmin):
    """Read-only; every page shown records a read of each person's ``what``."""

    what = ""

    def _record(self, request: HttpRequest, objects: list[Model]) -> None:
        for candidate in {o.candidate.pk: o.candidate for o in objects}.values():  # type: ignore[attr-defined]
            audit_personal_read(actor=request.user, subject=candidate, what=self.what)

    def changelist_view(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._record(request, list(changelist.result_list))
        return response

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        original = getattr(response, "context_data", {}).get("original")
        if original is not None:
            self._record(request, [original])
        return response


@admin.register(CandidateDocument)
class CandidateDocumentAdmin(PersonalDataAdmin):
    what = "documents"
    list_display = ["candidate", "kind", "original_name", "content_type", "size", "created_at"]
    list_filter = ["kind", "content_type"]
    search_fields = ["candidate__family_name", "candidate__given_name", "original_name"]
    list_select_related = ["candidate"]
    fields = readonly_fields = ("candidate", "kind", "original_name", "content_type", "size", "created_at")


@admin.register(DisabilityDisclosure)
class DisabilityDisclosureAdmin(PersonalDataAdmin):
    what = "disability"
    list_display = ["candidate", "has_disability", "updated_at"]
    list_filter = ["has_disability"]
    search_fields = ["candidate__family_name", "candidate__given_name"]
    list_select_related = ["candidate"]
    fields = readonly_fields = ("candidate", "has_disability", "details", "accommodation_needs", "updated_at")


@admin.register(CandidateLanguage)
class CandidateLanguageAdmin(ReadOnlyAdmin, HqOnlyAdmin):
    """A view across profiles; languages are changed on the candidate's page, where it is audited."""

    list_display = ["candidate", "language", "level"]
    list_filter = ["level", "language"]
    search_fields = ["candidate__family_name", "candidate__given_name", "language__name_en"]
    list_select_related = ["candidate", "language"]
    readonly_fields = ["candidate", "language", "level"]
