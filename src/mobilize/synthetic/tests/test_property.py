"""For any feasible profile (drawn from a random small ground truth), the statistics of the
generated data reproduce the profile, and the data keep every domain rule."""

from __future__ import annotations

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mobilize.reference.services import reference_load
from mobilize.statistics.selectors import statistics_for_year
from mobilize.synthetic.generator import generate
from mobilize.synthetic.generator.world import world_load
from mobilize.synthetic.profiles import Profile, figure_matches
from mobilize.synthetic.tests.groundtruth import profiles
from mobilize.synthetic.tests.rules import rule_violations

pytestmark = pytest.mark.django_db


def _value(document, path):
    node = document
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


@pytest.mark.xfail(
    reason="Known generator bug, open in issue 3: for some small feasible profiles the nationality "
    "step finds no other nationality for an international volunteer (ProfileConflict on "
    "onsite.nationalities) although the ground truth shows one exists.",
    strict=False,
)
def test_generated_data_reproduce_any_feasible_profile(db):
    reference_load()
    world = world_load()

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(data=profiles(world), seed=st.integers(min_value=0, max_value=1000))
    def check(data, seed):
        profile = Profile(data)
        with transaction.atomic():
            generate(profile=profile, seed=seed, progress=lambda line: None)
            document = statistics_for_year(year=profile.year, exact=True)
            violations = rule_violations(profile.year)
            transaction.set_rollback(True)
        wrong = [
            f"{f.path}: {f.value} != {_value(document, f.path)}"
            for f in profile.figures()
            if not figure_matches(f.kind, f.value, _value(document, f.path))
        ]
        assert wrong == []
        assert violations == []

    check()
