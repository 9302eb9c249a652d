"""Eligibility and the score of one candidate for one DoA, in Python and in words.

``sql.py`` states the same rules and the same integer score for the database; the tests hold the
two to agreement over a varied population.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mobilize.matching.facts import CandidateFacts
from mobilize.matching.terms import (
    DEGREE_NUMBER,
    EDUCATION_CREDIT,
    LANGUAGE_CREDIT,
    PERFORMANCE_CAP,
    DoaTerms,
    education_number,
)
from mobilize.matching.weights import COMPONENTS
from mobilize.talent.models import Candidate, EducationLevel, LanguageLevel, age_on

REASON_LABELS = {
    "rule": gettext_lazy("Category rule"),
    "age": gettext_lazy("Age"),
    "nationality": gettext_lazy("Nationality"),
    "refugee_status": gettext_lazy("Refugee or stateless status"),
    "experience": gettext_lazy("Experience"),
    "degree": gettext_lazy("Degree"),
    "service_limit": gettext_lazy("Service limit"),
    "language": gettext_lazy("Language"),
}
LEVEL_LABELS = {number: LanguageLevel.choices[number - 1][1] for number in range(1, len(LanguageLevel) + 1)}


@dataclass(frozen=True)
class Reason:
    """One rule checked: its code, what was found and what the rule asks, in words."""

    code: str
    message: str
    passed: bool

    @property
    def label(self) -> str:
        return str(REASON_LABELS[self.code])


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reasons: tuple[Reason, ...]

    @property
    def failures(self) -> tuple[Reason, ...]:
        return tuple(reason for reason in self.reasons if not reason.passed)

    @property
    def refusal(self) -> str:
        """The failed rules in words, one sentence each (empty when eligible)."""
        return " ".join(reason.message for reason in self.failures)


@dataclass(frozen=True)
class Component:
    """One part of a score: its weight, how much of it the candidate meets (``raw``, 0 to 1), what
    that earns (``points`` of ``max_points``) and why, in words."""

    name: str
    label: str
    weight: float
    raw: float
    points: float
    max_points: float
    detail: str


@dataclass(frozen=True)
class Score:
    units: int
    """Hundredths of a point, 0 to 10,000."""
    components: tuple[Component, ...]

    @property
    def points(self) -> float:
        return self.units / 100


def _age_reason(facts: CandidateFacts, terms: DoaTerms) -> Reason:
    rule = terms.rule
    assert rule is not None
    at_start, at_end = age_on(facts.date_of_birth, terms.start), age_on(facts.date_of_birth, terms.end)
    values = {
        "age": at_start,
        "end_age": at_end,
        "category": terms.category_name,
        "min": rule.min_age,
        "max": rule.max_age,
    }
    if rule.max_age is None:
        return Reason(
            "age",
            _("Age %(age)s at the start: the %(category)s category takes %(min)s or older.") % values,
            at_start >= rule.min_age,
        )
    if not rule.age_applies_through_end:
        return Reason(
            "age",
            _("Age %(age)s at the start: the %(category)s category takes %(min)s to %(max)s at the start.")
            % values,
            rule.min_age <= at_start <= rule.max_age,
        )
    passed = rule.min_age <= at_start and at_end <= rule.max_age
    if at_end != at_start:
        message = _(
            "Age %(age)s at the start and %(end_age)s at the planned end: the %(category)s category "
            "takes %(min)s to %(max)s, through the planned end."
        )
    else:
        message = _(
            "Age %(age)s at the start: the %(category)s category takes %(min)s to %(max)s, "
            "through the planned end."
        )
    return Reason("age", message % values, passed)


def _nationality_reason(facts: CandidateFacts, terms: DoaTerms, names: Mapping[int, str]) -> Reason:
    values = {
        "country": terms.country_name,
        "nationality": names.get(facts.nationality_id, ""),
        "residence": names.get(facts.residence_id, ""),
    }
    refugee = facts.displacement == Candidate.Displacement.REFUGEE
    if terms.national:
        if facts.home_country_id != terms.country_id:
            if not facts.displaced:
                message = _(
                    "A national of %(nationality)s: national assignments in %(country)s are for its "
                    "nationals "
                    "and for refugees and stateless persons resident there."
                )
            elif refugee:
                message = _(
                    "A refugee resident in %(residence)s: national assignments in %(country)s are for its "
                    "nationals and for refugees and stateless persons resident there."
                )
            else:
                message = _(
                    "A stateless person resident in %(residence)s: national assignments in %(country)s are "
                    "for its nationals and for refugees and stateless persons resident there."
                )
            return Reason("nationality", message % values, False)
        if not facts.displaced:
            message = _("A national of %(country)s: national assignments there are for its nationals.")
        elif refugee:
            message = _(
                "A refugee legally resident in %(country)s: national assignments there are open to refugees "
                "resident in the country."
            )
        else:
            message = _(
                "A stateless person legally resident in %(country)s: national assignments there are open to "
                "stateless persons resident in the country."
            )
        return Reason("nationality", message % values, True)
    if facts.nationality_id == terms.country_id:
        message = _(
            "A national of %(country)s: international assignments in %(country)s are for non-nationals."
        )
        return Reason("nationality", message % values, False)
    if facts.home_country_id == terms.country_id:
        if refugee:
            message = _(
                "A refugee resident in %(country)s serves there under the national modality, not as an "
                "international volunteer."
            )
        else:
            message = _(
                "A stateless person resident in %(country)s serves there under the national modality, not "
                "as an international volunteer."
            )
        return Reason("nationality", message % values, False)
    message = _(
        "A national of %(nationality)s: international assignments in %(country)s are for non-nationals."
    )
    return Reason("nationality", message % values, True)


def _service_reason(facts: CandidateFacts, terms: DoaTerms) -> Reason:
    rule = terms.rule
    assert rule is not None and rule.service_limit_days is not None
    age = age_on(facts.date_of_birth, terms.start)
    if rule.service_limit_exempt_age is not None and age >= rule.service_limit_exempt_age:
        message = _(
            "Age %(age)s at the start: from %(exempt)s the service limit of the %(category)s category "
            "does not apply."
        )
        values = {"age": age, "exempt": rule.service_limit_exempt_age, "category": terms.category_name}
        return Reason("service_limit", message % values, True)
    served = facts.served_days[terms.modality]
    total = served + terms.duration_days
    if terms.national:
        message = _(
            "%(served)s days already served under the national modality and %(days)s for this assignment "
            "make %(total)s: the limit is %(limit)s."
        )
    else:
        message = _(
            "%(served)s days already served under the international modality and %(days)s for this "
            "assignment make %(total)s: the limit is %(limit)s."
        )
    values = {"served": served, "days": terms.duration_days, "total": total, "limit": rule.service_limit_days}
    return Reason("service_limit", message % values, total <= rule.service_limit_days)


def _rule_reasons(facts: CandidateFacts, terms: DoaTerms) -> list[Reason]:
    rule = terms.rule
    if rule is None:
        message = _("No eligibility rule of the %(category)s category is in force on %(date)s.")
        return [
            Reason(
                "rule", message % {"category": terms.category_name, "date": terms.start.isoformat()}, False
            )
        ]
    reasons = [_age_reason(facts, terms)]
    values = {
        "category": terms.category_name,
        "min": rule.min_experience_months,
        "months": facts.experience_months,
    }
    if rule.min_experience_months:
        message = _("%(months)s months of experience: the %(category)s category asks for at least %(min)s.")
        reasons.append(
            Reason("experience", message % values, facts.experience_months >= rule.min_experience_months)
        )
    if rule.requires_degree:
        level = EducationLevel(facts.education).label if facts.education else _("none given")
        message = _(
            "Education: %(level)s. The %(category)s category requires a university degree "
            "(bachelor's or above)."
        )
        passed = education_number(facts.education) >= DEGREE_NUMBER
        reasons.append(Reason("degree", message % {"level": level, "category": terms.category_name}, passed))
    if rule.service_limit_days is not None:
        reasons.append(_service_reason(facts, terms))
    return reasons


def eligibility_of(
    facts: CandidateFacts, terms: DoaTerms, *, country_names: Mapping[int, str]
) -> Eligibility:
    """Every rule of the DoA's category in force at the start, and its required languages."""
    reasons = _rule_reasons(facts, terms)
    reasons.insert(min(len(reasons), 1), _nationality_reason(facts, terms, country_names))
    if terms.refugee_category:
        values = {"category": terms.category_name}
        if facts.displacement == Candidate.Displacement.REFUGEE:
            message = _(
                "Recognized as a refugee: the %(category)s category is for refugees and stateless persons."
            )
        elif facts.displaced:
            message = _("Stateless: the %(category)s category is for refugees and stateless persons.")
        else:
            message = _(
                "Neither a refugee nor stateless: the %(category)s category is for refugees and "
                "stateless persons."
            )
        reasons.append(Reason("refugee_status", message % values, facts.displaced))
    for term in terms.required_languages:
        number = facts.languages.get(term.language_id, 0)
        values = {
            "language": term.name,
            "level": term.level_label,
            "actual": str(LEVEL_LABELS.get(number, "")),
        }
        if number:
            message = _("Speaks %(language)s (%(actual)s): %(level)s or above required.")
        else:
            message = _("%(language)s is not among the candidate's languages: %(level)s or above required.")
        reasons.append(Reason("language", message % values, number >= term.number))
    return Eligibility(eligible=all(reason.passed for reason in reasons), reasons=tuple(reasons))


def _expertise(facts: CandidateFacts, terms: DoaTerms) -> tuple[int, int, str]:
    if not terms.expertise:
        return 1, 1, _("The DoA names no expertise area.")
    matched = [name for area_id, name in terms.expertise if area_id in facts.expertise]
    values = {"matched": len(matched), "asked": len(terms.expertise), "names": ", ".join(matched) or "—"}
    return (
        len(matched),
        len(terms.expertise),
        _("%(matched)s of the %(asked)s areas asked for: %(names)s.") % values,
    )


def _languages(facts: CandidateFacts, terms: DoaTerms) -> tuple[int, int, str]:
    if not terms.languages:
        return 1, 1, _("The DoA names no language.")
    earned, parts = 0, []
    for term in terms.languages:
        number = facts.languages.get(term.language_id, 0)
        earned += term.weight * min(number, term.number) * (LANGUAGE_CREDIT // term.number)
        values = {
            "language": term.name,
            "actual": LEVEL_LABELS.get(number, _("none")),
            "level": term.level_label,
        }
        if term.required:
            parts.append(_("%(language)s %(actual)s (%(level)s required)") % values)
        else:
            parts.append(_("%(language)s %(actual)s (%(level)s desirable)") % values)
    total = LANGUAGE_CREDIT * sum(term.weight for term in terms.languages)
    return earned, total, "; ".join(parts) + "."


def _experience(facts: CandidateFacts, terms: DoaTerms) -> tuple[int, int, str]:
    target = terms.experience_target
    values = {"months": facts.experience_months, "target": target, "minimum": terms.minimum_experience}
    detail = _("%(months)s months of experience (%(minimum)s asked); full points from %(target)s.") % values
    return min(facts.experience_months, target), target, detail


def _education(facts: CandidateFacts, terms: DoaTerms) -> tuple[int, int, str]:
    level = EducationLevel(facts.education).label if facts.education else _("none given")
    if not terms.education:
        return 1, 1, _("Education: %(level)s; the DoA asks for no level.") % {"level": level}
    asked = terms.education_number
    earned = min(education_number(facts.education), asked) * (EDUCATION_CREDIT // asked)
    values = {"level": level, "asked": EducationLevel(terms.education).label}
    return earned, EDUCATION_CREDIT, _("Education: %(level)s; %(asked)s asked.") % values


def _availability(facts: CandidateFacts, terms: DoaTerms) -> tuple[int, int, str]:
    if facts.available_from is None:
        return 1, 1, _("No availability date given: counted as available now.")
    values = {"date": facts.available_from.isoformat(), "start": terms.start.isoformat()}
    detail = _("Available from %(date)s; the assignment starts on %(start)s.") % values
    return int(facts.available_from <= terms.start), 1, detail


def _duty_station(facts: CandidateFacts, terms: DoaTerms) -> tuple[int, int, str]:
    met, parts = [], []
    values = {"country": terms.country_name}
    if terms.national:
        lives_there = facts.residence_id == terms.country_id
        met.append(lives_there)
        parts.append(
            _("lives in %(country)s") % values if lives_there else _("lives outside %(country)s") % values
        )
    onsite = facts.interest != Candidate.Interest.ONLINE
    met.append(onsite)
    parts.append(
        _("interested in onsite assignments") if onsite else _("interested in online assignments only")
    )
    if terms.driving_licence_required:
        met.append(facts.has_driving_licence)
        parts.append(
            _("has a driving licence") if facts.has_driving_licence else _("no driving licence (required)")
        )
    detail = "; ".join(parts)
    return sum(met), len(met), detail[:1].upper() + detail[1:] + "."


def _performance(facts: CandidateFacts, terms: DoaTerms) -> tuple[int, int, str]:
    values = {"count": facts.completed_assignments, "cap": PERFORMANCE_CAP}
    detail = _("%(count)s completed assignments with the programme; full points from %(cap)s.") % values
    return min(facts.completed_assignments, PERFORMANCE_CAP), PERFORMANCE_CAP, detail


PARTS = {
    "expertise": _expertise,
    "languages": _languages,
    "experience": _experience,
    "education": _education,
    "availability": _availability,
    "duty_station": _duty_station,
    "performance": _performance,
}


def score_of(facts: CandidateFacts, terms: DoaTerms) -> Score:
    """The score out of 100 with its components; each earns ``units x met // out of``."""
    components, total = [], 0
    for name, label in COMPONENTS.items():
        met, out_of, detail = PARTS[name](facts, terms)
        units = terms.units[name] * met // out_of
        total += units
        components.append(
            Component(
                name=name,
                label=str(label),
                weight=terms.weights[name],
                raw=round(met / out_of, 4),
                points=units / 100,
                max_points=terms.units[name] / 100,
                detail=detail,
            )
        )
    return Score(units=total, components=tuple(components))
