"""Who may see and do what in recruitment.

Reading (the ``*_scope`` filters; a hidden record answers exactly like a missing one, 404):

* Headquarters and recruiters: everything.
* Auditors: everything, read-only, but never an onboarding document or note.
* A field unit: applications, clearances, assessments, offers and onboarding tasks (not their
  documents or notes) of DoAs in its countries.
* A host focal point: only the applications of its entities' DoAs that were submitted to it
  (``submitted_at`` set: submitted or later; never one that was only applied, shortlisted or
  withdrawn before submission), their assessments and offers, the onboarding tasks' progress, never
  a clearance, a document or a note.
* A candidate: their own applications, offers and onboarding tasks (with their documents); never
  a clearance or an assessment (the host's working notes).
* A donor, and anyone not signed in: nothing.

Acting: recruiters and headquarters run recruitment (invite, add from the pool, shortlist,
clearances, submit to the host, offers, onboarding verification, entry on duty); the DoA's host
focal points (and headquarters) assess and select; the candidate applies, withdraws, answers an
offer and submits onboarding tasks. Onboarding documents (medical and bank details above all) are
read by the candidate, recruiters and headquarters only; every staff read is audited
(``selectors.onboarding_document_read``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from mobilize.accounts.models import Role
from mobilize.recruitment.models import Application, Clearance, Offer, OnboardingTask
from mobilize.requests.models import Doa

NOTHING = Q(pk__in=[])


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _recruits(user: Any) -> bool:
    return _signed_in(user) and user.has_role(Role.HQ, Role.RECRUITER)


def _application_q(user: Any, prefix: str) -> Q:
    """The applications ``user`` may see, as a filter on the model reached through ``prefix``."""
    if not _signed_in(user):
        return NOTHING
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return Q()
    if user.has_role(Role.FIELD_UNIT):
        return Q(**{f"{prefix}doa__country__in": user.country_ids()})
    if user.has_role(Role.HOST_FOCAL_POINT):
        return Q(
            **{
                f"{prefix}doa__host_entity__in": user.host_entity_ids(),
                f"{prefix}submitted_at__isnull": False,
            }
        )
    if user.has_role(Role.CANDIDATE):
        return Q(**{f"{prefix}candidate__user": user})
    return NOTHING


# --- visibility -------------------------------------------------------------------------------


def application_scope(user: Any) -> Q:
    """The applications ``user`` may read, as a filter on Application (see the module docstring)."""
    return _application_q(user, "")


def offer_scope(user: Any) -> Q:
    """The offers ``user`` may read: those of the applications they may read."""
    return _application_q(user, "application__")


def onboarding_task_scope(user: Any) -> Q:
    """The onboarding tasks ``user`` may read (their progress; documents: ``can_read_onboarding_details``)."""
    return _application_q(user, "offer__application__")


def clearance_scope(user: Any) -> Q:
    """The clearances ``user`` may read: UNV's staff only (not the host, not the candidate)."""
    if not _signed_in(user) or user.has_role(Role.HOST_FOCAL_POINT, Role.CANDIDATE):
        return NOTHING
    return _application_q(user, "application__")


def assessment_scope(user: Any) -> Q:
    """The assessments ``user`` may read: staff and the host, never the candidate."""
    if not _signed_in(user) or user.has_role(Role.CANDIDATE):
        return NOTHING
    return _application_q(user, "application__")


def application_access(*, user: Any, application_id: int) -> Application:
    """The application if ``user`` may read it; ``Http404`` if it is missing or hidden."""
    try:
        return (
            Application.objects.filter(application_scope(user))
            .select_related("doa__host_entity", "doa__country", "candidate")
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def offer_access(*, user: Any, offer_id: int) -> Offer:
    """The offer if ``user`` may read it; ``Http404`` if it is missing or hidden."""
    try:
        return (
            Offer.objects.filter(offer_scope(user))
            .select_related(
                "application__doa__host_entity", "application__candidate", "position__duty_station"
            )
            .get(pk=offer_id)
        )
    except (Offer.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def onboarding_task_access(*, user: Any, task_id: int) -> OnboardingTask:
    """The onboarding task if ``user`` may read it; ``Http404`` if it is missing or hidden."""
    try:
        return (
            OnboardingTask.objects.filter(onboarding_task_scope(user))
            .select_related("offer__application__candidate", "offer__application__doa")
            .get(pk=task_id)
        )
    except (OnboardingTask.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def clearance_access(*, user: Any, clearance_id: int) -> Clearance:
    """The clearance if ``user`` may read it; ``Http404`` if it is missing or hidden."""
    try:
        return (
            Clearance.objects.filter(clearance_scope(user))
            .select_related("application__doa", "application__candidate")
            .get(pk=clearance_id)
        )
    except (Clearance.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- opportunities ----------------------------------------------------------------------------


def can_browse_opportunities(user: Any) -> bool:
    """The published opportunities (DoAs being sourced) are for everybody signed in but donors."""
    return _signed_in(user) and not user.has_role(Role.DONOR)


def own_candidate(user: Any) -> Any:
    """``user``'s own candidate profile, or None (staff, or a volunteer without a profile yet)."""
    if not _signed_in(user) or not user.has_role(Role.CANDIDATE):
        return None
    try:
        return user.candidate
    except Exception:  # RelatedObjectDoesNotExist
        return None


def is_own_application(user: Any, application: Application) -> bool:
    return (
        _signed_in(user)
        and application.candidate.user_id is not None
        and application.candidate.user_id == user.pk
    )


def can_apply(user: Any, candidate: Any) -> bool:
    """A candidate applies (or accepts an invitation) for themselves only."""
    return _signed_in(user) and user.has_role(Role.CANDIDATE) and candidate.user_id == user.pk


def can_withdraw_application(user: Any, application: Application) -> bool:
    """Withdrawing is the candidate's own act."""
    return user_is_candidate_of(user, application)


def user_is_candidate_of(user: Any, application: Application) -> bool:
    return _signed_in(user) and user.has_role(Role.CANDIDATE) and is_own_application(user, application)


# --- recruiters' work -------------------------------------------------------------------------


def can_recruit(user: Any, doa: Doa | None = None) -> bool:
    """Invite, add from the pool, shortlist, decide clearances, submit to the host, make and
    withdraw offers, verify onboarding and record the entry on duty: recruiters and headquarters."""
    return _recruits(user)


FOLLOWER_ROLES = (Role.HQ, Role.RECRUITER, Role.AUDITOR, Role.FIELD_UNIT, Role.HOST_FOCAL_POINT)
"""Who follows a DoA's recruitment (each within the DoAs they see): recruiters and headquarters
act, the host assesses and selects, auditors and field units read."""


def follows_recruitment(user: Any, doa: Doa) -> bool:
    """Whether ``user`` follows the recruitment of ``doa``, a DoA they may see (the caller fetched
    it through ``doa_scope``): a role of ``FOLLOWER_ROLES``, and ``doa`` not a template."""
    return _signed_in(user) and not doa.is_template and user.has_role(*FOLLOWER_ROLES)


def can_assess(user: Any, application: Application) -> bool:
    """Record the assessment and select (preferred, reserve): the focal points of the DoA's host
    entity, and headquarters on their behalf."""
    if not _signed_in(user):
        return False
    if user.has_role(Role.HQ):
        return True
    return user.has_role(Role.HOST_FOCAL_POINT) and application.doa.host_entity_id in user.host_entity_ids()


def can_respond_offer(user: Any, offer: Offer) -> bool:
    """Accept or decline an offer: the candidate it was made to."""
    return user_is_candidate_of(user, offer.application)


def can_submit_onboarding(user: Any, task: OnboardingTask) -> bool:
    """Submit an onboarding task (and its document): the candidate."""
    return user_is_candidate_of(user, task.offer.application)


def can_read_onboarding_details(user: Any, task: OnboardingTask) -> bool:
    """Read an onboarding task's document and note (bank details, medical clearance ...): the
    candidate, recruiters and headquarters only."""
    return _recruits(user) or is_own_application(user, task.offer.application)


def can_read_offer_letter(user: Any, offer: Offer) -> bool:
    """Read the offer letter (PDF): the candidate, recruiters and headquarters."""
    return _recruits(user) or is_own_application(user, offer.application)
