"""The talent pages: search, profile, create and edit, my profile, documents, disclosure, consent.

Opening a profile reads no personal data: its documents and its disability disclosure each have
a page of their own, reached by an explicit link, and only those pages record a staff read.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mobilize.core.errors import ApplicationError
from mobilize.core.forms import form_add_service_error
from mobilize.talent.files import document_response
from mobilize.talent.forms import (
    BaseLanguageFormSet,
    CandidateFilterForm,
    CandidateForm,
    DisclosureForm,
    DocumentUploadForm,
    LanguageFormSet,
)
from mobilize.talent.models import Candidate
from mobilize.talent.permissions import (
    can_browse_candidates,
    can_create_candidate,
    can_delete_document,
    can_edit_candidate,
    can_give_consent,
    can_have_own_profile,
    can_read_disclosure,
    can_read_documents,
    can_set_disclosure,
    can_upload_document,
    candidate_access,
    is_own_profile,
)
from mobilize.talent.selectors import (
    candidate_disclosure,
    candidate_document,
    candidate_document_get,
    candidate_documents,
    candidate_get,
    candidate_list,
    candidate_of_user,
)
from mobilize.talent.services import (
    candidate_consent_give,
    candidate_create,
    candidate_disclosure_set,
    candidate_disclosure_withdraw,
    candidate_update,
    document_delete,
    document_upload,
)
from mobilize.web.views_helpers import form_write, list_page


def _add_errors(form: BaseForm, exc: ValidationError | ApplicationError, formset: Any = None) -> None:
    """A service error onto the page: ``languages.<i>.<field>`` onto that language row, a stale
    version above the form, the rest onto the named field."""
    if isinstance(exc, ApplicationError) and exc.field == "version":
        form.add_error(None, exc.message)
        return
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict") and formset is not None:
        rows = [row_form for row_form, _row in formset.rows()]
        rest: dict[str, list[str]] = {}
        for key, errors in exc.message_dict.items():
            parts = key.split(".")
            if parts[0] == "languages" and len(parts) == 3 and int(parts[1]) < len(rows):
                for message in errors:
                    rows[int(parts[1])].add_error(parts[2], message)
            else:
                rest[key] = errors
        if rest:
            form_add_service_error(form, ValidationError(rest))
        return
    form_add_service_error(form, exc)


@login_required
def candidate_list_view(request: HttpRequest) -> HttpResponse:
    if not can_browse_candidates(request.user):
        raise PermissionDenied
    form = CandidateFilterForm(request.GET)
    candidates = candidate_list(viewer=request.user, filters=form.filters())
    return list_page(
        request,
        "talent/candidate_list.html",
        queryset=candidates,
        form=form,
        can_create=can_create_candidate(request.user),
    )


def _profile_context(user: Any, candidate: Candidate) -> dict[str, Any]:
    return {
        "candidate": candidate,
        "is_own": is_own_profile(user, candidate),
        "can_edit": can_edit_candidate(user, candidate),
        "can_read_documents": can_read_documents(user, candidate),
        "can_read_disclosure": can_read_disclosure(user, candidate),
        "can_give_consent": can_give_consent(user, candidate) and candidate.consent_at is None,
    }


@login_required
def candidate_detail_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_get(viewer=request.user, candidate_id=candidate_id)
    return render(request, "talent/candidate_detail.html", _profile_context(request.user, candidate))


@login_required
def my_profile_view(request: HttpRequest) -> HttpResponse:
    if not can_have_own_profile(request.user):
        raise PermissionDenied
    candidate = candidate_of_user(user=request.user)
    if candidate is None:
        return render(request, "talent/my_profile_empty.html", {})
    return render(request, "talent/candidate_detail.html", _profile_context(request.user, candidate))


def _profile_form_page(
    request: HttpRequest, form: CandidateForm, formset: BaseLanguageFormSet, candidate: Candidate | None
) -> HttpResponse:
    status = 422 if form.errors or any(formset.errors) else 200
    return render(
        request,
        "talent/candidate_form.html",
        {"form": form, "formset": formset, "candidate": candidate},
        status=status,
    )


@login_required
def candidate_create_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not can_create_candidate(user):
        raise PermissionDenied
    if can_have_own_profile(user) and candidate_of_user(user=user) is not None:
        messages.info(request, _("You already have a profile."))
        return redirect("talent:my_profile")
    if request.method != "POST":
        initial = {}
        if can_have_own_profile(user):
            initial = {"given_name": user.first_name, "family_name": user.last_name, "email": user.email}
        return _profile_form_page(
            request, CandidateForm(initial=initial), LanguageFormSet(prefix="languages"), None
        )
    form = CandidateForm(request.POST)
    formset = LanguageFormSet(request.POST, prefix="languages")
    if form.is_valid() and formset.is_valid():
        candidate = form_write(
            form,
            lambda: candidate_create(
                actor=user,
                data=form.profile_data(),
                expertise=form.cleaned_data["expertise"],
                languages=[row for _form, row in formset.rows()],
            ),
            add_error=partial(_add_errors, formset=formset),
        )
        if candidate is not None:
            messages.success(request, _("The profile was created."))
            return redirect("talent:candidate_detail", candidate_id=candidate.pk)
    return _profile_form_page(request, form, formset, None)


@login_required
def candidate_edit_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_get(viewer=request.user, candidate_id=candidate_id)
    if not can_edit_candidate(request.user, candidate):
        raise PermissionDenied
    if request.method != "POST":
        rows = [{"language": row.language, "level": row.level} for row in candidate.languages.all()]
        return _profile_form_page(
            request,
            CandidateForm(instance=candidate, initial={"version": candidate.version}),
            LanguageFormSet(prefix="languages", initial=rows),
            candidate,
        )
    form = CandidateForm(request.POST, instance=candidate)
    formset = LanguageFormSet(request.POST, prefix="languages")
    if form.is_valid() and formset.is_valid():
        saved = form_write(
            form,
            lambda: candidate_update(
                actor=request.user,
                candidate=candidate,
                data=form.profile_data(),
                expected_version=form.cleaned_data["version"],
                expertise=form.cleaned_data["expertise"],
                languages=[row for _form, row in formset.rows()],
            ),
            add_error=partial(_add_errors, formset=formset),
        )
        if saved is not None:
            messages.success(request, _("The profile was saved."))
            return redirect("talent:candidate_detail", candidate_id=candidate.pk)
    return _profile_form_page(request, form, formset, candidate)


@login_required
@require_POST
def consent_give_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    candidate_consent_give(actor=request.user, candidate=candidate)
    messages.success(request, _("Thank you: your consent was recorded."))
    return redirect("talent:my_profile")


@login_required
def candidate_documents_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    documents = candidate_documents(viewer=request.user, candidate=candidate)
    context = {
        "candidate": candidate,
        "documents": documents,
        "can_upload": can_upload_document(request.user, candidate),
        "can_delete": can_delete_document(request.user, candidate),
    }
    return render(request, "talent/candidate_documents.html", context)


@login_required
def document_upload_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    if not can_upload_document(request.user, candidate):
        raise PermissionDenied
    if request.method != "POST":
        context = {"candidate": candidate, "form": DocumentUploadForm()}
        return render(request, "talent/document_upload.html", context)
    form = DocumentUploadForm(request.POST, request.FILES)
    document = form_write(
        form,
        lambda: document_upload(
            actor=request.user,
            candidate=candidate,
            kind=form.cleaned_data["kind"],
            file=form.cleaned_data["file"],
        ),
        add_error=_add_errors,
    )
    if document is not None:
        messages.success(request, _("The document was uploaded."))
        return redirect("talent:candidate_documents", candidate_id=candidate.pk)
    context = {"candidate": candidate, "form": form}
    return render(request, "talent/document_upload.html", context, status=422)


@login_required
def document_download_view(request: HttpRequest, candidate_id: int, document_id: int) -> HttpResponseBase:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    document = candidate_document(viewer=request.user, candidate=candidate, document_id=document_id)
    return document_response(document)


@login_required
@require_POST
def document_delete_view(request: HttpRequest, candidate_id: int, document_id: int) -> HttpResponse:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    if not can_delete_document(request.user, candidate):
        raise PermissionDenied
    document = candidate_document_get(candidate=candidate, document_id=document_id)
    document_delete(actor=request.user, document=document)
    messages.success(request, _("The document was deleted."))
    return redirect("talent:candidate_documents", candidate_id=candidate.pk)


@login_required
def candidate_disclosure_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    disclosure = candidate_disclosure(viewer=request.user, candidate=candidate)
    context = {
        "candidate": candidate,
        "disclosure": disclosure,
        "can_set": can_set_disclosure(request.user, candidate),
    }
    return render(request, "talent/candidate_disclosure.html", context)


@login_required
def disclosure_edit_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    if not can_set_disclosure(request.user, candidate):
        raise PermissionDenied
    if request.method != "POST":
        existing = candidate_disclosure(viewer=request.user, candidate=candidate)
        initial: dict[str, Any] = {}
        if existing is not None:
            initial = {
                "has_disability": existing.has_disability,
                "details": existing.details,
                "accommodation_needs": existing.accommodation_needs,
                "version": existing.version,
            }
        context = {"candidate": candidate, "form": DisclosureForm(initial=initial)}
        return render(request, "talent/disclosure_form.html", context)
    form = DisclosureForm(request.POST)
    disclosure = form_write(
        form,
        lambda: candidate_disclosure_set(
            actor=request.user,
            candidate=candidate,
            has_disability=form.cleaned_data["has_disability"],
            details=form.cleaned_data["details"],
            accommodation_needs=form.cleaned_data["accommodation_needs"],
            expected_version=form.cleaned_data["version"],
        ),
        add_error=_add_errors,
    )
    if disclosure is not None:
        messages.success(request, _("Your disclosure was saved."))
        return redirect("talent:candidate_disclosure", candidate_id=candidate.pk)
    return render(request, "talent/disclosure_form.html", {"candidate": candidate, "form": form}, status=422)


@login_required
@require_POST
def disclosure_withdraw_view(request: HttpRequest, candidate_id: int) -> HttpResponse:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    candidate_disclosure_withdraw(actor=request.user, candidate=candidate)
    messages.success(request, _("Your disclosure was withdrawn and deleted."))
    return redirect("talent:candidate_disclosure", candidate_id=candidate.pk)
