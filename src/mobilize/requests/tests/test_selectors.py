import datetime as dt

import pytest
from django.http import Http404

from mobilize.accounts.models import Role, User
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.reference.models import FundingType
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory, VolunteerCategoryFactory
from mobilize.requests.models import Doa
from mobilize.requests.selectors import DoaFilters, doa_get, doa_list, position_get
from mobilize.requests.tests.factories import DoaFactory, DoaLanguageFactory, PositionFactory

pytestmark = pytest.mark.django_db


def refs(qs):
    return [doa.reference for doa in qs]


def test_list_is_scoped_and_newest_first(world, cast):
    newer = DoaFactory(host_entity=world.host, country=world.country, category=world.category)
    assert refs(doa_list(viewer=cast["hq"])) == [
        newer.reference,
        world.other_doa.reference,
        world.doa.reference,
    ]
    assert refs(doa_list(viewer=cast["focal"])) == [newer.reference, world.doa.reference]
    assert refs(doa_list(viewer=cast["field_out"])) == [world.other_doa.reference]
    assert refs(doa_list(viewer=cast["donor"])) == []
    assert refs(doa_list(viewer=cast["volunteer"])) == []


def test_list_counts_positions(world, cast):
    PositionFactory(doa=world.doa, duty_station=world.station)
    counts = {doa.reference: doa.position_count for doa in doa_list(viewer=cast["hq"])}
    assert counts == {world.doa.reference: 2, world.other_doa.reference: 1}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (DoaFilters(status="submitted"), ["submitted"]),
        (DoaFilters(funding_type=FundingType.SVF), ["svf"]),
        (DoaFilters(search="DOA-X-SEARCH"), ["searched"]),
        (DoaFilters(search="needle"), ["searched"]),
        (DoaFilters(start_from=dt.date(2030, 1, 1)), ["late"]),
        (DoaFilters(start_to=dt.date(2020, 12, 31)), ["early"]),
        (DoaFilters(start_from=dt.date(2020, 1, 1), start_to=dt.date(2020, 12, 31)), ["early"]),
    ],
)
def test_list_filters(filters, expected, world, cast):
    # given: DoAs that each differ in one way from world.doa
    base = {"host_entity": world.host, "country": world.country, "category": world.category}
    DoaFactory(title="submitted", status=Doa.Status.SUBMITTED, **base)
    DoaFactory(title="svf", funding_type=FundingType.SVF, **base)
    DoaFactory(title="searched needle", reference="DOA-X-SEARCH", **base)
    DoaFactory(title="late", start_date=dt.date(2030, 1, 1), end_date=dt.date(2030, 12, 31), **base)
    DoaFactory(title="early", start_date=dt.date(2020, 1, 1), end_date=dt.date(2020, 12, 31), **base)
    # when
    found = [doa.title.split()[0] for doa in doa_list(viewer=cast["focal"], filters=filters)]
    # then
    assert found == expected


def test_list_filters_by_host_country_and_category(world, cast):
    other_category = VolunteerCategoryFactory(code="international-specialist")
    special = DoaFactory(host_entity=world.other_host, country=world.country, category=other_category)
    hq = cast["hq"]
    assert refs(doa_list(viewer=hq, filters=DoaFilters(host_entity_id=world.other_host.pk))) == [
        special.reference,
        world.other_doa.reference,
    ]
    assert refs(doa_list(viewer=hq, filters=DoaFilters(country_id=world.country.pk))) == [
        special.reference,
        world.doa.reference,
    ]
    assert refs(doa_list(viewer=hq, filters=DoaFilters(category_id=other_category.pk))) == [special.reference]


def test_filters_never_widen_the_scope(world, cast):
    assert refs(doa_list(viewer=cast["focal"], filters=DoaFilters(host_entity_id=world.other_host.pk))) == []


def test_list_query_count(world, cast, django_assert_num_queries):
    # given: more DoAs with positions
    for _ in range(5):
        doa = DoaFactory(host_entity=world.host, country=world.country, category=world.category)
        PositionFactory(doa=doa, duty_station=world.station)
    focal = User.objects.get(username="focal")  # a fresh copy: its scope is not cached yet
    # when / then: the scope, then one query for the page with hosts, countries, categories, counts
    with django_assert_num_queries(2):
        rows = [
            (d.reference, d.host_entity.acronym, d.country.name, str(d.category), d.position_count)
            for d in doa_list(viewer=focal)
        ]
    assert len(rows) == 6
    with django_assert_num_queries(1):
        assert len(list(doa_list(viewer=cast["hq"]))) == 7


def test_get_prefetches_everything_the_page_shows(world, cast, django_assert_num_queries):
    # given
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    for station in (kisumu, world.station, kisumu):
        PositionFactory(doa=world.doa, duty_station=station)
    for code in ("en", "fr", "sw"):
        DoaLanguageFactory(doa=world.doa, language=LanguageFactory(code=code, name_en=code.upper()))
    world.doa.expertise.set([ExpertiseAreaFactory(code="health"), ExpertiseAreaFactory(code="data")])
    hq = cast["hq"]
    # when / then: the DoA with its joins, its expertise, its languages, its positions
    with django_assert_num_queries(4):
        doa = doa_get(viewer=hq, doa_id=world.doa.pk)
        shown = (
            doa.host_entity.acronym,
            doa.country.name,
            str(doa.category),
            doa.sdg,
            [str(area) for area in doa.expertise.all()],
            [(str(row.language), row.level) for row in doa.languages.all()],
            [(str(p.duty_station), p.assignment_count) for p in doa.positions.all()],
        )
    assert shown[5] == [("EN", "fluent"), ("FR", "fluent"), ("SW", "fluent")]
    assert [name for name, _count in shown[6]] == [
        "Nairobi, Kenya",
        "Kisumu, Kenya",
        "Nairobi, Kenya",
        "Kisumu, Kenya",
    ]
    assert [count for _name, count in shown[6]] == [1, 0, 0, 0]


@pytest.mark.parametrize("who", ["other_focal", "field_out", "volunteer", "donor"])
def test_get_hidden_is_404(who, world, cast):
    with pytest.raises(Http404):
        doa_get(viewer=cast[who], doa_id=world.doa.pk)


def test_position_get_only_within_its_doa(world):
    other_position = world.other_doa.positions.get()
    assert position_get(doa=world.doa, position_id=world.position.pk) == world.position
    with pytest.raises(Http404):
        position_get(doa=world.doa, position_id=other_position.pk)


def test_inactive_user_sees_nothing(world, cast):
    hq = cast["hq"]
    hq.is_active = False
    assert refs(doa_list(viewer=hq)) == []
    assert hq.role == Role.HQ
