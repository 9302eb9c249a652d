"""Writing the plan: candidates (with languages, expertise and disclosures), DoAs with their language
requirement and position, the recruitment trail that led to each assignment (the application with
a time stamp for every stage, the host's assessment and the accepted offer), and assignments, by
bulk inserts in batches; then the talent pool of candidates who never served, streamed batch by
batch so that memory stays flat.

Rows carry historical creation times (a DoA created when it was submitted, an assignment when its
volunteer entered on duty), so the model fields' automatic "now" is switched off while writing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.db import models, transaction

from mobilize.assignments.models import Assignment, Dependant
from mobilize.entitlements.selectors import RateBook, rate_book_load
from mobilize.geo.models import DutyStation
from mobilize.lifecycle.models import ChecklistItem, EndOfAssignment, Extension, Separation
from mobilize.lifecycle.selectors.rates import leave_owing
from mobilize.recruitment.models import Application, Assessment, Offer
from mobilize.reference.models import FundingType, Modality
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.synthetic.generator.closures import ClosurePlan
from mobilize.synthetic.generator.data import FAMILY_NAMES, GIVEN_NAMES
from mobilize.synthetic.generator.plan import Person, Plan, Slot
from mobilize.synthetic.generator.separations import PlannedSeparation
from mobilize.synthetic.generator.world import World
from mobilize.talent.models import (
    Candidate,
    CandidateLanguage,
    DisabilityDisclosure,
    EducationLevel,
    LanguageLevel,
    age_on,
    years_before,
)

BATCH = 4000
UTC = dt.UTC
LANGUAGES_BY_REGION = {
    "africa": ("en", "fr"),
    "arab_states": ("ar", "en", "fr"),
    "asia_pacific": ("en", "zh"),
    "europe_cis": ("ru", "en"),
    "latin_america": ("es",),
    "global": ("en", "fr", "es"),
}
FUNDING = (FundingType.HOST, FundingType.FULL_FUNDING, FundingType.SVF, FundingType.SINGLE_SOURCE)
FUNDING_WEIGHTS = (80, 12, 3, 5)
SOURCES = (Application.Source.APPLIED, Application.Source.SOURCED, Application.Source.INVITED)
SOURCE_WEIGHTS = (85, 12, 3)
"""How the selected candidate came to the DoA: applied, added from the pool, invited directly."""
ASSESSMENTS = (
    Assessment.Method.INTERVIEW,
    Assessment.Method.WRITTEN_TEST,
    Assessment.Method.DESK_REVIEW,
    Assessment.Method.NOT_ASSESSED,
)
ASSESSMENT_WEIGHTS = (60, 10, 20, 10)
SHORTLIST_SERVICE_DAYS = 14
"""The service level: a shortlist within 2 weeks of approval (met by most generated DoAs)."""
RESPOND_DAYS = 7
"""Days a candidate has to answer an offer."""
FAMILY_SHARE = {Modality.NATIONAL: 0.30, Modality.INTERNATIONAL: 0.22}
"""Volunteers aged 25 or more on entry on duty who have recognized dependants (INFER: UNV publishes
no figure). Of them: a spouse alone, a spouse and children, or children alone."""
FAMILY_MAKEUP = (("spouse",), ("spouse", "children"), ("children",))
FAMILY_MAKEUP_WEIGHTS = (35, 45, 20)
RATINGS = (
    (
        EndOfAssignment.Rating.EXCEEDS,
        30,
        "Went well beyond the description of assignment; the team relied on them.",
    ),
    (EndOfAssignment.Rating.MEETS, 60, "Delivered every result of the description of assignment, on time."),
    (EndOfAssignment.Rating.PARTIALLY, 8, "Delivered most results; reporting was often late."),
    (
        EndOfAssignment.Rating.DOES_NOT,
        2,
        "Several results of the description of assignment were not delivered.",
    ),
)
"""The host's performance assessments at the end of assignment: rating, weight, narrative (INFER)."""
ACCOMPANIED_SHARE = 0.6
"""International volunteers at a family duty station whose family lives with them there (a
national volunteer's family always does; at a non-family duty station none does)."""

Progress = Callable[[str], None]


@contextmanager
def historical_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let ``created_at`` and ``updated_at`` take the values given instead of the current time."""
    fields = [m._meta.get_field(name) for m in model_classes for name in ("created_at", "updated_at")]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]  # type: ignore[union-attr]
    for field in fields:
        field.auto_now = field.auto_now_add = False  # type: ignore[union-attr]
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add  # type: ignore[union-attr]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def _batches(items: list[Any], size: int = BATCH) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Writer:
    def __init__(
        self,
        *,
        plan: Plan,
        world: World,
        seed: int,
        progress: Progress,
        closures: ClosurePlan | None = None,
        separations: list[PlannedSeparation] | None = None,
    ) -> None:
        self.plan = plan
        self.closures = closures or ClosurePlan()
        self.extended = {id(e.slot): e.previous_planned_end for e in self.closures.extensions}
        self.separated = {id(s.slot): s for s in separations or ()}
        self._book: RateBook | None = None
        self._station_rows: dict[int, DutyStation] = {}
        self._family_names: dict[int, str] = {}
        self._certificates = 0
        self.seed = seed
        self.world = world
        self.rng = random.Random(f"{seed}:writer")  # noqa: S311  (seeded synthetic data, not security)
        self.progress = progress
        self.year = plan.year

    # --- people -----------------------------------------------------------------------------
    def _name(self, female: bool, rng: random.Random) -> tuple[str, str]:
        given = GIVEN_NAMES["female" if female else "male"]
        return rng.choice(given), rng.choice(FAMILY_NAMES)

    def _languages(self, country_id: int, rng: random.Random) -> list[tuple[int, str]]:
        codes = LANGUAGES_BY_REGION.get(self.world.countries[country_id].region, ("en",))
        first = rng.choice(codes)
        chosen = [(first, LanguageLevel.NATIVE if rng.random() < 0.6 else LanguageLevel.FLUENT)]
        second = rng.choice(("en", "fr", "es"))
        if second != first:
            chosen.append((second, rng.choice((LanguageLevel.FLUENT, LanguageLevel.INTERMEDIATE))))
        return [
            (self.world.official_languages[c], level)
            for c, level in chosen
            if c in self.world.official_languages
        ]

    def _candidate(self, person: Person, rng: random.Random) -> Candidate:
        given, family = self._name(person.female, rng)
        first_entry = min(s.entry_on_duty for s in person.slots)
        registered = first_entry - dt.timedelta(
            days=max(s.lead_days for s in person.slots) + rng.randint(30, 700)
        )
        rules = [self.world.categories[s.category].rule_on(s.entry_on_duty) for s in person.slots]
        degree = any(rule is not None and rule.requires_degree for rule in rules)
        experience = max(
            self.world.categories[s.category].rule_on(s.entry_on_duty).min_experience_months  # type: ignore[union-attr]
            for s in person.slots
        )
        span = max(0, (person.age - 18) * 12)
        experience = min(
            max(experience, 0) + rng.randint(0, max(0, min(60, span - experience))), max(experience, span)
        )
        education = (
            rng.choices(
                (EducationLevel.BACHELOR, EducationLevel.MASTER, EducationLevel.DOCTORATE), (50, 45, 5)
            )[0]
            if degree
            else rng.choices(
                (EducationLevel.SECONDARY, EducationLevel.TECHNICAL, EducationLevel.BACHELOR), (30, 30, 40)
            )[0]
        )
        gender = "female" if person.female else ("male" if rng.random() < 0.995 else "undisclosed")
        return Candidate(
            given_name=given,
            family_name=family,
            nationality_id=person.nationality,
            residence_id=person.residence,
            displacement=Candidate.Displacement.REFUGEE if person.refugee else Candidate.Displacement.NONE,
            date_of_birth=person.birth,
            gender=gender,
            education=education,
            experience_months=experience,
            interest=Candidate.Interest.ONSITE if rng.random() < 0.8 else Candidate.Interest.BOTH,
            has_driving_licence=rng.random() < 0.4,
            consent_at=_at(registered, 9),
            created_at=_at(registered, 9),
            updated_at=_at(registered, 9),
        )

    def _extras(
        self, candidates: list[Candidate], rng: random.Random, countries: list[int]
    ) -> tuple[list[Any], list[Any]]:
        through = Candidate.expertise.through
        languages, expertise = [], []
        areas = list(self.world.expertise)
        for candidate, country in zip(candidates, countries, strict=True):
            for language_id, level in self._languages(country, rng):
                languages.append(
                    CandidateLanguage(candidate_id=candidate.pk, language_id=language_id, level=level)
                )
            for area in rng.sample(areas, rng.randint(1, 3)):
                expertise.append(through(candidate_id=candidate.pk, expertisearea_id=area))
        return languages, expertise

    def write(self, talent_pool: int) -> dict[str, int]:
        counts: dict[str, int] = {}
        with historical_timestamps(
            Candidate,
            DisabilityDisclosure,
            Doa,
            Position,
            Assignment,
            Application,
            Assessment,
            Offer,
            Extension,
            Separation,
            Dependant,
            EndOfAssignment,
            ChecklistItem,
        ):
            stations = self._stations(counts)
            candidate_ids = self._volunteers(counts)
            self._assignments(candidate_ids, stations, counts)
            self._talent_pool(talent_pool, counts)
        return counts

    def _stations(self, counts: dict[str, int]) -> dict[int, list[int]]:
        stations = {c: list(ids) for c, ids in self.world.stations.items()}
        created = []
        for country in sorted({s.country for s in self.plan.slots}):
            if country not in stations:
                info = self.world.countries[country]
                created.append(DutyStation(name=info.name[:120], country_id=country, is_capital=True))
        with transaction.atomic():
            for station in DutyStation.objects.bulk_create(created):
                stations[station.country_id] = [station.pk]
        counts["duty stations created"] = len(created)
        if created:
            names = ", ".join(self.world.countries[s.country_id].iso2 for s in created)
            self.progress(f"duty stations created for {len(created)} countries without one: {names}")
        return stations

    def _volunteers(self, counts: dict[str, int]) -> dict[int, int]:
        rng = random.Random(f"{self.rng.random()}:volunteers")  # noqa: S311  (seeded synthetic data, not security)
        people = self.plan.people
        ids: dict[int, int] = {}
        total = len(people)
        done = 0
        with transaction.atomic():
            for batch in _batches(people):
                candidates = [self._candidate(p, rng) for p in batch]
                Candidate.objects.bulk_create(candidates)
                languages, expertise = self._extras(candidates, rng, [p.nationality for p in batch])
                CandidateLanguage.objects.bulk_create(languages)
                Candidate.expertise.through.objects.bulk_create(expertise)
                disclosures = [
                    DisabilityDisclosure(
                        candidate_id=c.pk,
                        has_disability=True,
                        created_at=c.created_at,
                        updated_at=c.created_at,
                    )
                    for p, c in zip(batch, candidates, strict=True)
                    if p.disabled
                ]
                DisabilityDisclosure.objects.bulk_create(disclosures)
                for person, candidate in zip(batch, candidates, strict=True):
                    ids[person.index] = candidate.pk
                    self._family_names[person.index] = candidate.family_name
                done += len(batch)
                self.progress(f"volunteers {done:,}/{total:,}")
        counts["volunteers"] = total
        counts["disclosures"] = sum(1 for p in people if p.disabled)
        return ids

    def _assignments(
        self, candidate_ids: dict[int, int], stations: dict[int, list[int]], counts: dict[str, int]
    ) -> None:
        rng = random.Random(f"{self.rng.random()}:assignments")  # noqa: S311  (seeded synthetic data, not security)
        family_rng = random.Random(f"{self.rng.random()}:families")  # noqa: S311  (seeded synthetic data, not security)
        ending_rng = random.Random(f"{self.rng.random()}:endings")  # noqa: S311  (seeded synthetic data, not security)
        self._station_rows = DutyStation.objects.in_bulk()
        rows = [(p, s) for p in self.plan.people for s in p.slots]
        total, done, number = len(rows), 0, 0
        areas = list(self.world.expertise.items())
        with transaction.atomic():
            for batch in _batches(rows):
                doas, positions, assignments, languages, expertise = [], [], [], [], []
                for person, slot in batch:
                    number += 1
                    doas.append(self._doa(person, slot, number, rng, areas))
                Doa.objects.bulk_create(doas)
                for (_person, slot), doa in zip(batch, doas, strict=True):
                    options = stations[slot.country]
                    slot.station = (
                        options[0] if len(options) == 1 or rng.random() < 0.6 else rng.choice(options)
                    )
                    positions.append(
                        Position(
                            doa_id=doa.pk,
                            duty_station_id=slot.station,
                            status=Position.Status.FILLED,
                            created_at=doa.created_at,
                            updated_at=doa.updated_at,
                        )
                    )
                    code = self.world.official_languages.get(rng.choice(LANGUAGES_BY_REGION[slot.region]))
                    if code is not None:
                        languages.append(
                            DoaLanguage(doa_id=doa.pk, language_id=code, level=LanguageLevel.FLUENT)
                        )
                    expertise.append(Doa.expertise.through(doa_id=doa.pk, expertisearea_id=doa._area))  # type: ignore[attr-defined]
                Position.objects.bulk_create(positions)
                DoaLanguage.objects.bulk_create(languages)
                Doa.expertise.through.objects.bulk_create(expertise)
                for (person, slot), doa, position in zip(batch, doas, positions, strict=True):
                    assignments.append(
                        self._assignment(person, slot, doa, position, candidate_ids[person.index])
                    )
                Assignment.objects.bulk_create(assignments)
                trails = [
                    self._trail(slot, doa, position, assignment, rng)
                    for (_person, slot), doa, position, assignment in zip(
                        batch, doas, positions, assignments, strict=True
                    )
                ]
                Application.objects.bulk_create([application for application, _, _ in trails])
                for application, assessment, offer in trails:
                    offer.application_id = application.pk
                    if assessment is not None:
                        assessment.application_id = application.pk
                Assessment.objects.bulk_create([a for _, a, _ in trails if a is not None])
                Offer.objects.bulk_create([offer for _, _, offer in trails])
                extensions = [
                    self._extension(slot, assignment, rng)
                    for (_person, slot), assignment in zip(batch, assignments, strict=True)
                    if id(slot) in self.extended
                ]
                Extension.objects.bulk_create(extensions)
                counts["extensions"] = counts.get("extensions", 0) + len(extensions)
                dependants = [
                    dependant
                    for (person, slot), assignment in zip(batch, assignments, strict=True)
                    for dependant in self._dependants(person, slot, assignment, family_rng)
                ]
                Dependant.objects.bulk_create(dependants)
                counts["dependants"] = counts.get("dependants", 0) + len(dependants)
                separations = [
                    self._separation(self.separated[id(slot)], assignment)
                    for (_person, slot), assignment in zip(batch, assignments, strict=True)
                    if id(slot) in self.separated
                ]
                Separation.objects.bulk_create(separations)
                ends = [
                    self._end_of_assignment(slot, assignment, ending_rng)
                    for (_person, slot), assignment in zip(batch, assignments, strict=True)
                    if assignment.actual_end is not None
                ]
                EndOfAssignment.objects.bulk_create(ends)
                ChecklistItem.objects.bulk_create(
                    [
                        ChecklistItem(
                            end_of_assignment_id=end.pk,
                            kind=kind,
                            done_at=end.assessed_at,
                            created_at=end.started_at,
                            updated_at=end.assessed_at or end.started_at,
                        )
                        for end in ends
                        for kind in ChecklistItem.Kind
                    ]
                )
                counts["ends of assignment"] = counts.get("ends of assignment", 0) + len(ends)
                for separation in separations:
                    key = "resignations" if separation.kind == Separation.Kind.RESIGNATION else "terminations"
                    counts[key] = counts.get(key, 0) + 1
                counts["assessments"] = counts.get("assessments", 0) + sum(1 for t in trails if t[1])
                done += len(batch)
                self.progress(f"assignments {done:,}/{total:,}")
        counts["assignments"] = total
        counts["applications"] = total
        counts["offers"] = total

    def _doa(
        self, person: Person, slot: Slot, number: int, rng: random.Random, areas: list[tuple[int, str]]
    ) -> Doa:
        category = self.world.categories[slot.category]
        rule = category.rule_on(slot.entry_on_duty)
        assert rule is not None
        approved = slot.entry_on_duty - dt.timedelta(days=slot.lead_days)
        submitted = approved - dt.timedelta(days=rng.randint(2, 21))
        created = submitted - dt.timedelta(days=rng.randint(0, 10))
        area_id, area_name = rng.choice(areas)
        doa = Doa(
            reference=f"DOA-{self.year}-S{number:07d}",
            title=f"{area_name} ({category.name})"[:200],
            host_entity_id=person.entity,
            country_id=slot.country,
            category_id=category.id,
            status=Doa.Status.RECRUITED,
            start_date=slot.entry_on_duty,
            end_date=slot.planned_end,
            funding_type=rng.choices(FUNDING, FUNDING_WEIGHTS)[0],
            sdg_id=rng.choice(self.world.sdgs) if self.world.sdgs else None,
            education=EducationLevel.BACHELOR if rule.requires_degree else "",
            min_experience_months=rule.min_experience_months,
            submitted_at=_at(submitted),
            approved_at=_at(approved),
            sourcing_started_at=_at(approved) + min(dt.timedelta(hours=slot.lead_days), dt.timedelta(days=1)),
            recruited_at=_at(slot.entry_on_duty, 8),
            created_at=_at(created),
            updated_at=_at(slot.entry_on_duty, 8),
        )
        doa._area = area_id  # type: ignore[attr-defined]
        return doa

    def _assignment(
        self, person: Person, slot: Slot, doa: Doa, position: Position, volunteer_id: int
    ) -> Assignment:
        ended = slot.actual_end is not None
        status = (
            Assignment.Status.TERMINATED
            if id(slot) in self.separated
            else Assignment.Status.COMPLETED
            if ended
            else Assignment.Status.ACTIVE
        )
        return Assignment(
            reference=doa.reference.replace("DOA-", "ASG-"),
            volunteer_id=volunteer_id,
            position_id=position.pk,
            category_id=doa.category_id,
            modality=Modality.NATIONAL if slot.national else Modality.INTERNATIONAL,
            host_entity_id=person.entity,
            duty_station_id=slot.station,
            duty_country_id=slot.country,
            nationality_id=person.nationality,
            home_country_id=person.residence if person.refugee else person.nationality,
            displacement=Candidate.Displacement.REFUGEE if person.refugee else Candidate.Displacement.NONE,
            funding_type=doa.funding_type,
            entry_on_duty=slot.entry_on_duty,
            planned_end=slot.planned_end,
            actual_end=slot.actual_end,
            status=status,
            created_at=_at(slot.entry_on_duty - dt.timedelta(days=1), 12),
            updated_at=_at(slot.actual_end or slot.entry_on_duty, 12),
        )

    def _trail(
        self, slot: Slot, doa: Doa, position: Position, assignment: Assignment, rng: random.Random
    ) -> tuple[Application, Assessment | None, Offer]:
        """The selected candidate's way from the DoA's approval to the entry on duty: every stage
        time-stamped, in order, between the approval (10:00 on its day) and the evening before the
        entry on duty, so that the DoA's days from approval to each stage are consistent with its
        lead time. The shortlist comes within the 2-week service level for 9 DoAs in 10. Onboarding
        tasks are not generated: they are the volunteer's private documents, which a synthetic twin
        has no content for."""
        approved = doa.sourcing_started_at  # candidates come once sourcing has started
        assert approved is not None
        last = _at(slot.entry_on_duty - dt.timedelta(days=1), 20)
        span = last - approved  # at least 9 hours: lead times are at least one day
        limit = dt.timedelta(days=SHORTLIST_SERVICE_DAYS - 1)
        reach = min(span * 0.3, limit) if rng.random() < 0.9 else span * 0.35
        shortlisted = approved + reach * rng.uniform(0.6, 1.0)
        entered = approved + (shortlisted - approved) * rng.uniform(0.2, 0.8)
        rest = last - shortlisted
        submitted = shortlisted + rest * rng.uniform(0.05, 0.15)
        selected = shortlisted + rest * rng.uniform(0.25, 0.4)
        offered = shortlisted + rest * rng.uniform(0.45, 0.6)
        accepted = offered + min(
            (last - offered) * rng.uniform(0.1, 0.6), dt.timedelta(days=RESPOND_DAYS - 1)
        )
        on_duty = _at(slot.entry_on_duty, 8)
        source = rng.choices(SOURCES, SOURCE_WEIGHTS)[0]
        applied = None if source == Application.Source.SOURCED else entered
        created = entered if source != Application.Source.INVITED else approved + (entered - approved) / 2
        application = Application(
            doa_id=doa.pk,
            candidate_id=assignment.volunteer_id,
            source=source,
            status=Application.Status.ON_DUTY,
            self_declaration=applied is not None,
            available_from=slot.entry_on_duty - dt.timedelta(days=rng.randint(0, 20)),
            assignment_id=assignment.pk,
            invited_at=created if source == Application.Source.INVITED else None,
            applied_at=applied,
            shortlisted_at=shortlisted,
            submitted_at=submitted,
            selected_at=selected,
            offered_at=offered,
            accepted_at=accepted,
            on_duty_at=on_duty,
            closed_at=on_duty,
            created_at=created,
            updated_at=on_duty,
        )
        method = rng.choices(ASSESSMENTS, ASSESSMENT_WEIGHTS)[0]
        assessment = None
        if method != Assessment.Method.NOT_ASSESSED or rng.random() < 0.5:
            assessed = submitted + (selected - submitted) * rng.uniform(0.3, 0.9)
            graded = method != Assessment.Method.NOT_ASSESSED
            assessment = Assessment(
                method=method,
                result=Assessment.Result.RECOMMENDED if graded else "",
                score=rng.randint(60, 100) if graded else None,
                assessed_at=assessed,
                created_at=assessed,
                updated_at=assessed,
            )
        offer = Offer(
            position_id=position.pk,
            status=Offer.Status.ACCEPTED,
            entry_on_duty=slot.entry_on_duty,
            planned_end=self.extended.get(id(slot), slot.planned_end),
            respond_by=offered.date() + dt.timedelta(days=RESPOND_DAYS),
            made_at=offered,
            responded_at=accepted,
            created_at=offered,
            updated_at=accepted,
        )
        return application, assessment, offer

    def _extension(self, slot: Slot, assignment: Assignment, rng: random.Random) -> Extension:
        """The approved extension that moved ``slot``'s planned end (requested two to three months
        before the old end, the host confirming the funding and headquarters approving it in the
        following weeks, all before the old end)."""
        previous = self.extended[id(slot)]
        earliest = slot.entry_on_duty + dt.timedelta(days=1)
        requested = max(earliest, previous - dt.timedelta(days=rng.randint(60, 90)))
        confirmed = requested + (previous - requested) * rng.uniform(0.1, 0.4)
        decided = confirmed + (previous - confirmed) * rng.uniform(0.2, 0.6)
        return Extension(
            assignment_id=assignment.pk,
            previous_planned_end=previous,
            new_planned_end=slot.planned_end,
            status=Extension.Status.APPROVED,
            reason="The mission's drawdown: the post is kept until the closure.",
            requested_at=_at(requested),
            funding_confirmed_at=_at(confirmed, 11),
            decided_at=_at(decided, 12),
            created_at=_at(requested),
            updated_at=_at(decided, 12),
        )

    def _family(self, person: Person) -> list[tuple[str, str, dt.date]]:
        """The dependants of ``person`` (relationship, given name, date of birth), drawn from the
        person alone, so that each of their assignments recognizes the same family; the share is
        that of the modality of their first assignment."""
        first = min(person.slots, key=lambda s: s.entry_on_duty)
        family_rng = random.Random(f"{self.seed}:family:{person.index}")  # noqa: S311  (seeded synthetic data, not security)
        modality = Modality.NATIONAL if first.national else Modality.INTERNATIONAL
        if age_on(person.birth, first.entry_on_duty) < 25 or family_rng.random() >= FAMILY_SHARE[modality]:
            return []

        def name() -> str:
            return family_rng.choice(GIVEN_NAMES["female" if family_rng.random() < 0.5 else "male"])

        makeup = family_rng.choices(FAMILY_MAKEUP, FAMILY_MAKEUP_WEIGHTS)[0]
        members: list[tuple[str, str, dt.date]] = []
        if "spouse" in makeup:
            born = person.birth + dt.timedelta(days=family_rng.randint(-1800, 1800))
            members.append((Dependant.Relationship.SPOUSE, name(), born))
        if "children" in makeup:
            # born after the volunteer turned 20, before the first entry on duty, and under 21 on
            # the last (recognized as a child for every assignment)
            last_entry = max(s.entry_on_duty for s in person.slots)
            low = max(years_before(person.birth, -20), years_before(last_entry, 21) + dt.timedelta(days=1))
            high = first.entry_on_duty - dt.timedelta(days=60)
            for _ in range(family_rng.choices((1, 2, 3), (50, 35, 15))[0]):
                if low <= high:
                    born = low + dt.timedelta(days=family_rng.randint(0, (high - low).days))
                    members.append((Dependant.Relationship.CHILD, name(), born))
        return members

    def _dependants(
        self, person: Person, slot: Slot, assignment: Assignment, rng: random.Random
    ) -> list[Dependant]:
        """The recognized dependants of an assignment, from its entry on duty (recognition ends with
        the assignment: no end date is recorded). A national volunteer's family lives at the duty
        station; an international volunteer's only at a family duty station, and then for most."""
        members = self._family(person)
        if not members:
            return []
        station = self._station_rows[slot.station]
        accompanying = slot.national or (station.is_family and rng.random() < ACCOMPANIED_SHARE)
        created = _at(slot.entry_on_duty - dt.timedelta(days=1), 12)
        return [
            Dependant(
                assignment_id=assignment.pk,
                given_name=given_name,
                family_name=self._family_names[person.index],
                relationship=relationship,
                date_of_birth=born,
                accompanying=accompanying,
                recognized_from=slot.entry_on_duty,
                created_at=created,
                updated_at=created,
            )
            for relationship, given_name, born in members
        ]

    def _end_of_assignment(self, slot: Slot, assignment: Assignment, rng: random.Random) -> EndOfAssignment:
        """The cleared end of an assignment that ended before the generated world's today: started
        three to six weeks before the last day (or the day after the entry on duty), the checklist
        done and the host's assessment recorded in the last week, the final clearance granted one to
        fourteen days after the last day with its service certificate. (Assignments a closure ends
        are still serving here: the closure is replayed after, through the services.)"""
        last_day = assignment.actual_end
        assert last_day is not None
        started = max(
            _at(last_day - dt.timedelta(days=rng.randint(21, 42)), 9),
            _at(assignment.entry_on_duty + dt.timedelta(days=1), 9),
        )
        assessed = max(_at(last_day - dt.timedelta(days=rng.randint(0, 6)), 14), started)
        cleared = _at(last_day + dt.timedelta(days=rng.randint(1, 14)), 15)
        rating, _weight, narrative = rng.choices(RATINGS, [r[1] for r in RATINGS])[0]
        self._certificates += 1
        return EndOfAssignment(
            assignment_id=assignment.pk,
            last_day=last_day,
            status=EndOfAssignment.Status.CLEARED,
            started_at=started,
            rating=rating,
            assessment=narrative,
            assessed_at=assessed,
            cleared_at=cleared,
            certificate_number=f"CERT-{last_day.year}-S{self._certificates:07d}",
            created_at=started,
            updated_at=cleared,
        )

    def _separation(self, planned: PlannedSeparation, assignment: Assignment) -> Separation:
        """The accepted resignation or early termination that ended ``assignment`` on its last day:
        submitted three to six weeks before (a termination is decided when it is recorded), the leave
        owing worked out by the lifecycle's own ``leave_owing`` on the rate tables in force."""
        if self._book is None:
            self._book = rate_book_load()
        assignment.duty_station = self._station_rows[assignment.duty_station_id]
        taken = Decimal(planned.leave_taken_days)
        leave = leave_owing(assignment=assignment, last_day=planned.last_day, taken=taken, book=self._book)
        resignation = planned.kind == Separation.Kind.RESIGNATION
        notice = dt.timedelta(days=planned.notice_days)
        submitted = max(_at(planned.last_day) - notice, _at(assignment.entry_on_duty, 12))
        decided = submitted + (dt.timedelta(days=3) if resignation else dt.timedelta(0))
        return Separation(
            assignment_id=assignment.pk,
            kind=planned.kind,
            status=Separation.Status.ACCEPTED,
            last_day=planned.last_day,
            reason=planned.reason,
            leave_rate=leave.rate,
            leave_accrued_days=leave.accrued,
            leave_taken_days=leave.taken,
            leave_owing_days=leave.owing,
            submitted_at=submitted,
            decided_at=decided,
            decision_note="Accepted." if resignation else "",
            created_at=submitted,
            updated_at=decided,
        )

    # --- talent pool --------------------------------------------------------------------------
    def _talent_pool(self, size: int, counts: dict[str, int]) -> None:
        """Candidates who never served, written batch by batch (nothing kept in memory)."""
        rng = random.Random(f"{self.rng.random()}:pool")  # noqa: S311  (seeded synthetic data, not security)
        nationalities = sorted(c.id for c in self.world.countries.values() if not c.territory)
        last = dt.date(self.year, 12, 31)
        done = 0
        with transaction.atomic():
            while done < size:
                batch = min(BATCH, size - done)
                candidates, countries = [], []
                for _ in range(batch):
                    nationality = rng.choice(nationalities)
                    female = rng.random() < 0.55
                    given, family = self._name(female, rng)
                    born = last - dt.timedelta(days=rng.randint(19 * 365, 68 * 365))
                    registered = last - dt.timedelta(days=rng.randint(0, 5 * 365))
                    age = (last - born).days // 365
                    candidates.append(
                        Candidate(
                            given_name=given,
                            family_name=family,
                            nationality_id=nationality,
                            residence_id=nationality,
                            date_of_birth=born,
                            gender="female" if female else "male",
                            education=rng.choice(EducationLevel.values),
                            experience_months=rng.randint(0, max(0, (age - 18) * 12)),
                            interest=rng.choice(Candidate.Interest.values),
                            has_driving_licence=rng.random() < 0.4,
                            consent_at=_at(registered, 9),
                            created_at=_at(registered, 9),
                            updated_at=_at(registered, 9),
                        )
                    )
                    countries.append(nationality)
                Candidate.objects.bulk_create(candidates)
                languages, expertise = self._extras(candidates, rng, countries)
                CandidateLanguage.objects.bulk_create(languages)
                Candidate.expertise.through.objects.bulk_create(expertise)
                done += batch
                self.progress(f"talent pool {done:,}/{size:,}")
        counts["talent pool"] = size
