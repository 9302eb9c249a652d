"""Eligibility and ranked matching: the reads other apps call.

* ``candidate_eligibility``: may this candidate serve this DoA? Every rule checked, in words.
* ``eligible_candidates_q``: the same rules as a filter on ``Candidate``, run by the database.
* ``candidate_rank``: the talent pool (or a list of applicants) ranked for a DoA, each score with
  its components.
* ``candidate_match``: eligibility and score of one candidate for one DoA.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from mobilize.matching.facts import CandidateFacts, load_facts, scalars_of
from mobilize.matching.rules import Component, Eligibility, Reason, Score, eligibility_of, score_of
from mobilize.matching.sql import eligible_features, eligible_q, score_expression
from mobilize.matching.terms import DoaTerms, doa_terms
from mobilize.requests.models import Doa
from mobilize.talent.models import Candidate
from mobilize.talent.permissions import candidate_scope

__all__ = [
    "Component",
    "Eligibility",
    "RankedCandidate",
    "Reason",
    "Score",
    "candidate_eligibility",
    "candidate_match",
    "candidate_rank",
    "candidates_visible",
    "eligible_candidates_q",
]

logger = logging.getLogger(__name__)

Scope = Literal["pool", "applicants"]
SCOPES: tuple[str, ...] = ("pool", "applicants")
MAX_LIMIT = 200


@dataclass(frozen=True)
class RankedCandidate:
    """A candidate in a ranking: ``rank`` (1 = best) and ``score`` only when eligible."""

    candidate: Candidate
    rank: int | None
    eligibility: Eligibility
    score: Score | None

    @property
    def eligible(self) -> bool:
        return self.eligibility.eligible

    @property
    def points(self) -> float | None:
        return self.score.points if self.score is not None else None

    @property
    def components(self) -> tuple[Component, ...]:
        return self.score.components if self.score is not None else ()


def _names(candidate: Candidate) -> dict[int, str]:
    return {
        candidate.nationality_id: candidate.nationality.name,
        candidate.residence_id: candidate.residence.name,
    }


def _judge(candidate: Candidate, facts: CandidateFacts, terms: DoaTerms) -> tuple[Eligibility, Score | None]:
    eligibility = eligibility_of(facts, terms, country_names=_names(candidate))
    return eligibility, score_of(facts, terms) if eligibility.eligible else None


def candidate_eligibility(*, candidate: Candidate, doa: Doa, on: dt.date | None = None) -> Eligibility:
    """Whether ``candidate`` may serve ``doa``, by the rule of its category in force on ``on`` (the
    intended entry on duty, by default the DoA's start date; the planned end keeps the DoA's
    duration), with every rule checked in words.

    Checks: the category rule in force; age at the start, and for youth through the planned end; the
    nationality rule (national: the home country, i.e. nationality, or residence for a refugee or
    stateless person, is the DoA's country; international: neither nationality nor home country is);
    the Refugee UN Volunteer category's refugee or stateless status; minimum experience; a degree
    where the rule requires one; the service limit under the category's modality (days already
    served plus this assignment's, unless at or above the exempt age); the required languages at
    their levels."""
    terms = doa_terms(doa, on=on)
    facts = load_facts(ids=[candidate.pk], scalars=[scalars_of(candidate)])[candidate.pk]
    return eligibility_of(facts, terms, country_names=_names(candidate))


def candidate_match(*, candidate: Candidate, doa: Doa, on: dt.date | None = None) -> RankedCandidate:
    """Eligibility and, when eligible, the score of ``candidate`` for ``doa`` (``rank`` is None)."""
    terms = doa_terms(doa, on=on)
    facts = load_facts(ids=[candidate.pk], scalars=[scalars_of(candidate)])[candidate.pk]
    eligibility, score = _judge(candidate, facts, terms)
    return RankedCandidate(candidate=candidate, rank=None, eligibility=eligibility, score=score)


def eligible_candidates_q(doa: Doa, *, on: dt.date | None = None) -> Q:
    """The rules of ``candidate_eligibility`` as a filter on ``Candidate``, for the database:
    ``Candidate.objects.filter(eligible_candidates_q(doa))`` is the eligible part of the pool."""
    return eligible_q(doa_terms(doa, on=on))


def _judged(
    ids: list[int], terms: DoaTerms, viewer: object | None
) -> list[tuple[Candidate, Eligibility, Score | None]]:
    qs = Candidate.objects.filter(pk__in=ids).select_related("nationality", "residence")
    if viewer is not None:
        qs = qs.filter(candidate_scope(viewer))
    candidates = list(qs.order_by("pk"))
    facts = load_facts(ids=[c.pk for c in candidates], scalars=[scalars_of(c) for c in candidates])
    return [(c, *_judge(c, facts[c.pk], terms)) for c in candidates]


def _pool(terms: DoaTerms, *, limit: int, viewer: object | None) -> list[RankedCandidate]:
    qs = eligible_features(terms)
    if viewer is not None:
        scope = candidate_scope(viewer)
        if scope != Q():
            qs = qs.filter(candidate__in=Candidate.objects.filter(scope).values("pk"))
    top = list(
        qs.annotate(score=score_expression(terms))
        .order_by("-score", "candidate_id")
        .values_list("candidate_id", "score")[:limit]
    )
    judged = _judged([candidate_id for candidate_id, _units in top], terms, None)
    database_units = dict(top)
    stale = [c.pk for c, eligibility, score in judged if score is None or score.units != database_units[c.pk]]
    if stale:
        logger.warning(
            "matching: %d feature rows were out of date; run `mobilize matching_refresh`.", len(stale)
        )
    ranked = sorted(
        [(c, eligibility, score) for c, eligibility, score in judged if score is not None],
        key=lambda row: (-row[2].units, row[0].pk),
    )
    return [
        RankedCandidate(candidate=c, rank=index, eligibility=eligibility, score=score)
        for index, (c, eligibility, score) in enumerate(ranked, start=1)
    ]


def _applicants(
    terms: DoaTerms, candidates: Iterable[Candidate | int], *, limit: int, viewer: object | None
) -> list[RankedCandidate]:
    ids = sorted({c if isinstance(c, int) else c.pk for c in candidates})
    eligible: list[tuple[Candidate, Eligibility, Score]] = []
    ineligible: list[RankedCandidate] = []
    for candidate, eligibility, score in _judged(ids, terms, viewer):
        if score is None:
            ineligible.append(
                RankedCandidate(candidate=candidate, rank=None, eligibility=eligibility, score=None)
            )
        else:
            eligible.append((candidate, eligibility, score))
    eligible.sort(key=lambda row: (-row[2].units, row[0].pk))
    ranked = [
        RankedCandidate(candidate=c, rank=index, eligibility=eligibility, score=score)
        for index, (c, eligibility, score) in enumerate(eligible, start=1)
    ]
    return (ranked + ineligible)[:limit]


def candidate_rank(
    *,
    doa: Doa,
    scope: Scope = "pool",
    candidates: Iterable[Candidate | int] | None = None,
    limit: int = 50,
    viewer: object | None = None,
) -> list[RankedCandidate]:
    """The best ``limit`` candidates for ``doa``, best first, ties by candidate id.

    ``scope="pool"`` ranks the eligible part of the whole talent pool in the database (over the
    feature table, see ``models``) and explains only those returned. ``scope="applicants"`` ranks
    ``candidates`` (instances or ids, e.g. a DoA's applicants): the eligible ones ranked, then the
    ineligible ones by id with the reasons, all within ``limit``. With ``viewer`` only the
    candidates they may see are considered (``talent.permissions.candidate_scope``)."""
    if scope not in SCOPES:
        raise ValidationError({"scope": [_("Choose the talent pool or the applicants.")]})
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError({"limit": [_("Ask for 1 to %(max)s candidates.") % {"max": MAX_LIMIT}]})
    terms = doa_terms(doa)
    if scope == "pool":
        return _pool(terms, limit=limit, viewer=viewer)
    if candidates is None:
        raise ValidationError({"candidates": [_("Name the applicants to rank.")]})
    return _applicants(terms, candidates, limit=limit, viewer=viewer)


def candidates_visible(*, viewer: object, ids: Iterable[int]) -> list[int]:
    """``ids``, once every one is a candidate ``viewer`` may see; ``Http404`` if any is missing or
    hidden (alike)."""
    wanted = set(ids)
    visible = set(
        Candidate.objects.filter(candidate_scope(viewer), pk__in=wanted).values_list("pk", flat=True)
    )
    if visible != wanted:
        raise Http404
    return sorted(visible)
