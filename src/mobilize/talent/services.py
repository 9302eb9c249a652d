"""Writes on the talent pool: profiles, languages, consent, the disability disclosure, documents.

Every function checks its permission (``PermissionDenied``), runs in one transaction, validates
with ``full_clean`` (``ValidationError`` naming the field or row), and writes the audit record. A
refused write leaves nothing behind, stored files included.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mobilize.accounts.models import Role, User
from mobilize.core.audit import audit_record, diff, snapshot
from mobilize.core.errors import ApplicationError, StaleObjectError
from mobilize.core.uploads import display_name, upload_errors
from mobilize.core.writes import check_version, create_validated, locked, update_validated
from mobilize.matching.services import candidate_features_refresh
from mobilize.reference.models import ExpertiseArea, Language
from mobilize.statistics.services import statistics_facts_refresh
from mobilize.talent.models import (
    Candidate,
    CandidateDocument,
    CandidateLanguage,
    DisabilityDisclosure,
    LanguageLevel,
)
from mobilize.talent.permissions import (
    can_create_candidate,
    can_delete_document,
    can_edit_candidate,
    can_give_consent,
    can_set_disclosure,
    can_upload_document,
)

PROFILE_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "email",
        "nationality",
        "date_of_birth",
        "gender",
        "residence",
        "displacement",
        "education",
        "experience_months",
        "interest",
        "available_from",
        "has_driving_licence",
    }
)
"""What a profile edit may change; ``nationality`` and ``residence`` take a Country or its id."""

_FOREIGN_KEYS = frozenset({"nationality", "residence"})


@dataclass(frozen=True)
class LanguageRow:
    """One language a candidate speaks: a Language or its id, and a ``LanguageLevel`` value."""

    language: Language | int | None
    level: str


def _profile_values(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    return {
        (f"{name}_id" if name in _FOREIGN_KEYS and not isinstance(value, models.Model) else name): value
        for name, value in data.items()
    }


def _expertise_areas(areas: Iterable[ExpertiseArea | int]) -> list[ExpertiseArea]:
    ids = sorted({a.pk if isinstance(a, ExpertiseArea) else a for a in areas})
    found = list(ExpertiseArea.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {a.pk for a in found})
    if missing:
        raise ValidationError(
            {
                "expertise": [
                    _("No expertise area has the id %(ids)s.") % {"ids": ", ".join(str(i) for i in missing)}
                ]
            }
        )
    return found


def _require_consent(candidate: Candidate) -> None:
    if candidate.consent_at is None:
        raise ApplicationError(
            _("The person has not consented to the processing of their data yet."),
            field="consent",
            code="consent_required",
        )


@transaction.atomic
def candidate_create(
    *,
    actor: Any,
    data: Mapping[str, Any],
    expertise: Iterable[ExpertiseArea | int] = (),
    languages: Sequence[LanguageRow] = (),
) -> Candidate:
    """Create a profile. A candidate creates their own, once (a second is refused, 409); HQ and
    recruiters create a profile for someone without an account."""
    if not can_create_candidate(actor):
        raise PermissionDenied
    candidate = Candidate(**_profile_values(data))
    if actor.has_role(Role.CANDIDATE):
        # Lock the person's account row: two registrations sent at once cannot both pass the check.
        User.objects.select_for_update().get(pk=actor.pk)
        if Candidate.objects.filter(user=actor).exists():
            raise ApplicationError(_("You already have a profile."), code="profile_exists")
        candidate.user = actor
        candidate.email = candidate.email or actor.email
    areas = _expertise_areas(expertise)
    candidate = create_validated(
        instance=candidate, actor=actor, verb="candidate.created", m2m={"expertise": areas}
    )
    changes = _languages_replace(candidate=candidate, rows=languages)
    if changes:
        audit_record(actor=actor, verb="candidate.languages_set", target=candidate, changes=changes)
    candidate_features_refresh(candidate_ids=[candidate.pk])
    statistics_facts_refresh(candidate_ids=[candidate.pk])
    return candidate


@transaction.atomic
def candidate_update(
    *,
    actor: Any,
    candidate: Candidate,
    data: Mapping[str, Any],
    expected_version: int | None,
    expertise: Iterable[ExpertiseArea | int] | None = None,
    languages: Sequence[LanguageRow] | None = None,
) -> Candidate:
    """Change a profile (and, when given, its expertise and languages) if nobody changed it since
    ``expected_version``."""
    if not can_edit_candidate(actor, candidate):
        raise PermissionDenied
    values = _profile_values(data)
    m2m = {"expertise": _expertise_areas(expertise)} if expertise is not None else None
    candidate = update_validated(
        instance=candidate,
        data=values,
        actor=actor,
        verb="candidate.updated",
        expected_version=expected_version,
        m2m=m2m,
    )
    if languages is not None:
        changes = _languages_replace(candidate=candidate, rows=languages)
        if changes:
            audit_record(actor=actor, verb="candidate.languages_set", target=candidate, changes=changes)
    candidate_features_refresh(candidate_ids=[candidate.pk])
    # Gender and date of birth are counted by the statistics (languages are not: no refresh there).
    statistics_facts_refresh(candidate_ids=[candidate.pk])
    return candidate


@transaction.atomic
def candidate_languages_set(
    *,
    actor: Any,
    candidate: Candidate,
    rows: Sequence[LanguageRow],
    expected_version: int | None = None,
) -> Candidate:
    """Replace the languages of a profile. A language listed twice is refused, naming the row."""
    if not can_edit_candidate(actor, candidate):
        raise PermissionDenied
    obj = locked(candidate)
    check_version(obj, expected_version)
    changes = _languages_replace(candidate=obj, rows=rows)
    obj.version += 1
    obj.save(update_fields=["version", "updated_at"])
    audit_record(actor=actor, verb="candidate.languages_set", target=obj, changes=changes)
    candidate_features_refresh(candidate_ids=[obj.pk])
    return obj


def _languages_replace(*, candidate: Candidate, rows: Sequence[LanguageRow]) -> dict[str, Any]:
    """Validate ``rows`` (errors keyed ``languages.<index>.<field>``, index from 0, the message
    naming rows from 1) and replace the candidate's languages; the change, for the audit."""
    ids = {r.language.pk if isinstance(r.language, Language) else r.language for r in rows}
    known = {lang.pk: lang for lang in Language.objects.filter(pk__in=[i for i in ids if i is not None])}
    errors: dict[str, list[str]] = {}
    first_row: dict[int, int] = {}
    new: list[CandidateLanguage] = []
    for index, row in enumerate(rows):
        language_id = row.language.pk if isinstance(row.language, Language) else row.language
        key = f"languages.{index}"
        if language_id is None or language_id not in known:
            errors[f"{key}.language"] = [_("Row %(row)s: choose a known language.") % {"row": index + 1}]
        elif language_id in first_row:
            errors[f"{key}.language"] = [
                _("Row %(row)s: %(language)s is already listed in row %(first)s.")
                % {"row": index + 1, "language": known[language_id], "first": first_row[language_id] + 1}
            ]
        else:
            first_row[language_id] = index
        if row.level not in LanguageLevel.values:
            errors[f"{key}.level"] = [_("Row %(row)s: choose a level.") % {"row": index + 1}]
        if language_id in known:
            new.append(CandidateLanguage(candidate=candidate, language=known[language_id], level=row.level))
    if errors:
        raise ValidationError(errors)
    before = sorted(candidate.languages.values_list("language__code", "level"))
    after = sorted((row.language.code, row.level) for row in new)
    if before == after:
        return {}
    candidate.languages.all().delete()
    CandidateLanguage.objects.bulk_create(new)
    return {"languages": [[list(pair) for pair in before], [list(pair) for pair in after]]}


@transaction.atomic
def candidate_link_user(*, actor: Any, candidate: Candidate, user: User) -> Candidate:
    """Attach a profile made by staff to the person's own account (headquarters only), so that they
    sign in to see it; an account has at most one profile."""
    if not getattr(actor, "is_authenticated", False) or not actor.has_role(Role.HQ):
        raise PermissionDenied
    if Candidate.objects.filter(user=user).exclude(pk=candidate.pk).exists():
        raise ApplicationError(_("This account already has a profile."), field="user")
    return update_validated(
        instance=candidate, data={"user": user}, actor=actor, verb="candidate.user_linked"
    )


@transaction.atomic
def candidate_consent_give(*, actor: Any, candidate: Candidate) -> Candidate:
    """The person consents to the processing of their data; giving it again changes nothing."""
    if not can_give_consent(actor, candidate):
        raise PermissionDenied
    obj = locked(candidate)
    if obj.consent_at is not None:
        return obj
    return update_validated(
        instance=obj, data={"consent_at": timezone.now()}, actor=actor, verb="candidate.consent_given"
    )


_DISCLOSURE_FIELDS = ("has_disability", "details", "accommodation_needs")


@transaction.atomic
def candidate_disclosure_set(
    *,
    actor: Any,
    candidate: Candidate,
    has_disability: bool,
    details: str = "",
    accommodation_needs: str = "",
    expected_version: int | None = None,
) -> DisabilityDisclosure:
    """Make or change the person's own, voluntary disability disclosure. The audit record names the
    fields that changed, never their content."""
    if not can_set_disclosure(actor, candidate):
        raise PermissionDenied
    candidate = locked(candidate)
    _require_consent(candidate)
    disclosure = DisabilityDisclosure.objects.select_for_update().filter(candidate=candidate).first()
    values = {
        "has_disability": has_disability,
        "details": details,
        "accommodation_needs": accommodation_needs,
    }
    if disclosure is None:
        if expected_version is not None:
            raise StaleObjectError(_("This disclosure was withdrawn since you opened it; reload the page."))
        disclosure = DisabilityDisclosure(candidate=candidate, **values)
        verb, changed = "disclosure.made", list(_DISCLOSURE_FIELDS)
    else:
        check_version(disclosure, expected_version)
        changed = [name for name, value in values.items() if getattr(disclosure, name) != value]
        for name, value in values.items():
            setattr(disclosure, name, value)
        disclosure.version += 1
        verb = "disclosure.changed"
    disclosure.full_clean()
    disclosure.save()
    audit_record(actor=actor, verb=verb, target=disclosure, detail=", ".join(changed))
    statistics_facts_refresh(candidate_ids=[candidate.pk])
    return disclosure


@transaction.atomic
def candidate_disclosure_withdraw(*, actor: Any, candidate: Candidate) -> None:
    """The person withdraws their disclosure: it is deleted. Withdrawing none changes nothing."""
    if not can_set_disclosure(actor, candidate):
        raise PermissionDenied
    disclosure = DisabilityDisclosure.objects.select_for_update().filter(candidate=candidate).first()
    if disclosure is None:
        return
    audit_record(actor=actor, verb="disclosure.withdrawn", target=disclosure)
    disclosure.delete()
    statistics_facts_refresh(candidate_ids=[candidate.pk])


def _upload_errors(kind: str, file: UploadedFile | None) -> tuple[dict[str, list[str]], str]:
    """What is wrong with an upload (by field), and the content type read from its first bytes."""
    errors: dict[str, list[str]] = {}
    if kind not in CandidateDocument.Kind.values:
        errors["kind"] = [_("Choose a kind of document.")]
    if file is None:
        errors["file"] = [_("Choose a file to upload.")]
        return errors, ""
    file_errors, content_type = upload_errors(file)
    if file_errors:
        errors["file"] = file_errors
    return errors, content_type


# What the audit trail says of a document (the stored file's path is no business of the trail).
_DOCUMENT_AUDIT_FIELDS = ("kind", "original_name", "content_type", "size")


@transaction.atomic
def document_upload(
    *, actor: Any, candidate: Candidate, kind: str, file: UploadedFile | None
) -> CandidateDocument:
    """Store a document of ``candidate`` (PDF, JPEG or PNG, by content; at most
    ``MOBILIZE_MAX_DOCUMENT_BYTES``) under the private MEDIA_ROOT. Needs the person's consent."""
    if not can_upload_document(actor, candidate):
        raise PermissionDenied
    candidate = locked(candidate)
    _require_consent(candidate)
    errors, content_type = _upload_errors(kind, file)
    if errors or file is None:
        raise ValidationError(errors)
    document = CandidateDocument(
        candidate=candidate,
        kind=kind,
        original_name=display_name(file.name),
        content_type=content_type,
        size=file.size or 0,
    )
    document.file.save(f"upload.{CandidateDocument.CONTENT_TYPES[content_type]}", file, save=False)
    try:
        document.full_clean()
        document.save()
    except BaseException:
        document.file.delete(save=False)
        raise
    described = snapshot(document, _DOCUMENT_AUDIT_FIELDS)
    audit_record(actor=actor, verb="document.uploaded", target=document, changes=diff({}, described))
    return document


@transaction.atomic
def document_delete(*, actor: Any, document: CandidateDocument) -> None:
    """The person or HQ deletes a document; the stored file goes once the deletion is committed."""
    if not can_delete_document(actor, document.candidate):
        raise PermissionDenied
    obj = locked(document)
    audit_record(
        actor=actor,
        verb="document.deleted",
        target=obj,
        changes={name: [value, None] for name, value in snapshot(obj, _DOCUMENT_AUDIT_FIELDS).items()},
    )
    storage, name = obj.file.storage, obj.file.name
    obj.delete()
    transaction.on_commit(lambda: storage.delete(name))
