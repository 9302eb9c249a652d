"""Generating a small profile end to end: the command, determinism for a seed, scale, the talent
pool, a refused conflicting profile and a year that already holds data."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from mobilize.assignments.models import Assignment, Dependant
from mobilize.entitlements.services import entitlements_load_defaults
from mobilize.lifecycle.models import EndOfAssignment, MissionClosure, Separation
from mobilize.recruitment.models import Application, Offer
from mobilize.recruitment.selectors import doa_recruitment_stage_marks
from mobilize.reference.services import reference_load
from mobilize.requests.models import Doa
from mobilize.requests.selectors import doa_stages
from mobilize.statistics.selectors import statistics_for_year
from mobilize.synthetic.generator import ProfileConflictError, generate
from mobilize.synthetic.profiles import figure_matches, profile_load
from mobilize.synthetic.tests.rules import rows_digest, rule_violations
from mobilize.talent.models import Candidate, DisabilityDisclosure, years_before

pytestmark = pytest.mark.django_db

SMALL = Path(__file__).parent / "profiles" / "small.yaml"


@pytest.fixture
def reference(db):
    reference_load()


def _quiet(line: str) -> None:
    pass


def _value(document: dict, path: str) -> object:
    node: object = document
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _digest_of_run(seed: int) -> str:
    with transaction.atomic():
        generate(profile=profile_load(SMALL), seed=seed, progress=_quiet)
        digest = rows_digest()
        transaction.set_rollback(True)
    return digest


def test_the_command_generates_the_small_profile_and_reports_how_its_figures_hold(reference):
    # when
    out = io.StringIO()
    call_command("generate", profile=str(SMALL), seed=2, talent_pool=5, stdout=out)
    # then the command says what it did and how the figures that do not add up hold
    text = out.getvalue()
    assert "  volunteers 240/240" in text
    assert "  assignments 245/245" in text
    assert "  talent pool 5/5" in text
    assert "Figures that do not add up, and how they all hold:" in text
    assert (
        "global_south.national 150 + global_south.international_in_global_south 55 = 205, 5 more than "
        "global_south.count 200: 5 Global South volunteers served under both modalities in the year" in text
    )
    assert "onsite.by_region adds up to 245, 5 more than onsite.volunteers 240" in text
    assert "Figures the profile leaves open, as generated:" in text
    assert "onsite.separations.resignations 7 (not given; 3.0% of the year's 245 assignments)" in text
    assert "onsite.separations.terminations 1 (not given; 0.5% of the year's 245 assignments)" in text
    profile = profile_load(SMALL)
    # (the profile's figures and the two separations the generator chose)
    assert f"The statistics reproduce all {len(profile.figures()) + 2} figures of the profile." in text
    # and the statistics of the year written reproduce every figure, with every rule kept
    document = statistics_for_year(year=2023, exact=True)
    wrong = [
        f.path for f in profile.figures() if not figure_matches(f.kind, f.value, _value(document, f.path))
    ]
    assert wrong == []
    assert rule_violations(2023) == []
    assert Assignment.objects.count() == 245
    assert document["onsite"]["separations"] == {"resignations": 7, "terminations": 1}


def test_the_same_seed_gives_the_same_rows(reference):
    # when the same profile is generated twice with one seed (and once with another)
    first, second, other = _digest_of_run(7), _digest_of_run(7), _digest_of_run(8)
    # then the rows are the same, and another seed gives other rows
    assert first == second
    assert first != other


def test_scale_multiplies_every_count_but_countries_nationalities_and_entities(reference):
    # when
    generate(profile=profile_load(SMALL), scale=3, seed=0, progress=_quiet)
    # then
    onsite = statistics_for_year(year=2023, exact=True)["onsite"]
    assert onsite["volunteers"] == 720
    assert onsite["global_south"]["count"] == 600
    assert onsite["by_region"]["africa"] == 300
    assert onsite["by_host_group"]["undp"] == {"volunteers": 240, "countries": 20}
    assert onsite["with_disabilities"] == 12
    assert (onsite["countries_served"], onsite["nationalities"], onsite["host_entities_served"]) == (
        30,
        40,
        12,
    )
    assert figure_matches("share", Decimal("0.55"), onsite["women"]["share"])


def test_the_talent_pool_adds_candidates_who_never_served(reference):
    generate(profile=profile_load(SMALL), seed=0, talent_pool=30, progress=_quiet)
    assert Candidate.objects.count() == 240 + 30
    assert Candidate.objects.filter(assignments__isnull=True).count() == 30
    assert DisabilityDisclosure.objects.filter(has_disability=True).count() == 4


def test_a_conflicting_profile_is_refused_naming_the_figures_and_by_how_much(reference, tmp_path):
    # given the small profile with all six regions, adding up to fewer than the volunteers, and more
    # youth than volunteers
    text = SMALL.read_text()
    text = text.replace("    africa: 100\n    latin_america", "    africa: 16\n    latin_america")
    text = text.replace("    europe_cis: 20\n", "    europe_cis: 20\n    global: 0\n")
    text = text.replace("  youth: 30\n", "  youth: 250\n")
    conflicting = tmp_path / "conflicting.yaml"
    conflicting.write_text(text)
    # when / then
    with pytest.raises(CommandError) as refused:
        call_command("generate", profile=str(conflicting), seed=0, stdout=io.StringIO())
    message = str(refused.value)
    assert message.startswith("Nothing was written: these figures of the profile cannot all hold:")
    assert "onsite.youth 250 is 10 more than onsite.volunteers 240" in message
    assert Assignment.objects.count() == 0
    # when only the regions conflict
    conflicting.write_text(text.replace("  youth: 250\n", "  youth: 30\n"))
    with pytest.raises(CommandError) as refused:
        call_command("generate", profile=str(conflicting), seed=0, stdout=io.StringIO())
    # then the regions are named, with the amount by which they fall short
    assert (
        "onsite.by_region adds up to 161, 79 fewer than onsite.volunteers 240: every volunteer serves in "
        "at least one region" in str(refused.value)
    )
    assert Assignment.objects.count() == 0


def test_a_year_that_already_has_assignments_is_refused(reference):
    # given the year generated once
    call_command("generate", profile=str(SMALL), seed=1, stdout=io.StringIO())
    before = Assignment.objects.count()
    # when / then
    with pytest.raises(CommandError, match="already holds 245 assignments active in 2023"):
        call_command("generate", profile=str(SMALL), seed=1, stdout=io.StringIO())
    assert Assignment.objects.count() == before


def _trail_violations() -> list[str]:
    """Every generated assignment's recruitment trail that breaks the order of the stages (empty when
    all hold): registered, approved, (invited,) applied or sourced, shortlisted, submitted, assessed,
    selected, offered, accepted by the deadline, entry on duty."""
    wrong: list[str] = []
    applications = Application.objects.select_related(
        "doa", "candidate", "assignment", "assessment"
    ).prefetch_related("offers")
    for app in applications.order_by("pk"):
        ref, assignment, doa = app.doa.reference, app.assignment, app.doa
        if assignment is None or assignment.position.doa_id != doa.pk:
            wrong.append(f"{ref}: the application is not the assignment's")
            continue
        entry = dt.datetime.combine(assignment.entry_on_duty, dt.time(), tzinfo=dt.UTC)
        stages = [
            app.candidate.created_at,
            doa.approved_at,
            doa.sourcing_started_at,
            app.created_at,
            app.shortlisted_at,
            app.submitted_at,
            app.selected_at,
            app.offered_at,
            app.accepted_at,
            entry,
        ]
        if None in stages or stages != sorted(stages):
            wrong.append(f"{ref}: stages out of order {stages}")
        if (app.source == Application.Source.SOURCED) != (app.applied_at is None):
            wrong.append(f"{ref}: a {app.source} application with applied_at {app.applied_at}")
        assessment = getattr(app, "assessment", None)
        if assessment is not None and not app.submitted_at <= assessment.assessed_at <= app.selected_at:
            wrong.append(f"{ref}: assessed outside submission to selection")
        (offer,) = app.offers.all()
        if (offer.status, offer.position_id, offer.entry_on_duty) != (
            Offer.Status.ACCEPTED,
            assignment.position_id,
            assignment.entry_on_duty,
        ) or offer.responded_at.date() > offer.respond_by:
            wrong.append(f"{ref}: the offer does not match the assignment or was answered late")
    return wrong


def test_each_assignment_has_its_recruitment_trail_with_every_stage_in_order(reference):
    # when
    generate(profile=profile_load(SMALL), seed=3, progress=_quiet)
    # then each assignment came through one application and one accepted offer, stage by stage
    assert Application.objects.filter(status=Application.Status.ON_DUTY).count() == Assignment.objects.count()
    assert Offer.objects.filter(status=Offer.Status.ACCEPTED).count() == Assignment.objects.count()
    assert _trail_violations() == []
    # and each DoA's recruitment stages are all reached, in order, the last being the entry on duty
    for doa in Doa.objects.order_by("reference")[:20]:
        assert all(mark.at is not None for mark in doa_recruitment_stage_marks(doa))
        stages = doa_stages(doa)
        days = [stage.days for stage in stages]
        assert None not in days and days == sorted(days), (doa.reference, days)
        (assignment,) = Assignment.objects.filter(position__doa=doa)
        entry = next(stage for stage in stages if stage.key == "entry_on_duty")
        assert entry.days == (assignment.entry_on_duty - doa.approved_at.date()).days
    # and most shortlists come within the 2-week service level
    late = sum(
        1
        for a in Application.objects.select_related("doa")
        if a.shortlisted_at - a.doa.approved_at > dt.timedelta(days=14)
    )
    assert late < Application.objects.count() * 0.2


def _with_closure(tmp_path, closure: str) -> Path:
    path = tmp_path / "closure.yaml"
    path.write_text(SMALL.read_text() + "  mission_closures:\n    MINUSMA:\n" + closure)
    return path


def test_a_closure_of_the_profile_is_replayed_and_counted(reference, tmp_path):
    # given the small profile with a mission closure: 9 assignments ended, 3 volunteers redeployed
    profile = profile_load(_with_closure(tmp_path, "      assignments_ended: 9\n      redeployed: 3\n"))
    # when
    report = generate(profile=profile, seed=4, progress=_quiet)
    # then the closure was made through the lifecycle services and the statistics count it
    closure = MissionClosure.objects.get()
    assert (closure.host_entity.acronym, closure.closure_date) == ("MINUSMA", dt.date(2023, 12, 31))
    assert closure.committed_by.username == "synthetic-generator"
    assert not closure.committed_by.has_usable_password()
    onsite = statistics_for_year(year=2023, exact=True)["onsite"]
    assert onsite["mission_closures"] == {"MINUSMA": {"assignments_ended": 9, "redeployed": 3}}
    assert onsite["by_host_entity"]["MINUSMA"]["volunteers"] == 12  # chosen: 9 and a third more
    assert "onsite.by_host_entity.MINUSMA.volunteers 12 (not given;" in "\n".join(report.notes.choices)
    assert not Assignment.objects.filter(host_entity=closure.host_entity, status="active").exists()
    assert rule_violations(2023) == []
    assert _trail_violations() == []
    # and the other figures of the profile still hold
    document = statistics_for_year(year=2023, exact=True)
    assert [
        f.path for f in profile.figures() if not figure_matches(f.kind, f.value, _value(document, f.path))
    ] == []


def test_a_closure_that_cannot_hold_is_refused_naming_the_figure(reference, tmp_path):
    # more redeployed than ended
    profile = profile_load(_with_closure(tmp_path, "      assignments_ended: 4\n      redeployed: 5\n"))
    with pytest.raises(ProfileConflictError) as refused:
        generate(profile=profile, seed=0, progress=_quiet)
    assert (
        "onsite.mission_closures.MINUSMA.redeployed 5 is more than "
        "onsite.mission_closures.MINUSMA.assignments_ended 4 by 1" in str(refused.value)
    )
    # a host given fewer volunteers than its closure ended
    text = _with_closure(tmp_path, "      assignments_ended: 9\n").read_text()
    text = text.replace(
        "  by_host_type:\n", "  by_host_entity:\n    MINUSMA:\n      volunteers: 5\n  by_host_type:\n"
    )
    (tmp_path / "few.yaml").write_text(text)
    with pytest.raises(ProfileConflictError) as refused:
        generate(profile=profile_load(tmp_path / "few.yaml"), seed=0, progress=_quiet)
    assert "onsite.mission_closures.MINUSMA.assignments_ended 9:" in str(refused.value)
    assert Assignment.objects.count() == 0


def _with_separations(tmp_path, resignations: int, terminations: int) -> Path:
    path = tmp_path / "separations.yaml"
    path.write_text(
        SMALL.read_text()
        + f"  separations:\n    resignations: {resignations}\n    terminations: {terminations}\n"
    )
    return path


def test_the_separations_of_the_profile_end_assignments_early_and_move_no_other_figure(reference, tmp_path):
    # given the rate tables, so that the leave owing can be worked out
    entitlements_load_defaults()
    profile = profile_load(_with_separations(tmp_path, 12, 4))
    # when
    report = generate(profile=profile, seed=5, progress=_quiet)
    # then the statistics count them, and every other figure still holds
    document = statistics_for_year(year=2023, exact=True)
    assert document["onsite"]["separations"] == {"resignations": 12, "terminations": 4}
    assert report.verified == len(profile.figures())
    assert rule_violations(2023) == []
    # and each ended its assignment early, in the year, with its leave worked out
    separations = Separation.objects.select_related("assignment").order_by("pk")
    assert [s.kind for s in separations].count(Separation.Kind.TERMINATION) == 4
    for separation in separations:
        assignment = separation.assignment
        assert separation.status == Separation.Status.ACCEPTED
        assert assignment.status == Assignment.Status.TERMINATED
        assert assignment.actual_end == separation.last_day < assignment.planned_end
        assert separation.last_day.year == 2023
        assert (separation.last_day - assignment.entry_on_duty).days >= 30
        assert separation.reason
        assert separation.submitted_at <= separation.decided_at
        assert separation.leave_rate is not None
        assert separation.leave_owing_days == max(
            separation.leave_accrued_days - separation.leave_taken_days, Decimal("0")
        )
    assert len({s.assignment.volunteer_id for s in separations}) == 16


def test_separations_that_cannot_all_end_early_are_refused_naming_the_figures(reference, tmp_path):
    # when / then: more separations than assignments
    with pytest.raises(ProfileConflictError) as refused:
        generate(profile=profile_load(_with_separations(tmp_path, 240, 10)), seed=1, progress=_quiet)
    assert "onsite.separations.resignations 240 + onsite.separations.terminations 10 = 250" in str(
        refused.value
    )
    assert Assignment.objects.count() == 0


def test_families_are_recognized_as_dependants_with_children_under_21(reference):
    # when
    generate(profile=profile_load(SMALL), seed=4, progress=_quiet)
    # then some volunteers have recognized dependants from their entry on duty
    dependants = Dependant.objects.select_related("assignment__volunteer", "assignment__duty_station")
    assert 0 < len({d.assignment_id for d in dependants}) < Assignment.objects.count()
    for dependant in dependants:
        assignment = dependant.assignment
        assert dependant.recognized_from == assignment.entry_on_duty
        assert dependant.family_name == assignment.volunteer.family_name
        if dependant.relationship == Dependant.Relationship.CHILD:
            assert dependant.date_of_birth > years_before(assignment.entry_on_duty, 21)
        # an international volunteer's family is not at a non-family duty station
        if not assignment.duty_station.is_family:
            assert assignment.modality == "national" or not dependant.accompanying
    # and a volunteer's family is the same for each of their assignments
    families: dict[int, set[tuple[str, str, object]]] = {}
    for dependant in dependants:
        family = {
            (d.relationship, d.given_name, d.date_of_birth)
            for d in dependants
            if d.assignment_id == dependant.assignment_id
        }
        volunteer = dependant.assignment.volunteer_id
        assert families.setdefault(volunteer, family) == family


def test_every_assignment_that_ended_has_its_cleared_end_of_assignment(reference):
    # when
    generate(profile=profile_load(SMALL), seed=6, progress=_quiet)
    # then each ended assignment was cleared, with its certificate, and none still serving was
    ended = Assignment.objects.filter(actual_end__isnull=False)
    assert EndOfAssignment.objects.count() == ended.count() > 0
    assert not EndOfAssignment.objects.exclude(status=EndOfAssignment.Status.CLEARED).exists()
    assert rule_violations(2023) == []
    # and the rules notice one missing
    end = EndOfAssignment.objects.order_by("pk").first()
    reference_of = end.assignment.reference
    end.delete()
    assert rule_violations(2023) == [
        f"{reference_of}: ended {end.last_day} without a cleared end of assignment on that day"
    ]
