"""The rules of ``rules.py`` for the database: eligibility as a filter on the talent pool (over the
normalized tables, or over the feature table), and the same integer score as an expression."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import (
    BigIntegerField,
    Case,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce, Least

from mobilize.assignments.models import Assignment
from mobilize.core.expressions import DayNumber
from mobilize.matching.models import CandidateFeatures, expertise_slot, language_slot
from mobilize.matching.terms import (
    DEGREE_NUMBER,
    EDUCATION_CREDIT,
    LANGUAGE_CREDIT,
    PERFORMANCE_CAP,
    DoaTerms,
    LanguageTerm,
    level_number,
)
from mobilize.reference.models import Modality
from mobilize.talent.models import (
    EDUCATION_RANK,
    LANGUAGE_LEVEL_RANK,
    Candidate,
    CandidateLanguage,
    years_before,
)

NOBODY = Q(pk__in=[])
DISPLACED = [Candidate.Displacement.REFUGEE, Candidate.Displacement.STATELESS]


def _int(value: int) -> Value:
    return Value(value, output_field=BigIntegerField())


def _least(a: Combinable, b: Combinable) -> Least:
    return Least(a, b, output_field=BigIntegerField())


def _age_q(terms: DoaTerms, field: str = "date_of_birth") -> Q:
    """Born early enough to be ``min_age`` at the start, late enough to be at most ``max_age`` at
    the start (or, for youth, at the planned end)."""
    rule = terms.rule
    assert rule is not None
    q = Q(**{f"{field}__lte": years_before(terms.start, rule.min_age)})
    if rule.max_age is not None:
        last_day = terms.end if rule.age_applies_through_end else terms.start
        q &= Q(**{f"{field}__gt": years_before(last_day, rule.max_age + 1)})
    return q


def _exempt_q(terms: DoaTerms, field: str = "date_of_birth") -> Q:
    rule = terms.rule
    assert rule is not None
    if rule.service_limit_exempt_age is None:
        return NOBODY
    return Q(**{f"{field}__lte": years_before(terms.start, rule.service_limit_exempt_age)})


def _levels_from(level: str) -> list[str]:
    return [value for value, rank in LANGUAGE_LEVEL_RANK.items() if rank >= LANGUAGE_LEVEL_RANK[level]]


def eligible_q(terms: DoaTerms) -> Q:
    """Eligibility as a filter on ``Candidate``, over the normalized tables."""
    rule = terms.rule
    if rule is None:
        return NOBODY
    home_is_country = Q(displacement=Candidate.Displacement.NONE, nationality=terms.country_id) | Q(
        displacement__in=DISPLACED, residence=terms.country_id
    )
    q = _age_q(terms) & (
        home_is_country if terms.national else ~Q(nationality=terms.country_id) & ~home_is_country
    )
    if terms.refugee_category:
        q &= Q(displacement__in=DISPLACED)
    if rule.min_experience_months:
        q &= Q(experience_months__gte=rule.min_experience_months)
    if rule.requires_degree:
        q &= Q(education__in=[value for value, rank in EDUCATION_RANK.items() if rank + 1 >= DEGREE_NUMBER])
    for term in terms.required_languages:
        speaks = CandidateLanguage.objects.filter(
            candidate=OuterRef("pk"), language_id=term.language_id, level__in=_levels_from(term.level)
        )
        q &= Q(Exists(speaks))
    if rule.service_limit_days is not None:
        allowance = rule.service_limit_days - terms.duration_days
        if allowance < 0:
            within = NOBODY
        else:
            days = DayNumber(Coalesce("actual_end", "planned_end")) - DayNumber("entry_on_duty") + 1
            over = (
                Assignment.objects.filter(modality=terms.modality)
                .exclude(status=Assignment.Status.CANCELLED)
                .values("volunteer")
                .annotate(served=Sum(days))
                .filter(served__gt=allowance)
                .values("volunteer")
            )
            within = ~Q(pk__in=over)
        q &= within | _exempt_q(terms)
    return q


# --- Over the feature table --------------------------------------------------------------------


def _level(term: LanguageTerm) -> Combinable:
    """The candidate's level number in the term's language, from the packed words if it is there."""
    slot = language_slot(term.language_id)
    if slot is not None:
        return F(f"language_{slot[0]}").bitrightshift(slot[1]).bitand(7)
    number = Case(
        *[When(level=value, then=_int(level_number(value))) for value in LANGUAGE_LEVEL_RANK],
        default=_int(0),
    )
    row = CandidateLanguage.objects.filter(
        candidate_id=OuterRef("candidate_id"), language_id=term.language_id
    )
    return Coalesce(Subquery(row.values(number=number)[:1]), _int(0))


def _has_area(area_id: int) -> Combinable:
    slot = expertise_slot(area_id)
    if slot is not None:
        return F(f"expertise_{slot[0]}").bitrightshift(slot[1]).bitand(1)
    area = Candidate.expertise.through.objects.filter(
        candidate_id=OuterRef("candidate_id"), expertisearea_id=area_id
    )
    return Case(When(Exists(area), then=_int(1)), default=_int(0))


def _flag(q: Q) -> Combinable:
    return Case(When(q, then=_int(1)), default=_int(0))


def _sum(parts: Sequence[Combinable]) -> Combinable:
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def eligible_features(terms: DoaTerms) -> QuerySet[CandidateFeatures]:
    """The eligible candidates' feature rows (the rules of ``eligible_q`` over the feature table)."""
    rule = terms.rule
    if rule is None:
        return CandidateFeatures.objects.none()
    qs = CandidateFeatures.objects.filter(_age_q(terms))
    if terms.national:
        qs = qs.filter(home_country=terms.country_id)
    else:
        qs = qs.exclude(nationality=terms.country_id).exclude(home_country=terms.country_id)
    if terms.refugee_category:
        qs = qs.filter(displaced=True)
    if rule.min_experience_months:
        qs = qs.filter(experience_months__gte=rule.min_experience_months)
    if rule.requires_degree:
        qs = qs.filter(education_level__gte=DEGREE_NUMBER)
    for index, term in enumerate(terms.required_languages):
        qs = qs.alias(**{f"required_{index}": _level(term)}).filter(**{f"required_{index}__gte": term.number})
    if rule.service_limit_days is not None:
        served = (
            "served_national_days" if terms.modality == Modality.NATIONAL else "served_international_days"
        )
        allowance = rule.service_limit_days - terms.duration_days
        qs = qs.filter(Q(**{f"{served}__lte": allowance}) | _exempt_q(terms))
    return qs


def score_expression(terms: DoaTerms) -> Combinable:
    """The score in units, as ``rules.score_of`` computes it, over the feature table."""
    parts: dict[str, tuple[Combinable, int]] = {}
    if terms.expertise:
        parts["expertise"] = (
            _sum([_has_area(area_id) for area_id, _name in terms.expertise]),
            len(terms.expertise),
        )
    if terms.languages:
        earned = [
            _least(_level(term), _int(term.number)) * _int(term.weight * (LANGUAGE_CREDIT // term.number))
            for term in terms.languages
        ]
        parts["languages"] = (_sum(earned), LANGUAGE_CREDIT * sum(term.weight for term in terms.languages))
    target = terms.experience_target
    parts["experience"] = (_least(F("experience_months"), _int(target)), target)
    if terms.education:
        asked = terms.education_number
        parts["education"] = (
            _least(F("education_level"), _int(asked)) * _int(EDUCATION_CREDIT // asked),
            EDUCATION_CREDIT,
        )
    parts["availability"] = (_flag(Q(available_from__isnull=True) | Q(available_from__lte=terms.start)), 1)
    station: list[Combinable] = [_flag(Q(onsite=True))]
    if terms.national:
        station.append(_flag(Q(residence=terms.country_id)))
    if terms.driving_licence_required:
        station.append(_flag(Q(has_driving_licence=True)))
    parts["duty_station"] = (_sum(station), len(station))
    parts["performance"] = (_least(F("completed_assignments"), _int(PERFORMANCE_CAP)), PERFORMANCE_CAP)
    terms_of_score: list[Combinable] = []
    for name, units in terms.units.items():
        if name not in parts:  # a requirement the DoA does not make: full points for everyone
            terms_of_score.append(_int(units))
            continue
        met, out_of = parts[name]
        terms_of_score.append(_int(units) * met / _int(out_of))
    return _sum(terms_of_score)
