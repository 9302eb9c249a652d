"""What matching knows of a candidate: their profile, languages, expertise and service record,
loaded for many candidates at once (four queries), and packed into a feature row."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from mobilize.assignments.models import Assignment
from mobilize.matching.models import (
    EXPERTISE_WORDS,
    LANGUAGE_WORDS,
    CandidateFeatures,
    expertise_slot,
    language_slot,
)
from mobilize.matching.terms import education_number, level_number
from mobilize.reference.models import Modality
from mobilize.talent.models import Candidate, CandidateLanguage

SCALARS = (
    "pk",
    "date_of_birth",
    "nationality_id",
    "residence_id",
    "displacement",
    "education",
    "experience_months",
    "interest",
    "available_from",
    "has_driving_licence",
)


@dataclass(frozen=True)
class CandidateFacts:
    candidate_id: int
    date_of_birth: dt.date
    nationality_id: int
    residence_id: int
    displacement: str
    education: str
    experience_months: int
    interest: str
    available_from: dt.date | None
    has_driving_licence: bool
    languages: Mapping[int, int]
    """Language id -> level number (1 basic ... 4 native)."""
    expertise: frozenset[int]
    served_days: Mapping[str, int]
    """Modality -> days of assignments under it that were not cancelled (planned days for open ones)."""
    completed_assignments: int

    @property
    def displaced(self) -> bool:
        return self.displacement != Candidate.Displacement.NONE

    @property
    def home_country_id(self) -> int:
        """Nationality, or for a refugee or stateless person the country of legal residence."""
        return self.residence_id if self.displaced else self.nationality_id


def _related(ids: Sequence[int] | None, id_range: tuple[int, int] | None, field: str) -> Q:
    if ids is not None:
        return Q(**{f"{field}__in": ids})
    assert id_range is not None
    return Q(**{f"{field}__gte": id_range[0], f"{field}__lt": id_range[1]})


def load_facts(
    *,
    ids: Sequence[int] | None = None,
    id_range: tuple[int, int] | None = None,
    scalars: Iterable[tuple[Any, ...]] | None = None,
) -> dict[int, CandidateFacts]:
    """The facts of the candidates ``ids`` (or with ``id_range[0] <= id < id_range[1]``), by id.

    Four queries: the profiles (skipped when ``scalars`` gives their ``SCALARS`` rows), their
    languages, their expertise and their assignments."""
    if scalars is None:
        scalars = Candidate.objects.filter(_related(ids, id_range, "pk")).order_by("pk").values_list(*SCALARS)
    languages: dict[int, dict[int, int]] = defaultdict(dict)
    for candidate_id, language_id, level in CandidateLanguage.objects.filter(
        _related(ids, id_range, "candidate_id")
    ).values_list("candidate_id", "language_id", "level"):
        languages[candidate_id][language_id] = level_number(level)
    expertise: dict[int, set[int]] = defaultdict(set)
    for candidate_id, area_id in Candidate.expertise.through.objects.filter(
        _related(ids, id_range, "candidate_id")
    ).values_list("candidate_id", "expertisearea_id"):
        expertise[candidate_id].add(area_id)
    served: dict[int, dict[str, int]] = defaultdict(lambda: {Modality.NATIONAL: 0, Modality.INTERNATIONAL: 0})
    completed: dict[int, int] = defaultdict(int)
    for volunteer_id, modality, start, planned_end, actual_end, status in (
        Assignment.objects.filter(_related(ids, id_range, "volunteer_id"))
        .exclude(status=Assignment.Status.CANCELLED)
        .values_list("volunteer_id", "modality", "entry_on_duty", "planned_end", "actual_end", "status")
    ):
        served[volunteer_id][modality] += ((actual_end or planned_end) - start).days + 1
        completed[volunteer_id] += status == Assignment.Status.COMPLETED
    return {
        row[0]: CandidateFacts(
            candidate_id=row[0],
            date_of_birth=row[1],
            nationality_id=row[2],
            residence_id=row[3],
            displacement=row[4],
            education=row[5],
            experience_months=row[6],
            interest=row[7],
            available_from=row[8],
            has_driving_licence=row[9],
            languages=languages.get(row[0], {}),
            expertise=frozenset(expertise.get(row[0], ())),
            served_days=served[row[0]],
            completed_assignments=completed.get(row[0], 0),
        )
        for row in scalars
    }


def scalars_of(candidate: Candidate) -> tuple[Any, ...]:
    """A loaded candidate as the row ``load_facts`` would read (saves a query)."""
    return tuple(getattr(candidate, name) for name in SCALARS)


def features_values(facts: CandidateFacts) -> dict[str, Any]:
    """The feature row of a candidate as field name -> value (see ``models`` for the packing)."""
    values: dict[str, Any] = {f"language_{word}": 0 for word in range(LANGUAGE_WORDS)}
    values.update({f"expertise_{word}": 0 for word in range(EXPERTISE_WORDS)})
    for language_id, number in facts.languages.items():
        slot = language_slot(language_id)
        if slot is not None:
            values[f"language_{slot[0]}"] |= number << slot[1]
    for area_id in facts.expertise:
        slot = expertise_slot(area_id)
        if slot is not None:
            values[f"expertise_{slot[0]}"] |= 1 << slot[1]
    values.update(
        candidate_id=facts.candidate_id,
        date_of_birth=facts.date_of_birth,
        nationality=facts.nationality_id,
        residence=facts.residence_id,
        home_country=facts.home_country_id,
        displaced=facts.displaced,
        education_level=education_number(facts.education),
        experience_months=facts.experience_months,
        onsite=facts.interest != Candidate.Interest.ONLINE,
        available_from=facts.available_from,
        has_driving_licence=facts.has_driving_licence,
        served_national_days=facts.served_days[Modality.NATIONAL],
        served_international_days=facts.served_days[Modality.INTERNATIONAL],
        completed_assignments=facts.completed_assignments,
    )
    return values


def features_row(facts: CandidateFacts) -> CandidateFeatures:
    return CandidateFeatures(**features_values(facts))
