"""The domain rules every generated assignment must keep, checked row by row over the database (test
code: the generator must never be trusted to check itself)."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from django.db.models import Count, Q

from mobilize.assignments.models import Assignment
from mobilize.lifecycle.models import ClosedAssignment, EndOfAssignment, Separation
from mobilize.reference.models import CategoryRule
from mobilize.synthetic.generator.data import LOCATIONS
from mobilize.talent.models import EDUCATION_RANK, EducationLevel, age_on, years_before


def _rule_on(rules: dict[int, list[CategoryRule]], category_id: int, day: dt.date) -> CategoryRule | None:
    found = [
        r
        for r in rules.get(category_id, [])
        if r.effective_from <= day and (r.effective_to is None or day <= r.effective_to)
    ]
    return found[-1] if found else None


def rule_violations(year: int) -> list[str]:
    """Every broken rule, one line per assignment and rule (empty when all hold)."""
    wrong: list[str] = []
    today = dt.date(year + 1, 1, 1)
    rows = Assignment.objects.select_related(
        "volunteer",
        "category",
        "duty_country",
        "home_country",
        "nationality",
        "host_entity",
        "position__doa",
        "position__duty_station",
        "duty_station",
    ).order_by("pk")
    by_volunteer: dict[int, list[Assignment]] = {}
    rules: dict[int, list[CategoryRule]] = {}
    for rule in CategoryRule.objects.order_by("effective_from"):
        rules.setdefault(rule.category_id, []).append(rule)
    closed = dict(ClosedAssignment.objects.values_list("assignment_id", "closure__closure_date"))
    ends = {
        end.assignment_id: end
        for end in EndOfAssignment.objects.annotate(
            left=Count("items", filter=Q(items__done_at__isnull=True)), items_count=Count("items")
        )
    }
    separated = dict(
        Separation.objects.filter(status=Separation.Status.ACCEPTED).values_list("assignment_id", "last_day")
    )
    for a in rows.iterator(chunk_size=2000):
        person = a.volunteer
        by_volunteer.setdefault(person.pk, []).append(a)
        ref = a.reference
        national = a.modality == "national"
        if national != (a.duty_country_id == a.home_country_id):
            wrong.append(
                f"{ref}: modality {a.modality} but duty {a.duty_country.iso2}, home {a.home_country.iso2}"
            )
        expected_home = person.residence_id if person.displacement != "none" else person.nationality_id
        if a.home_country_id != expected_home or a.nationality_id != person.nationality_id:
            wrong.append(f"{ref}: copied home country or nationality differs from the volunteer's")
        if a.displacement != person.displacement:
            wrong.append(f"{ref}: copied displacement differs from the volunteer's")
        if a.category.modality != a.modality:
            wrong.append(f"{ref}: category {a.category.code} is not {a.modality}")
        if a.duty_station.country_id != a.duty_country_id:
            wrong.append(f"{ref}: duty station outside the duty country")
        rule = _rule_on(rules, a.category_id, a.entry_on_duty)
        if rule is None:
            wrong.append(f"{ref}: no rule of {a.category.code} in force on {a.entry_on_duty}")
            continue
        days = (a.planned_end - a.entry_on_duty).days + 1
        if not rule.min_duration_days <= days <= rule.max_duration_days:
            wrong.append(f"{ref}: {days} days outside {rule.min_duration_days}-{rule.max_duration_days}")
        if age_on(person.date_of_birth, a.entry_on_duty) < rule.min_age:
            wrong.append(
                f"{ref}: aged {age_on(person.date_of_birth, a.entry_on_duty)} on entry, under {rule.min_age}"
            )
        if rule.max_age is not None:
            until = a.planned_end if rule.age_applies_through_end else a.entry_on_duty
            if age_on(person.date_of_birth, until) > rule.max_age:
                wrong.append(
                    f"{ref}: aged {age_on(person.date_of_birth, until)} on {until}, over {rule.max_age}"
                )
        if person.experience_months < rule.min_experience_months:
            wrong.append(
                f"{ref}: {person.experience_months} months of experience, under {rule.min_experience_months}"
            )
        if (
            rule.requires_degree
            and EDUCATION_RANK.get(person.education, -1) < EDUCATION_RANK[EducationLevel.BACHELOR]
        ):
            wrong.append(
                f"{ref}: {a.category.code} requires a degree, the volunteer has {person.education!r}"
            )
        if person.date_of_birth > years_before(a.entry_on_duty, 18):
            wrong.append(f"{ref}: under 18 on entry on duty")
        doa = a.position.doa if a.position else None
        if doa is None or doa.approved_at is None:
            wrong.append(f"{ref}: no approved DoA")
        else:
            if doa.approved_at.date() >= a.entry_on_duty:
                wrong.append(
                    f"{ref}: DoA approved {doa.approved_at.date()}, not before entry on duty "
                    f"{a.entry_on_duty}"
                )
            if doa.submitted_at is None or doa.submitted_at > doa.approved_at:
                wrong.append(f"{ref}: DoA approved before it was submitted")
            if (doa.status, a.position.status) != ("recruited", "filled"):
                wrong.append(f"{ref}: DoA {doa.status}, position {a.position.status}")
            if (doa.host_entity_id, doa.country_id, doa.category_id) != (
                a.host_entity_id,
                a.duty_country_id,
                a.category_id,
            ):
                wrong.append(f"{ref}: DoA host, country or category differs from the assignment's")
            if a.position.duty_station_id != a.duty_station_id:
                wrong.append(f"{ref}: position at another duty station")
        closed_on = closed.get(a.pk)
        if closed_on is not None:  # ended early by a mission closure, on the closure date
            if (a.status, a.actual_end) != ("terminated", closed_on) or a.planned_end <= closed_on:
                wrong.append(f"{ref}: closed on {closed_on} but {a.status}, actual end {a.actual_end}")
        elif a.pk in separated:  # ended early by a resignation or a termination, on its last day
            last_day = separated[a.pk]
            if (a.status, a.actual_end) != ("terminated", last_day) or last_day >= a.planned_end:
                wrong.append(f"{ref}: separated on {last_day} but {a.status}, actual end {a.actual_end}")
            if last_day < a.entry_on_duty:
                wrong.append(f"{ref}: last day {last_day} before the entry on duty")
        elif a.planned_end < today:
            if a.status != "completed" or a.actual_end != a.planned_end:
                wrong.append(f"{ref}: ended {a.planned_end} but {a.status}, actual end {a.actual_end}")
        elif a.status != "active" or a.actual_end is not None:
            wrong.append(f"{ref}: still serving on {today} but {a.status}")
        end = ends.get(a.pk)
        if a.actual_end is not None and closed_on is None:  # ended before the world's today
            if end is None or end.status != "cleared" or end.last_day != a.actual_end:
                wrong.append(f"{ref}: ended {a.actual_end} without a cleared end of assignment on that day")
            elif end.left or end.items_count != 4 or not end.rating or not end.certificate_number:
                wrong.append(f"{ref}: cleared with {end.left} checklist items left or no assessment")
            elif (
                not end.started_at <= end.assessed_at <= end.cleared_at
                or end.cleared_at.date() <= a.actual_end
            ):
                wrong.append(f"{ref}: end of assignment started, assessed and cleared out of order")
        elif end is not None and closed_on is None:
            wrong.append(f"{ref}: an end of assignment for an assignment still serving")
        location = LOCATIONS.get(a.host_entity.acronym)
        if location is not None and a.duty_country.iso2 not in location.countries:
            wrong.append(
                f"{ref}: {a.host_entity.acronym} serves in {location.countries}, not {a.duty_country.iso2}"
            )
        if location is not None and not location.first_year <= a.entry_on_duty.year <= location.last_year + 1:
            wrong.append(f"{ref}: {a.host_entity.acronym} did not exist in {a.entry_on_duty.year}")
        if (
            a.host_entity.country_id is not None
            and location is None
            and a.duty_country_id != a.host_entity.country_id
        ):
            wrong.append(f"{ref}: {a.host_entity.acronym} serves only in its country")
    for assignments in by_volunteer.values():
        assignments.sort(key=lambda a: a.entry_on_duty)
        for before, after in itertools.pairwise(assignments):
            if after.entry_on_duty <= (before.actual_end or before.planned_end):
                wrong.append(f"{after.reference}: overlaps {before.reference}")
            if before.host_entity_id != after.host_entity_id:
                wrong.append(f"{after.reference}: another host than {before.reference}")
    return wrong


def rows_digest() -> str:
    """A hash of the key columns of every generated row (no primary keys, which sequences decide)."""
    digest = hashlib.sha256()
    rows = Assignment.objects.order_by("reference").values_list(
        "reference",
        "volunteer__given_name",
        "volunteer__family_name",
        "volunteer__date_of_birth",
        "volunteer__gender",
        "volunteer__nationality__iso2",
        "volunteer__residence__iso2",
        "volunteer__education",
        "volunteer__experience_months",
        "volunteer__disability__has_disability",
        "duty_country__iso2",
        "duty_station__name",
        "host_entity__acronym",
        "category__code",
        "modality",
        "entry_on_duty",
        "planned_end",
        "actual_end",
        "status",
        "position__doa__approved_at",
        "position__doa__funding_type",
    )
    for row in rows.iterator(chunk_size=2000):
        digest.update(repr(row).encode())
    return digest.hexdigest()
