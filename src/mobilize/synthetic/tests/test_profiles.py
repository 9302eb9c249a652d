"""Reading profiles: decimals kept as written, every unknown key and wrong type named by its path,
precision as written, scaling."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mobilize.synthetic.profiles import (
    COUNT,
    MEAN,
    PROFILES_DIR,
    SHARE,
    ProfileError,
    figure_matches,
    interval,
    places,
    profile_load,
    profile_parse,
)

HEAD = "format: mobilize-statistics/1\nyear: 2023\n"


def test_a_float_keeps_the_places_written():
    # when
    profile = profile_parse(HEAD + "onsite:\n  women: {share: 0.570}\n  age: {mean: 35}\n")
    # then
    share = profile.get("onsite.women.share")
    assert share == Decimal("0.570") and isinstance(share, Decimal) and places(share) == 3
    assert profile.get("onsite.age.mean") == 35 and places(profile.get("onsite.age.mean")) == 0


def test_a_country_code_no_is_norway_not_false():
    profile = profile_parse(HEAD + "onsite:\n  by_country: {NO: 3, KE: 4}\n")
    assert profile.get("onsite.by_country") == {"NO": 3, "KE": 4}


def test_an_unknown_key_is_named_by_its_path():
    with pytest.raises(ProfileError) as refused:
        profile_parse(HEAD + "onsite:\n  by_host_group:\n    undp: {volnteers: 3}\n  womn: {share: 0.5}\n")
    assert refused.value.messages == [
        "onsite.by_host_group.undp.volnteers: unknown key",
        "onsite.womn: unknown key",
    ]


def test_an_unknown_region_is_named_with_the_regions_allowed():
    with pytest.raises(ProfileError) as refused:
        profile_parse(HEAD + "onsite:\n  by_region: {africa: 3, oceania: 2}\n")
    assert refused.value.messages == [
        "onsite.by_region.oceania: unknown region "
        "(expected africa, arab_states, asia_pacific, europe_cis, latin_america, global)"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("onsite: {volunteers: 12.5}", "onsite.volunteers: must be a whole number, not 12.5"),
        ("onsite: {volunteers: many}", "onsite.volunteers: must be a number, not 'many'"),
        ("onsite: {volunteers: true}", "onsite.volunteers: must be a number, not True"),
        ("onsite: {volunteers: -3}", "onsite.volunteers: must not be negative"),
        (
            "onsite: {women: {share: 1.5}}",
            "onsite.women.share: a share is a fraction between 0 and 1, not 1.5",
        ),
        ("onsite: {women: 0.5}", "onsite.women: must be a mapping, not Decimal('0.5')"),
        ("onsite: {age: {min: 18.5}}", "onsite.age.min: must be a whole number, not 18.5"),
    ],
)
def test_a_wrong_type_is_named_by_its_path(text, message):
    with pytest.raises(ProfileError) as refused:
        profile_parse(HEAD + text)
    assert refused.value.messages == [message]


def test_format_and_year_are_required_and_checked():
    with pytest.raises(ProfileError) as refused:
        profile_parse("format: other\nonsite: {volunteers: 3}\n")
    assert refused.value.messages == ["format: must be 'mobilize-statistics/1'", "year: missing"]


def test_null_is_the_same_as_absent():
    profile = profile_parse(HEAD + "onsite:\n  volunteers: 10\n  women: null\n  age: {mean: null}\n")
    assert profile.data["onsite"] == {"volunteers": 10}


def test_the_statistics_document_reads_back_as_a_profile():
    # given the keys only the statistics document has: the previous year, the change, approvals missing
    text = HEAD + (
        "onsite:\n  lead_time_days: {national: {mean: 23.00, assignments: 4, without_approval: 0}}\n"
        "previous_year: null\nchange:\n  volunteers: 0.0400\n  women: {count: 0.02, share: -0.0100}\n"
        "  by_host_group: {undp: {volunteers: null}}\n"
    )
    # when / then
    assert profile_parse(text).get("change.women.share") == Decimal("-0.0100")


@pytest.mark.parametrize(
    ("kind", "expected", "actual", "matches"),
    [
        (SHARE, Decimal("0.57"), Decimal("0.5699"), True),
        (SHARE, Decimal("0.57"), Decimal("0.575"), False),
        (SHARE, Decimal("0.57"), Decimal("0.565"), True),
        (SHARE, Decimal("0.570"), Decimal("0.5699"), True),
        (SHARE, Decimal("0.570"), Decimal("0.5694"), False),
        (MEAN, 35, Decimal("35.49"), True),
        (MEAN, 35, Decimal("35.5"), False),
        (MEAN, 35, Decimal("34.5"), True),
        (MEAN, 35, None, False),
        (COUNT, 12840, 12840, True),
        (COUNT, 12840, 12841, False),
    ],
)
def test_a_figure_is_reproduced_to_the_places_written(kind, expected, actual, matches):
    assert figure_matches(kind, expected, actual) is matches


def test_the_interval_of_a_figure():
    assert interval(Decimal("0.498")) == (Decimal("0.4975"), Decimal("0.4985"))
    assert interval(23) == (Decimal("22.5"), Decimal("23.5"))


def test_scaling_multiplies_counts_but_not_countries_shares_means_or_ages():
    profile = profile_load(PROFILES_DIR / "unv-2023.yaml").scaled(10)
    assert profile.get("onsite.volunteers") == 128400
    assert profile.get("onsite.by_host_group.undp.volunteers") == 33090
    assert profile.get("onsite.by_host_group.undp.countries") == 124
    assert profile.get("onsite.countries_served") == 169
    assert profile.get("onsite.nationalities") == 180
    assert profile.get("onsite.host_entities_served") == 56
    assert profile.get("onsite.global_south.share") == Decimal("0.88")
    assert profile.get("onsite.age.aged_60_plus") == 1670
    assert (profile.get("onsite.age.min"), profile.get("onsite.age.max"), profile.get("onsite.age.mean")) == (
        18,
        78,
        35,
    )


def test_a_missing_file_is_reported():
    with pytest.raises(ProfileError, match="cannot read the file"):
        profile_load(PROFILES_DIR / "no-such-profile.yaml")
