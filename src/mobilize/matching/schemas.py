"""The API schemas of a ranked candidate (score components and eligibility reasons), shared by the
matching API and the recruitment API (which adds the application to each row). Schemas only: no
route here, so another app's API may use them."""

from typing import Any

from ninja import Schema

from mobilize.matching.rules import Component, Reason
from mobilize.matching.selectors import RankedCandidate


class ReasonOut(Schema):
    code: str
    label: str
    message: str
    passed: bool


class ComponentOut(Schema):
    name: str
    label: str
    weight: float
    raw: float
    points: float
    max_points: float
    detail: str


class RankedCandidateOut(Schema):
    """A candidate for a DoA: ``rank`` and ``score`` (out of 100) only when eligible; ``reasons``
    lists every rule checked."""

    candidate: int
    candidate_name: str
    rank: int | None
    eligible: bool
    score: float | None
    components: list[ComponentOut]
    reasons: list[ReasonOut]


def components_out(components: tuple[Component, ...]) -> list[ComponentOut]:
    return [ComponentOut(**vars(c)) for c in components]


def reasons_out(reasons: tuple[Reason, ...]) -> list[ReasonOut]:
    return [ReasonOut(code=r.code, label=r.label, message=r.message, passed=r.passed) for r in reasons]


def ranked_fields(row: RankedCandidate) -> dict[str, Any]:
    """The fields of ``RankedCandidateOut`` (or a schema extending it) for ``row``."""
    return {
        "candidate": row.candidate.pk,
        "candidate_name": row.candidate.full_name,
        "rank": row.rank,
        "eligible": row.eligible,
        "score": row.points,
        "components": components_out(row.components),
        "reasons": reasons_out(row.eligibility.reasons),
    }
