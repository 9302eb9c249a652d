import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from mobilize.geo.tests.factories import CountryFactory
from mobilize.matching.checks import matching_weights_check
from mobilize.matching.selectors import candidate_rank
from mobilize.matching.tests import factories as f
from mobilize.matching.weights import DEFAULT_WEIGHTS, matching_weights, point_allocation, weight_errors

ALL = list(DEFAULT_WEIGHTS)


def weights(**changes):
    return {**DEFAULT_WEIGHTS, **changes}


def test_default_weights_are_valid_and_give_100_points():
    assert weight_errors(DEFAULT_WEIGHTS) == []
    assert point_allocation(matching_weights()) == {
        "expertise": 3000,
        "languages": 2000,
        "experience": 1500,
        "education": 1000,
        "availability": 1000,
        "duty_station": 500,
        "performance": 1000,
    }


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ([1, 2], "MOBILIZE_MATCHING_WEIGHTS must be a dict of component name to weight."),
        (weights(luck=5), "MOBILIZE_MATCHING_WEIGHTS names unknown components: luck."),
        (
            {k: v for k, v in DEFAULT_WEIGHTS.items() if k != "education"},
            "MOBILIZE_MATCHING_WEIGHTS lacks a weight for: education.",
        ),
        (weights(expertise="high"), "MOBILIZE_MATCHING_WEIGHTS['expertise'] must be a number, not 'high'."),
        (weights(expertise=True), "MOBILIZE_MATCHING_WEIGHTS['expertise'] must be a number, not True."),
        (
            weights(expertise=float("nan")),
            "MOBILIZE_MATCHING_WEIGHTS['expertise'] must be a number, not nan.",
        ),
        (weights(languages=-1), "MOBILIZE_MATCHING_WEIGHTS['languages'] must be zero or more and finite."),
        (
            weights(languages=float("inf")),
            "MOBILIZE_MATCHING_WEIGHTS['languages'] must be zero or more and finite.",
        ),
        (
            dict.fromkeys(ALL, 0),
            "MOBILIZE_MATCHING_WEIGHTS must give at least one component a weight above zero.",
        ),
    ],
)
def test_bad_weights_are_named(value, error):
    assert weight_errors(value) == [error]


def test_the_system_check_reports_bad_weights_and_passes_good_ones():
    with override_settings(MOBILIZE_MATCHING_WEIGHTS=weights(languages=-1)):
        [error] = matching_weights_check()
        assert (error.id, error.msg) == (
            "matching.E001",
            "MOBILIZE_MATCHING_WEIGHTS['languages'] must be zero or more and finite.",
        )
        with pytest.raises(ImproperlyConfigured, match="zero or more"):
            matching_weights()
    with override_settings(MOBILIZE_MATCHING_WEIGHTS=weights(languages=0.5)):
        assert matching_weights_check() == []


def test_allocation_always_adds_up_to_100_points():
    assert point_allocation(dict.fromkeys(ALL, 1.0)) == {
        "expertise": 1429,
        "languages": 1429,
        "experience": 1429,
        "education": 1429,
        "availability": 1428,
        "duty_station": 1428,
        "performance": 1428,
    }
    uneven = point_allocation(weights(expertise=3.3, languages=0.0, experience=7.77))
    assert sum(uneven.values()) == 10_000
    assert uneven["languages"] == 0


@pytest.mark.django_db
def test_weights_are_read_from_the_setting_when_ranking():
    # given: two candidates; one has more experience, the other a driving licence
    kenya, peru = CountryFactory(iso2="KE"), CountryFactory(iso2="PE")
    request = f.doa(
        kenya,
        f.international_specialist(),
        driving_licence_required=True,
        start=dt.date(2025, 1, 1),
        end=dt.date(2025, 12, 31),
    )
    seasoned = f.candidate(peru, experience_months=200, has_driving_licence=False)
    driver = f.candidate(peru, experience_months=40, has_driving_licence=True)
    f.refresh()

    with override_settings(MOBILIZE_MATCHING_WEIGHTS=weights(experience=50, duty_station=0)):
        by_experience = [r.candidate for r in candidate_rank(doa=request)]
    with override_settings(MOBILIZE_MATCHING_WEIGHTS=weights(experience=0, duty_station=50)):
        by_station = [r.candidate for r in candidate_rank(doa=request)]

    assert by_experience == [seasoned, driver]
    assert by_station == [driver, seasoned]
