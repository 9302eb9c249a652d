"""Generating a small profile end to end: the command, determinism for a seed, scale, the talent
pool, a refused conflicting profile and a year that already holds data."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from mobilize.assignments.models import Assignment
from mobilize.reference.services import reference_load
from mobilize.statistics.selectors import statistics_for_year
from mobilize.synthetic.generator import generate
from mobilize.synthetic.profiles import figure_matches, profile_load
from mobilize.synthetic.tests.rules import rows_digest, rule_violations
from mobilize.talent.models import Candidate, DisabilityDisclosure

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
    profile = profile_load(SMALL)
    assert f"The statistics reproduce all {len(profile.figures())} figures of the profile." in text
    # and the statistics of the year written reproduce every figure, with every rule kept
    document = statistics_for_year(year=2023, exact=True)
    wrong = [
        f.path for f in profile.figures() if not figure_matches(f.kind, f.value, _value(document, f.path))
    ]
    assert wrong == []
    assert rule_violations(2023) == []
    assert Assignment.objects.count() == 245


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
