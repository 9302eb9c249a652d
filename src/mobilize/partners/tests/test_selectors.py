import pytest
from django.contrib.auth.models import AnonymousUser

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.geo.tests.factories import CountryFactory
from mobilize.partners.selectors import (
    hostentity_acronym_taken,
    hostentity_ancestor_ids,
    hostentity_list,
    hostentity_placeable_countries,
    reportinggroup_list,
)
from mobilize.partners.tests.factories import HostEntityFactory, ReportingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entities():
    un = ReportingGroupFactory(
        code="secretariat", name_en="UN Secretariat entities and missions", sort_order=1
    )
    other = ReportingGroupFactory(code="other", name_en="Other", sort_order=9)
    kenya = CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya")
    dpo = HostEntityFactory(
        acronym="DPO", name_en="Department of Peace Operations", type="secretariat", reporting_group=un
    )
    return {
        "DPO": dpo,
        "UNMISS": HostEntityFactory(
            acronym="UNMISS",
            name_en="UN Mission in South Sudan",
            name_zh="联合国南苏丹特派团",
            type="peacekeeping",
            reporting_group=un,
            parent=dpo,
        ),
        "UNDP": HostEntityFactory(acronym="UNDP", name_en="UN Development Programme", reporting_group=other),
        "KRCS": HostEntityFactory(
            acronym="KRCS", name_en="Kenya Red Cross", type="ngo", reporting_group=other, country=kenya
        ),
        "OLD": HostEntityFactory(
            acronym="OLD", name_en="Old University", type="academic", reporting_group=other, is_active=False
        ),
    }


def acronyms(qs):
    return [e.acronym for e in qs]


def test_hostentity_list_joins_group_parent_and_country_in_one_query(entities, django_assert_num_queries):
    viewer = UserFactory(role=Role.CANDIDATE)
    with django_assert_num_queries(1):
        rows = [
            (
                e.acronym,
                e.reporting_group.code,
                e.parent.acronym if e.parent else None,
                e.country.iso2 if e.country else None,
            )
            for e in hostentity_list(viewer=viewer)
        ]
    assert rows == [
        ("DPO", "secretariat", None, None),
        ("KRCS", "other", None, "KE"),
        ("OLD", "other", None, None),
        ("UNDP", "other", None, None),
        ("UNMISS", "secretariat", "DPO", None),
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"entity_type": "peacekeeping"}, ["UNMISS"]),
        ({"is_un": True}, ["DPO", "UNDP", "UNMISS"]),
        ({"is_un": False}, ["KRCS", "OLD"]),
        ({"is_active": False}, ["OLD"]),
        ({"search": "南苏丹"}, ["UNMISS"]),
        ({"search": "red cross"}, ["KRCS"]),
        ({"search": "und"}, ["UNDP"]),
        ({"is_un": False, "is_active": True}, ["KRCS"]),
    ],
)
def test_hostentity_list_filters(filters, expected, entities):
    viewer = UserFactory(role=Role.DONOR)
    assert acronyms(hostentity_list(viewer=viewer, **filters)) == expected


def test_hostentity_list_by_group_and_parent(entities):
    viewer = UserFactory(role=Role.HQ)
    group = entities["DPO"].reporting_group
    assert acronyms(hostentity_list(viewer=viewer, reporting_group_id=group.pk)) == ["DPO", "UNMISS"]
    assert acronyms(hostentity_list(viewer=viewer, parent_id=entities["DPO"].pk)) == ["UNMISS"]


def test_anonymous_sees_nothing(entities):
    assert acronyms(hostentity_list(viewer=AnonymousUser())) == []
    assert list(reportinggroup_list(viewer=AnonymousUser())) == []


def test_reportinggroup_list_in_report_order_in_one_query(entities, django_assert_num_queries):
    viewer = UserFactory(role=Role.HOST_FOCAL_POINT)
    with django_assert_num_queries(1):
        assert [g.code for g in reportinggroup_list(viewer=viewer)] == ["secretariat", "other"]


def test_placeable_countries_follow_the_role(entities):
    peru = CountryFactory(iso2="PE", iso3="PER", m49="604", name_en="Peru")
    field = UserFactory(role=Role.FIELD_UNIT, countries=[peru])
    assert [c.iso2 for c in hostentity_placeable_countries(user=UserFactory(role=Role.RECRUITER))] == [
        "KE",
        "PE",
    ]
    assert [c.iso2 for c in hostentity_placeable_countries(user=field)] == ["PE"]
    assert list(hostentity_placeable_countries(user=UserFactory(role=Role.HOST_FOCAL_POINT))) == []


def test_acronym_taken_ignores_case_and_the_entity_itself(entities):
    assert hostentity_acronym_taken(acronym="undp") is True
    assert hostentity_acronym_taken(acronym="UNDP", exclude_id=entities["UNDP"].pk) is False
    assert hostentity_acronym_taken(acronym="UNEP") is False


def test_ancestor_ids_walk_up_the_chain(entities):
    assert hostentity_ancestor_ids(hostentity_id=entities["UNMISS"].pk) == [
        entities["UNMISS"].pk,
        entities["DPO"].pk,
    ]
    assert hostentity_ancestor_ids(hostentity_id=entities["DPO"].pk) == [entities["DPO"].pk]
