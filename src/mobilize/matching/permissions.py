"""Who may check eligibility and rank candidates for a DoA.

The DoA itself is fetched with ``requests.permissions.doa_access`` (404 when hidden); on a DoA they
can see, headquarters, recruiters and auditors (read-only, which ranking is) may rank for any DoA
and field units for the DoAs in their countries. Host focal points see their DoAs but may not rank
the talent pool: they see the candidates submitted to them, through recruitment (403).
Candidates and donors see no DoA (404).

Which candidates a ranking lists is further limited to those the viewer may see
(``talent.permissions.candidate_scope``): everyone for HQ, recruiters and auditors; for a field
unit, the candidates of, living in, or having served in its countries.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from mobilize.accounts.models import Role
from mobilize.requests.models import Doa
from mobilize.requests.permissions import doa_access


def can_rank_candidates(user: Any, doa: Doa) -> bool:
    """Whether ``user`` may see eligibility and the ranking for ``doa`` (which they can see)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return False
    if user.has_role(Role.HQ, Role.RECRUITER, Role.AUDITOR):
        return True
    if user.has_role(Role.FIELD_UNIT):
        return doa.country_id in user.country_ids()
    return False


def matching_doa_access(*, user: Any, doa_id: int) -> Doa:
    """The DoA ``doa_id`` for eligibility and ranking: ``Http404`` if missing or hidden from ``user``,
    ``PermissionDenied`` if visible but not theirs to rank for."""
    doa = doa_access(user=user, doa_id=doa_id)
    if not can_rank_candidates(user, doa):
        raise PermissionDenied
    return doa
