"""The matching API under /api/v1/matching/: one candidate's eligibility for a DoA, and the ranked
list for a DoA (the talent pool, or named applicants), every score with its components."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Query, Router, Schema

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.matching.permissions import matching_doa_access
from mobilize.matching.schemas import RankedCandidateOut, ranked_fields
from mobilize.matching.selectors import (
    MAX_LIMIT,
    RankedCandidate,
    candidate_match,
    candidate_rank,
    candidates_visible,
)
from mobilize.matching.weights import matching_weights
from mobilize.talent.permissions import candidate_access

router = Router(tags=["matching"])


class EligibilityOut(RankedCandidateOut):
    doa: int


class RankingOut(Schema):
    doa: int
    doa_reference: str
    scope: str
    weights: dict[str, float]
    results: list[RankedCandidateOut]


class RankingQueryIn(Schema):
    scope: Literal["pool", "applicants"] = "pool"
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    candidate: list[int] = Field([], description="With scope=applicants: the candidates to rank (repeat it).")


def _ranked(row: RankedCandidate, *, doa_id: int | None = None) -> RankedCandidateOut:
    if doa_id is not None:
        return EligibilityOut(**ranked_fields(row), doa=doa_id)
    return RankedCandidateOut(**ranked_fields(row))


@router.get("/doas/{doa_id}/eligibility/{candidate_id}", response={200: EligibilityOut, **ERROR_RESPONSES})
def eligibility_get_api(request: AuthedRequest, doa_id: int, candidate_id: int) -> RankedCandidateOut:
    """Whether the candidate may serve the DoA, every rule in words, and the score when eligible."""
    doa = matching_doa_access(user=request.user, doa_id=doa_id)
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    return _ranked(candidate_match(candidate=candidate, doa=doa), doa_id=doa.pk)


@router.get("/doas/{doa_id}/ranking", response={200: RankingOut, **ERROR_RESPONSES})
def ranking_get_api(request: AuthedRequest, doa_id: int, query: Query[RankingQueryIn]) -> RankingOut:
    """The best candidates for the DoA, best first (ties by candidate id): the eligible part of the
    talent pool you may see, or the named applicants (eligible ones ranked, then the others with
    their reasons)."""
    doa = matching_doa_access(user=request.user, doa_id=doa_id)
    candidates = None
    if query.scope == "applicants":
        candidates = candidates_visible(viewer=request.user, ids=query.candidate)
    ranked = candidate_rank(
        doa=doa, scope=query.scope, candidates=candidates, limit=query.limit, viewer=request.user
    )
    return RankingOut(
        doa=doa.pk,
        doa_reference=doa.reference,
        scope=query.scope,
        weights=matching_weights(),
        results=[_ranked(row) for row in ranked],
    )
