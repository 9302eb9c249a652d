"""Generating a small profile: determinism, scale, the command's report, the talent pool, and a year
that already holds data."""

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


def _digest_of_run(seed: int) -> str:
    with transaction.atomic():
        generate(profile=profile_load(SMALL), seed=seed, progress=_quiet)
        digest = rows_digest()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_gives_the_same_rows(reference):
    # when the same profile is generated twice with one seed (and once with another)
    first, second, other = _digest_of_run(7), _digest_of_run(7), _digest_of_run(8)
    # then the rows are the same, and another seed gives other rows
    assert first == second
    assert first != other


def test_the_small_profile_is_reproduced_and_keeps_every_rule(reference):
    # given
    profile = profile_load(SMALL)
    # when
    generate(profile=profile, seed=3, progress=_quiet)
    # then
    document = statistics_for_year(year=2023, exact=True)
    for figure in profile.figures():
        node = document
        for part in figure.path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        assert figure_matches(figure.kind, figure.value, node), figure.path
    assert rule_violations(2023) == []


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


def test_the_command_reports_explanations_choices_and_progress(reference):
    # when
    out = io.StringIO()
    call_command("generate", profile=str(SMALL), seed=2, talent_pool=5, stdout=out)
    # then
    text = out.getvalue()
    assert "  volunteers 240/240" in text
    assert "  talent pool 5/5" in text
    assert "Figures that do not add up, and how they all hold:" in text
    assert (
        "global_south.national 150 + global_south.international_in_global_south 55 = 205, 5 more than "
        "global_south.count 200: 5 Global South volunteers served under both modalities in the year" in text
    )
    assert "onsite.by_region adds up to 245, 5 more than onsite.volunteers 240" in text
    assert "Figures the profile leaves open, as generated:" in text
    assert "The statistics reproduce all 29 figures of the profile." in text


def test_a_year_that_already_has_assignments_is_refused(reference):
    # given the year generated once
    call_command("generate", profile=str(SMALL), seed=1, stdout=io.StringIO())
    before = Assignment.objects.count()
    # when / then
    with pytest.raises(CommandError, match="already holds 245 assignments active in 2023"):
        call_command("generate", profile=str(SMALL), seed=1, stdout=io.StringIO())
    assert Assignment.objects.count() == before
