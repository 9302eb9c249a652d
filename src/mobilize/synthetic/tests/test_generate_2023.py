"""The 2023 programme generated from profiles/unv-2023.yaml reproduces every figure of the report,
as the statistics engine computes them, and keeps every domain rule."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.db.models import F

from mobilize.assignments.models import Assignment
from mobilize.lifecycle.models import Extension, MissionClosure
from mobilize.reference.services import reference_load
from mobilize.statistics.selectors import statistics_for_year
from mobilize.synthetic.generator import GenerationReport, generate
from mobilize.synthetic.profiles import PROFILES_DIR, figure_matches, profile_load
from mobilize.synthetic.tests.rules import rule_violations
from mobilize.talent.models import Candidate

pytestmark = pytest.mark.django_db  # (the module's data is made once, by the fixture, and rolled back)

PROFILE = profile_load(PROFILES_DIR / "unv-2023.yaml")
FIGURES = PROFILE.figures()


@dataclass
class Generated:
    report: GenerationReport
    document: dict[str, Any]
    violations: list[str]
    candidates: int
    refugees_serving_nationally: int
    closure: dict[str, Any]


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker) -> Generated:
    """Generate once for the module, read everything needed, and roll it all back."""
    with django_db_blocker.unblock(), transaction.atomic():
        reference_load()
        report = generate(profile=PROFILE, seed=0, talent_pool=25, progress=lambda line: None)
        result = Generated(
            report=report,
            document=statistics_for_year(year=2023, exact=True),
            violations=rule_violations(2023),
            candidates=Candidate.objects.count(),
            refugees_serving_nationally=Candidate.objects.filter(
                displacement="refugee",
                assignments__modality="national",
                assignments__duty_country=F("residence"),
            ).count(),
            closure=_closure_facts(),
        )
        transaction.set_rollback(True)
    return result


def _closure_facts() -> dict[str, Any]:
    """What the generated MINUSMA closure left: the closure's own counts, the host's assignments
    still open, and the extensions that kept posts until the closure, each checked for order."""
    closure = MissionClosure.objects.get(host_entity__acronym="MINUSMA")
    extensions = Extension.objects.select_related("assignment")
    return {
        "closure_date": closure.closure_date,
        "ended": closure.ended_count,
        "redeployed": closure.redeployments.filter(status="redeployed").count(),
        "still_open": Assignment.objects.filter(
            host_entity__acronym="MINUSMA", status__in=Assignment.OPEN_STATUSES
        ).count(),
        "extensions": extensions.count(),
        "extensions_out_of_order": [
            e.assignment.reference
            for e in extensions
            if not (
                e.status == "approved"
                and e.assignment.entry_on_duty < e.requested_at.date()
                and e.requested_at <= e.funding_confirmed_at <= e.decided_at
                and e.decided_at.date() <= e.previous_planned_end < e.new_planned_end
                and e.assignment.planned_end == e.new_planned_end
            )
        ],
    }


def test_the_minusma_closure_is_replayed_from_the_profile(generated):
    # given the profile: 294 MINUSMA assignments ended, 50 of those volunteers redeployed
    closure = generated.closure
    # then the generator closed MINUSMA on the last day of the year through the lifecycle services
    assert closure["closure_date"] == dt.date(2023, 12, 31)
    assert (closure["ended"], closure["redeployed"], closure["still_open"]) == (294, 50, 0)
    # and the posts it kept open until the closure were extended, each approved before its old end
    assert closure["extensions"] > 0
    assert closure["extensions_out_of_order"] == []


def _value(document: dict[str, Any], path: str) -> Any:
    node: Any = document
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


@pytest.mark.parametrize("figure", FIGURES, ids=[f.path for f in FIGURES])
def test_the_statistics_reproduce_the_figure(generated, figure):
    # given the 2023 programme generated from the profile
    # when the statistics engine computes the year
    actual = _value(generated.document, figure.path)
    # then the figure is reproduced (a count exactly, a share or a mean to the places written)
    assert figure_matches(figure.kind, figure.value, actual), f"{figure.path}: {figure.value} != {actual}"


def test_the_profile_holds_every_figure_of_the_report_this_issue_covers():
    paths = {f.path for f in FIGURES}
    assert paths == {
        "onsite.volunteers",
        "onsite.countries_served",
        "onsite.nationalities",
        "onsite.host_entities_served",
        "onsite.global_south.count",
        "onsite.global_south.share",
        "onsite.global_south.national",
        "onsite.global_south.international_in_global_south",
        "onsite.women.share",
        "onsite.women_by_region.africa.share",
        "onsite.age.mean",
        "onsite.age.min",
        "onsite.age.max",
        "onsite.age.aged_60_plus",
        "onsite.youth",
        "onsite.with_disabilities",
        "onsite.by_region.africa",
        "onsite.by_region.latin_america",
        "onsite.by_region.asia_pacific",
        "onsite.by_region.arab_states",
        "onsite.by_region.europe_cis",
        *(
            f"onsite.by_host_group.{g}.volunteers"
            for g in ("un-secretariat", "undp", "unicef", "unhcr", "who", "unfpa", "iom", "un-women", "wfp")
        ),
        *(
            f"onsite.by_host_group.{g}.countries"
            for g in ("undp", "unicef", "unhcr", "who", "unfpa", "iom", "un-women", "wfp")
        ),
        "onsite.by_host_entity.UNODC.volunteers",
        "onsite.by_host_entity.OHCHR.volunteers",
        "onsite.by_host_entity.OCHA.volunteers",
        "onsite.by_host_type.peacekeeping.international",
        "onsite.by_host_type.political_mission.volunteers",
        "onsite.lead_time_days.national.mean",
        "onsite.lead_time_days.international.mean",
        "onsite.mission_closures.MINUSMA.assignments_ended",
        "onsite.mission_closures.MINUSMA.redeployed",
    }
    assert PROFILE.get("onsite.volunteers") == 12840
    assert str(PROFILE.get("onsite.women_by_region.africa.share")) == "0.498"


def test_every_generated_assignment_keeps_the_domain_rules(generated):
    assert generated.violations == []


def test_the_figures_that_do_not_add_up_are_explained(generated):
    explanations = " | ".join(generated.report.notes.explanations)
    assert "by_region adds up to 12,865, 25 more than onsite.volunteers 12,840" in explanations
    assert (
        "= 11,377, 38 more than global_south.count 11,339: 38 Global South volunteers served under both "
        "modalities" in explanations
    )
    assert "volunteers served in two regions in the year" in explanations


def test_the_talent_pool_and_refugees_are_written(generated):
    assert generated.candidates == 12840 + 25
    assert generated.refugees_serving_nationally >= 1


def test_the_separations_it_chose_are_counted_and_said(generated):
    # the report gives none: 3 % and 0.5 % of the year's assignments, said among the choices
    assignments = generated.document["onsite"]["assignments"]
    expected = {"resignations": round(assignments * 0.03), "terminations": round(assignments * 0.005)}
    assert generated.document["onsite"]["separations"] == expected
    choices = " | ".join(generated.report.notes.choices)
    assert f"onsite.separations.resignations {expected['resignations']:,} (not given" in choices
    assert f"onsite.separations.terminations {expected['terminations']:,} (not given" in choices
    assert generated.report.counts["dependants"] > 0
