"""What a DoA asks of a candidate, read once: the category rule in force, the dates, the languages,
the expertise, and the score's parameters. Eligibility and the score, in Python and in SQL alike,
read only this and the candidate's facts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mobilize.matching.weights import matching_weights, point_allocation
from mobilize.reference.models import CategoryRule, Modality
from mobilize.requests.models import Doa, DoaLanguage
from mobilize.talent.models import EDUCATION_RANK, LANGUAGE_LEVEL_RANK, LanguageLevel

EXPERIENCE_FLOOR_MONTHS = 12
"""Experience earns full points at twice the minimum asked, and never below twice this."""
PERFORMANCE_CAP = 2
"""Completed assignments beyond this earn nothing more."""
REQUIRED_LANGUAGE_WEIGHT = 2
DESIRABLE_LANGUAGE_WEIGHT = 1
LANGUAGE_CREDIT = 12
"""A language at the level asked earns 12; below it, 12 x its level number / the level number asked
(12 is divisible by every level number 1 to 4, so the credit is a whole number)."""
EDUCATION_CREDIT = 60
"""The same for education over the five levels (60 is divisible by 1 to 5)."""
DEGREE_NUMBER = EDUCATION_RANK["bachelor"] + 1


def level_number(level: str) -> int:
    """A language level as a number: 0 none, 1 basic, 2 intermediate, 3 fluent, 4 native."""
    return LANGUAGE_LEVEL_RANK[level] + 1 if level else 0


def education_number(level: str) -> int:
    """An education level as a number: 0 none given, 1 secondary ... 5 doctorate."""
    return EDUCATION_RANK[level] + 1 if level else 0


@dataclass(frozen=True)
class LanguageTerm:
    language_id: int
    name: str
    level: str
    required: bool

    @property
    def number(self) -> int:
        return level_number(self.level)

    @property
    def level_label(self) -> str:
        return str(LanguageLevel(self.level).label)

    @property
    def weight(self) -> int:
        return REQUIRED_LANGUAGE_WEIGHT if self.required else DESIRABLE_LANGUAGE_WEIGHT


@dataclass(frozen=True)
class DoaTerms:
    """A DoA's requirements on the day its assignment would start (``start``; ``end`` keeps the
    DoA's duration)."""

    doa_id: int
    country_id: int
    country_name: str
    category_name: str
    modality: str
    refugee_category: bool
    rule: CategoryRule | None
    start: dt.date
    end: dt.date
    languages: tuple[LanguageTerm, ...]
    expertise: tuple[tuple[int, str], ...]
    education: str
    doa_min_experience: int
    driving_licence_required: bool
    weights: dict[str, float] = field(default_factory=dict)
    units: dict[str, int] = field(default_factory=dict)

    @property
    def national(self) -> bool:
        return self.modality == Modality.NATIONAL

    @property
    def duration_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def required_languages(self) -> tuple[LanguageTerm, ...]:
        return tuple(term for term in self.languages if term.required)

    @property
    def minimum_experience(self) -> int:
        """The larger of the rule's minimum and the DoA's."""
        return max(self.rule.min_experience_months if self.rule else 0, self.doa_min_experience)

    @property
    def experience_target(self) -> int:
        """Months of experience that earn full points."""
        return 2 * max(self.minimum_experience, EXPERIENCE_FLOOR_MONTHS)

    @property
    def education_number(self) -> int:
        return education_number(self.education)


def doa_terms(doa: Doa, *, on: dt.date | None = None, weights: dict[str, float] | None = None) -> DoaTerms:
    """The terms of ``doa`` for an assignment starting on ``on`` (default: the DoA's start date).

    Three queries (the rule, the languages, the expertise), fewer when the DoA came with its
    category, languages or expertise already loaded."""
    start = on or doa.start_date
    end = start + (doa.end_date - doa.start_date)
    category = doa.category
    languages = tuple(
        LanguageTerm(
            language_id=row.language_id, name=str(row.language), level=row.level, required=row.required
        )
        for row in DoaLanguage.objects.filter(doa=doa)
        .select_related("language")
        .order_by("-required", "language_id")
    )
    weights = weights if weights is not None else matching_weights()
    return DoaTerms(
        doa_id=doa.pk,
        country_id=doa.country_id,
        country_name=doa.country.name,
        category_name=str(category),
        modality=category.modality,
        refugee_category=category.is_refugee,
        rule=category.rule_on(start),
        start=start,
        end=end,
        languages=languages,
        expertise=tuple(sorted((area.pk, str(area)) for area in doa.expertise.all())),
        education=doa.education,
        doa_min_experience=doa.min_experience_months,
        driving_licence_required=doa.driving_licence_required,
        weights=weights,
        units=point_allocation(weights),
    )
