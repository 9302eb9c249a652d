"""The generator of synthetic twins: from a profile to the records of a programme year.

``profile_check`` resolves the profile into exact targets and plans every volunteer and assignment
in memory (explaining the figures that do not add up, refusing those that conflict);
``generate`` then writes the plan and checks the written year with the statistics engine, all in
one transaction, so that a refused or failed run leaves nothing behind.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from mobilize.assignments.selectors import active_in_year_q
from mobilize.synthetic.generator.assign import hosts_assign
from mobilize.synthetic.generator.calendar import calendar_plan
from mobilize.synthetic.generator.closures import (
    ClosurePlan,
    ClosureTarget,
    closure_sizes,
    closure_targets,
    closures_plan,
    closures_replay,
)
from mobilize.synthetic.generator.countries import countries_plan
from mobilize.synthetic.generator.hosts import entities_choose, planned_targets
from mobilize.synthetic.generator.notes import Notes, ProfileConflictError, n
from mobilize.synthetic.generator.people import (
    ages_assign,
    disability_assign,
    genders_assign,
    nationalities_assign,
    youth_assign,
)
from mobilize.synthetic.generator.pins import bound_pins
from mobilize.synthetic.generator.placing import HOMES_FLAGS, HOMES_NONE, HOMES_PARTS, HOMES_REGIONS
from mobilize.synthetic.generator.plan import Person, Plan, people_make
from mobilize.synthetic.generator.regions import allowed_regions, regions_plan
from mobilize.synthetic.generator.separations import (
    PlannedSeparation,
    SeparationTargets,
    separation_targets,
    separations_plan,
    with_separations,
)
from mobilize.synthetic.generator.targets import Targets, targets_resolve
from mobilize.synthetic.generator.world import World, world_load
from mobilize.synthetic.generator.writer import Writer
from mobilize.synthetic.profiles import Profile, figure_matches

__all__ = ["GenerationError", "GenerationReport", "ProfileConflictError", "generate", "profile_check"]


class GenerationError(Exception):
    """The data cannot be generated for a reason other than the profile's figures."""


@dataclass
class GenerationReport:
    notes: Notes
    plan: Plan | None = None
    counts: dict[str, int] = field(default_factory=dict)
    verified: int = 0
    closures: ClosurePlan = field(default_factory=ClosurePlan)
    separations: list[PlannedSeparation] = field(default_factory=list)
    profile: Profile | None = None
    """The profile as generated: the given one with the figures the generator had to choose (a
    closed host's volunteers, the separations), which the statistics of the written year are
    checked against."""


ATTEMPTS = (
    (HOMES_NONE, False),
    (HOMES_REGIONS, False),
    (HOMES_NONE, False),
    (HOMES_FLAGS, False),
    (HOMES_NONE, True),
    (HOMES_FLAGS, True),
    (HOMES_PARTS, False),
)
"""Plans tried before a profile is refused, each with the national volunteers the regions step
places for the nationalities (``homes``) and whether it keeps a part of a region for each host of
one country (``regions._dense_keep``; the first attempts place the volunteers without it, which
leaves the steps after more freedom and more often holds). The first conflicts come from
arithmetic and are final; later ones may come from the generator's choices (which volunteers
serve in two regions, which countries a host serves), which another seeded attempt makes
differently."""


@dataclass
class _Planned:
    plan: Plan
    closures: ClosurePlan
    separations: list[PlannedSeparation]
    separation_targets: SeparationTargets


def _plan(profile: Profile, world: World, seed: int, notes: Notes, closures: list[ClosureTarget]) -> _Planned:
    targets = targets_resolve(profile, notes, world)
    notes.stop_if_conflicts()
    assert targets is not None and targets.age is not None
    for key in ("previous_year", "change"):
        if profile.data.get(key) is not None:
            notes.choose(f"{key}: not generated (the generator makes the profile's year only)")
    for modality in ("national", "international"):
        if profile.get(f"onsite.lead_time_days.{modality}.without_approval"):
            notes.conflict(
                f"onsite.lead_time_days.{modality}.without_approval: every generated assignment has an "
                "approval"
            )
    notes.stop_if_conflicts()
    first: ProfileConflictError | None = None
    for attempt in range(len(ATTEMPTS)):
        suffix = f":{attempt}" if attempt else ""
        rng = random.Random(f"mobilize-synthetic:{seed}{suffix}")  # noqa: S311  (seeded synthetic data, not security)
        trial = Notes(list(notes.explanations), list(notes.choices))
        try:
            people = _place(targets, world, trial, rng, attempt)
            closure_plan = closures_plan(people=people, targets=closures, world=world, notes=trial, rng=rng)
            trial.stop_if_conflicts()
            wanted = separation_targets(profile, sum(len(p.slots) for p in people))
            separations, wanted = separations_plan(
                people=people,
                targets=wanted,
                closed_hosts={target.host for target in closures},
                year=profile.year,
                notes=trial,
                rng=rng,
            )
            trial.stop_if_conflicts()
        except ProfileConflictError as exc:
            first = first or exc
            continue
        notes.explanations, notes.choices = trial.explanations, trial.choices
        return _Planned(Plan(profile.year, people, rng), closure_plan, separations, wanted)
    assert first is not None
    raise first


def _place(
    targets: Targets, world: World, notes: Notes, rng: random.Random, attempt: int = 0
) -> list[Person]:
    """Every step of the plan; ``ProfileConflictError`` at the first that cannot hold. The attempt
    (``ATTEMPTS``) says which national volunteers the regions step places (in every region where
    one may serve, or of each Global South flag there: more countries can then be national
    volunteers' homes, which a high nationalities figure may need, at the cost of freedom
    elsewhere) and whether it keeps a region for each host of one country."""
    age = targets.age
    assert age is not None
    people = people_make(targets.kinds)
    given = {r for r, c in targets.regions.items() if c > 0}
    hosts = entities_choose(
        targets=targets,
        world=world,
        people=people,
        allowed_regions=allowed_regions(targets, world),
        given_regions=given,
        notes=notes,
        rng=rng,
    )
    notes.stop_if_conflicts()
    assert hosts is not None
    targets = planned_targets(targets, hosts, world)
    bound_pins(targets=targets, world=world, people=people, rng=rng)
    homes, keep_dense = ATTEMPTS[attempt]
    regions_plan(
        targets=targets,
        world=world,
        people=people,
        notes=notes,
        rng=rng,
        homes=homes,
        keep_dense=keep_dense,
    )
    notes.stop_if_conflicts()
    countries = countries_plan(targets=targets, world=world, people=people, notes=notes, rng=rng)
    notes.stop_if_conflicts()
    assert countries is not None
    hosts_assign(people=people, plan=hosts, world=world, notes=notes, rng=rng, chosen=countries.hosts)
    nationalities_assign(
        people=people,
        world=world,
        new=countries.new_nationalities,
        exact=targets.nationalities is not None,
        notes=notes,
        rng=rng,
    )
    notes.stop_if_conflicts()
    got = len({p.nationality for p in people})
    if targets.nationalities is not None and got != targets.nationalities:
        # the countries step promised more countries with national volunteers than it placed
        notes.conflict(
            f"onsite.nationalities {n(targets.nationalities)}: the volunteers as placed have {n(got)}"
        )
        notes.stop_if_conflicts()
    genders_assign(
        people=people, women=targets.women, by_region=targets.women_by_region, notes=notes, rng=rng
    )
    youth_assign(people=people, youth=targets.youth, rng=rng)
    disability_assign(people=people, disabled=targets.disabled, rng=rng)
    notes.stop_if_conflicts()
    ages_assign(people=people, target=age, notes=notes, rng=rng)
    notes.stop_if_conflicts()
    calendar_plan(people=people, targets=targets, world=world, notes=notes, rng=rng)
    notes.stop_if_conflicts()
    unplaced = [p for p in people if not p.entity or not p.nationality or any(not s.country for s in p.slots)]
    if unplaced:
        raise GenerationError(f"internal error: {len(unplaced)} volunteers left unplaced")
    return people


def profile_check(profile: Profile, *, seed: int = 0) -> GenerationReport:
    """Check a profile and plan its year without writing anything; ``ProfileConflictError`` names the
    figures that cannot all hold."""
    world = world_load()
    if not world.countries:
        raise GenerationError("The reference data is missing: run `mobilize load_reference` first.")
    notes = Notes()
    closures = closure_targets(profile, world, notes)
    notes.stop_if_conflicts()
    sized = closure_sizes(profile, closures, notes)
    planned = _plan(sized, world, seed, notes, closures)
    return GenerationReport(
        notes,
        planned.plan,
        closures=planned.closures,
        separations=planned.separations,
        profile=with_separations(sized, planned.separation_targets),
    )


def statistics_mismatches(profile: Profile) -> tuple[int, list[str]]:
    """Compare the statistics of the profile's year, computed by the statistics engine, with every
    figure of the profile: (figures compared, the ones that differ)."""
    from mobilize.statistics.selectors import statistics_for_year

    document = statistics_for_year(year=profile.year, exact=True)
    wrong = []
    figures = profile.figures()
    for figure in figures:
        actual = _lookup(document, figure.path)
        if not figure_matches(figure.kind, figure.value, actual):
            wrong.append(f"{figure.path}: the profile says {n(figure.value)}, the statistics {n(actual)}")
    return len(figures), wrong


def _lookup(document: dict, path: str) -> object:
    node: object = document
    for part in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def generate(
    *,
    profile: Profile,
    scale: int = 1,
    seed: int = 0,
    talent_pool: int = 0,
    progress: Callable[[str], None] = print,
) -> GenerationReport:
    """Generate the profile's year (every count times ``scale``) and ``talent_pool`` candidates who
    never served. Refuses a profile whose figures conflict, and a database that already holds
    assignments active in the year; writes nothing then."""
    from mobilize.assignments.models import Assignment
    from mobilize.reference.models import ReportingYear

    if scale < 1:
        raise GenerationError("The scale must be 1 or more.")
    scaled = profile.scaled(scale)
    report = profile_check(scaled, seed=seed)
    assert report.plan is not None
    existing = Assignment.objects.filter(active_in_year_q(scaled.year)).count()
    if existing:
        raise GenerationError(
            f"The database already holds {existing:,} assignments active in {scaled.year}: "
            "generate into a programme without that year."
        )
    world = world_load()
    previous_year_empty = not Assignment.objects.filter(active_in_year_q(scaled.year - 1)).exists()
    with transaction.atomic():
        writer = Writer(
            plan=report.plan,
            world=world,
            seed=seed,
            progress=progress,
            closures=report.closures,
            separations=report.separations,
        )
        report.counts = writer.write(talent_pool)
        closures = closures_replay(report.closures, progress=progress)
        report.counts["mission closures"] = len(closures)
        if previous_year_empty:
            # The assignments that started the year before are only the ones still serving in the
            # profile's year: that year holds part of its records and is not to be compared with.
            ReportingYear.objects.update_or_create(
                year=scaled.year - 1,
                defaults={"complete": False, "note": f"Carry-over of the generated year {scaled.year}."},
            )
        from mobilize.statistics.services import statistics_facts_rebuild  # the bulk writes' one refresh

        statistics_facts_rebuild(progress=lambda year: progress(f"statistics facts of {year}"))
        progress("checking the statistics of the generated year")
        assert report.profile is not None
        report.verified, wrong = statistics_mismatches(report.profile)
        if wrong:
            raise GenerationError("The generated year does not reproduce the profile: " + "; ".join(wrong))
    return report
