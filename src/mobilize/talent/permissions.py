"""Who sees which candidate profile, and who may do what with it.

Visibility (``candidate_scope``):

* HQ, recruiters and auditors: every candidate.
* A field unit: candidates whose nationality or residence is one of its countries, or who have an
  assignment whose duty country is one of them.
* A host focal point: candidates with an assignment at one of its entities.
* A candidate: their own profile only.
* A donor, and anyone not signed in: none.

A hidden profile answers exactly like a missing one (404). The personal data attached to a profile
has narrower rules: documents (``can_read_documents``) and the disability disclosure
(``can_read_disclosure``); whether a disclosure exists is itself part of it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role
from mobilize.talent.models import Candidate

NOTHING = Q(pk__in=[])


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def candidate_scope(user: Any) -> Q:
    """The candidates ``user`` may read (see the module docstring)."""
    if not _signed_in(user):
        return NOTHING
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        countries = user.country_ids()
        serving_there = Candidate.objects.filter(assignments__duty_country__in=countries).values("pk")
        return Q(nationality__in=countries) | Q(residence__in=countries) | Q(pk__in=serving_there)
    if user.has_role(Role.HOST_FOCAL_POINT):
        hosted = Candidate.objects.filter(assignments__host_entity__in=user.host_entity_ids()).values("pk")
        return Q(pk__in=hosted)
    if user.has_role(Role.CANDIDATE):
        return Q(user=user)
    return NOTHING


def candidate_access(*, user: Any, candidate_id: int) -> Candidate:
    """The candidate if ``user`` may see them; 404 if missing or hidden alike."""
    try:
        return Candidate.objects.filter(candidate_scope(user)).get(pk=candidate_id)
    except Candidate.DoesNotExist:
        raise Http404 from None


def _in_scope(user: Any, candidate: Candidate) -> bool:
    return Candidate.objects.filter(candidate_scope(user), pk=candidate.pk).exists()


def is_own_profile(user: Any, candidate: Candidate) -> bool:
    return _signed_in(user) and candidate.user_id is not None and candidate.user_id == user.pk


def can_browse_candidates(user: Any) -> bool:
    """The talent-pool search is for programme staff and host focal points; a candidate has
    their own profile page instead, and a donor sees no candidates."""
    return _signed_in(user) and user.has_role(
        Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT
    )


def can_have_own_profile(user: Any) -> bool:
    """Candidates (and volunteers) have a profile of their own; staff do not."""
    return _signed_in(user) and user.has_role(Role.CANDIDATE)


def can_create_candidate(user: Any) -> bool:
    """HQ and recruiters create any profile; a candidate creates their own (one per person)."""
    return _signed_in(user) and user.has_role(Role.HQ, Role.RECRUITER, Role.CANDIDATE)


def can_edit_candidate(user: Any, candidate: Candidate) -> bool:
    """HQ and recruiters edit any profile, a field unit those in its scope, a candidate their own.
    Auditors, donors and host focal points never write."""
    if not _signed_in(user):
        return False
    if user.has_role(Role.HQ, Role.RECRUITER):
        return True
    if user.has_role(Role.FIELD_UNIT):
        return _in_scope(user, candidate)
    return user.has_role(Role.CANDIDATE) and is_own_profile(user, candidate)


def can_read_documents(user: Any, candidate: Candidate) -> bool:
    """The person, HQ, recruiters, auditors, and a field unit for candidates in its scope."""
    if not _signed_in(user):
        return False
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return True
    if user.has_role(Role.FIELD_UNIT):
        return _in_scope(user, candidate)
    return is_own_profile(user, candidate)


def can_upload_document(user: Any, candidate: Candidate) -> bool:
    """Whoever may edit the profile may attach a document to it."""
    return can_edit_candidate(user, candidate)


def can_delete_document(user: Any, candidate: Candidate) -> bool:
    """Only the person and HQ delete a document."""
    return _signed_in(user) and (user.has_role(Role.HQ) or is_own_profile(user, candidate))


def can_read_disclosure(user: Any, candidate: Candidate) -> bool:
    """The person, HQ and auditors; nobody else learns whether a disclosure exists."""
    return _signed_in(user) and (user.has_role(Role.HQ, Role.AUDITOR) or is_own_profile(user, candidate))


def can_set_disclosure(user: Any, candidate: Candidate) -> bool:
    """Disclosure is voluntary: only the person makes, changes or withdraws it."""
    return is_own_profile(user, candidate)


def can_give_consent(user: Any, candidate: Candidate) -> bool:
    """Consent to the processing of personal data is the person's own act."""
    return is_own_profile(user, candidate)


def is_staff_read(user: Any, candidate: Candidate) -> bool:
    """Whether ``user`` reading ``candidate``'s personal data must be recorded: any reader but the
    person themselves."""
    return not is_own_profile(user, candidate)
