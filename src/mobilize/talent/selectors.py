"""Reads on the talent pool: scoped by ``candidate_scope``, joins declared, deterministic order.

The three reads of personal data (``candidate_documents``, ``candidate_document``,
``candidate_disclosure``) check their own permission and record every read by anyone but the
person with ``audit_personal_read``: call them only when the data is really shown or sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mobilize.core.audit import audit_personal_read
from mobilize.talent.models import (
    EDUCATION_RANK,
    LANGUAGE_LEVEL_RANK,
    Candidate,
    CandidateDocument,
    CandidateLanguage,
    DisabilityDisclosure,
    years_before,
)
from mobilize.talent.permissions import (
    can_read_disclosure,
    can_read_documents,
    candidate_scope,
    is_staff_read,
)


@dataclass(frozen=True)
class CandidateFilters:
    """The talent-pool search; every criterion is optional and they combine with AND.

    ``q`` matches every word against given name, family name or email. ``interest`` is
    ``onsite`` or ``online`` (a candidate interested in both matches either). ``education`` and
    ``language_level`` are minimums. Ages are on ``age_on`` (default: today). ``available_by``
    keeps candidates available on or before that day, counting those who gave no date as
    available now.
    """

    q: str = ""
    nationality: int | None = None
    residence: int | None = None
    gender: str = ""
    expertise: int | None = None
    language: int | None = None
    language_level: str = ""
    interest: str = ""
    education: str = ""
    experience_min: int | None = None
    age_min: int | None = None
    age_max: int | None = None
    age_on: dt.date | None = None
    available_by: dt.date | None = None
    displacement: str = ""


def _with_profile(qs: QuerySet[Candidate]) -> QuerySet[Candidate]:
    return qs.select_related("nationality", "residence").prefetch_related(
        Prefetch("languages", queryset=CandidateLanguage.objects.select_related("language")),
        "expertise",
    )


def _at_least(rank: dict[str, int], minimum: str) -> list[str]:
    return [value for value, r in rank.items() if r >= rank[minimum]]


def _filtered(qs: QuerySet[Candidate], f: CandidateFilters) -> QuerySet[Candidate]:
    for word in f.q.split():
        qs = qs.filter(
            Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(email__icontains=word)
        )
    if f.nationality is not None:
        qs = qs.filter(nationality=f.nationality)
    if f.residence is not None:
        qs = qs.filter(residence=f.residence)
    if f.gender:
        qs = qs.filter(gender=f.gender)
    if f.expertise is not None:
        qs = qs.filter(pk__in=Candidate.objects.filter(expertise=f.expertise).values("pk"))
    if f.language is not None or f.language_level:
        rows = CandidateLanguage.objects.all()
        if f.language is not None:
            rows = rows.filter(language=f.language)
        if f.language_level:
            rows = rows.filter(level__in=_at_least(LANGUAGE_LEVEL_RANK, f.language_level))
        qs = qs.filter(pk__in=rows.values("candidate"))
    if f.interest:
        qs = qs.filter(interest__in=[f.interest, Candidate.Interest.BOTH])
    if f.education:
        qs = qs.filter(education__in=_at_least(EDUCATION_RANK, f.education))
    if f.experience_min is not None:
        qs = qs.filter(experience_months__gte=f.experience_min)
    day = f.age_on or timezone.localdate()
    if f.age_min is not None:
        qs = qs.filter(date_of_birth__lte=years_before(day, f.age_min))
    if f.age_max is not None:
        qs = qs.filter(date_of_birth__gt=years_before(day, f.age_max + 1))
    if f.available_by is not None:
        qs = qs.filter(Q(available_from__isnull=True) | Q(available_from__lte=f.available_by))
    if f.displacement:
        qs = qs.filter(displacement=f.displacement)
    return qs


def candidate_list(*, viewer: Any, filters: CandidateFilters | None = None) -> QuerySet[Candidate]:
    """The candidates ``viewer`` may see that match ``filters``, by family name, given name, id;
    nationality, residence, languages and expertise come with them (three queries in all)."""
    qs = _filtered(Candidate.objects.filter(candidate_scope(viewer)), filters or CandidateFilters())
    return _with_profile(qs).order_by("family_name", "given_name", "pk")


def candidate_get(*, viewer: Any, candidate_id: int) -> Candidate:
    """One candidate with their profile's relations; 404 if missing or hidden."""
    try:
        return _with_profile(Candidate.objects.filter(candidate_scope(viewer))).get(pk=candidate_id)
    except Candidate.DoesNotExist:
        raise Http404 from None


def candidate_of_user(*, user: Any) -> Candidate | None:
    """The signed-in person's own profile, if they have one."""
    if not getattr(user, "is_authenticated", False):
        return None
    return _with_profile(Candidate.objects.filter(user=user)).first()


def candidate_documents(*, viewer: Any, candidate: Candidate) -> list[CandidateDocument]:
    """The documents of ``candidate``, newest first; a read by staff is recorded."""
    if not can_read_documents(viewer, candidate):
        raise PermissionDenied
    documents = list(candidate.documents.order_by("-created_at", "-pk"))
    if is_staff_read(viewer, candidate):
        audit_personal_read(actor=viewer, subject=candidate, what="documents")
    return documents


def candidate_document(*, viewer: Any, candidate: Candidate, document_id: int) -> CandidateDocument:
    """One document of ``candidate``, to download; 404 if it is not theirs, 403 if ``viewer`` may
    see the profile but not its documents. A read by staff is recorded."""
    if not can_read_documents(viewer, candidate):
        raise PermissionDenied
    try:
        document = candidate.documents.get(pk=document_id)
    except CandidateDocument.DoesNotExist:
        raise Http404 from None
    if is_staff_read(viewer, candidate):
        audit_personal_read(actor=viewer, subject=candidate, what="documents")
    return document


def candidate_document_get(*, candidate: Candidate, document_id: int) -> CandidateDocument:
    """One document of ``candidate``, to change it (not to read it: nothing is recorded); 404 if
    it is not theirs. Check the permission to act first, so nobody learns which documents exist."""
    try:
        return candidate.documents.get(pk=document_id)
    except CandidateDocument.DoesNotExist:
        raise Http404 from None


def candidate_disclosure(*, viewer: Any, candidate: Candidate) -> DisabilityDisclosure | None:
    """The disability disclosure of ``candidate`` (None if they made none); 403 for anyone but the
    person, HQ and auditors, whether or not one exists. A read by staff is recorded."""
    if not can_read_disclosure(viewer, candidate):
        raise PermissionDenied
    disclosure = DisabilityDisclosure.objects.filter(candidate=candidate).first()
    if is_staff_read(viewer, candidate):
        audit_personal_read(actor=viewer, subject=candidate, what="disability")
    return disclosure
