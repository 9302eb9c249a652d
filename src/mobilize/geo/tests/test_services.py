import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.core.errors import StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.geo.models import DutyStation, Region, RegionalOffice
from mobilize.geo.services import country_update, dutystation_create, dutystation_update
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory

pytestmark = pytest.mark.django_db


# --- country_update ----------------------------------------------------------------------------


def test_country_update_changes_the_attributes_and_audits_what_changed(cast, world):
    # when
    country = country_update(
        country=world.country,
        actor=cast["hq"],
        data={"name_fr": "Kenya (fr)", "is_global_south": False, "region": Region.AFRICA},
        expected_version=1,
    )
    # then
    country.refresh_from_db()
    assert (country.name_fr, country.is_global_south, country.version) == ("Kenya (fr)", False, 2)
    record = AuditRecord.objects.get(verb="country.updated")
    assert record.actor == cast["hq"]
    assert record.target_id == str(world.country.pk)
    assert record.changes == {"name_fr": ["", "Kenya (fr)"], "is_global_south": [True, False]}


def test_two_country_edits_from_the_same_version_cannot_both_win(cast, world):
    # given
    country_update(country=world.country, actor=cast["hq"], data={"is_territory": True}, expected_version=1)
    # when / then
    with pytest.raises(StaleObjectError):
        country_update(
            country=world.country,
            actor=cast["hq"],
            data={"regional_office": RegionalOffice.HEADQUARTERS},
            expected_version=1,
        )
    world.country.refresh_from_db()
    assert (world.country.regional_office, world.country.is_territory, world.country.version) == (
        "esa",
        True,
        2,
    )
    assert AuditRecord.objects.filter(verb="country.updated").count() == 1


@pytest.mark.parametrize("who", ["recruiter", "auditor", "field_in", "focal", "volunteer", "donor"])
def test_only_headquarters_updates_countries(who, cast, world):
    with pytest.raises(PermissionDenied):
        country_update(
            country=world.country, actor=cast[who], data={"is_global_south": False}, expected_version=1
        )
    world.country.refresh_from_db()
    assert (world.country.is_global_south, world.country.version) == (True, 1)
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [({"region": "atlantis"}, "region"), ({"name_en": ""}, "name_en"), ({"iso2": "XX"}, "iso2")],
)
def test_invalid_country_update_names_the_field_and_writes_nothing(data, field, cast, world):
    with pytest.raises(ValidationError) as excinfo:
        country_update(country=world.country, actor=cast["hq"], data=data, expected_version=1)
    assert list(excinfo.value.message_dict) == [field]
    world.country.refresh_from_db()
    assert (world.country.name_en, world.country.region, world.country.iso2, world.country.version) == (
        "Kenya",
        "africa",
        "KE",
        1,
    )
    assert not AuditRecord.objects.exists()


# --- dutystation_create ------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["hq", "field_in"])
def test_dutystation_create_by_headquarters_or_the_country_field_unit(who, cast, world):
    # when
    station = dutystation_create(
        actor=cast[who], country=world.country, name="  Mombasa ", hardship_class="C", is_family=False
    )
    # then
    station.refresh_from_db()
    assert (station.name, station.country, station.hardship_class, station.is_family) == (
        "Mombasa",
        world.country,
        "C",
        False,
    )
    record = AuditRecord.objects.get(verb="dutystation.created")
    assert record.actor == cast[who]
    assert record.changes["name"] == [None, "Mombasa"]
    assert record.changes["country_id"] == [None, world.country.pk]


def test_field_unit_cannot_place_a_station_outside_its_countries(cast, world):
    with pytest.raises(ValidationError) as excinfo:
        dutystation_create(actor=cast["field_out"], country=world.country, name="Mombasa")
    assert list(excinfo.value.message_dict) == ["country"]
    assert not DutyStation.objects.filter(name="Mombasa").exists()
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize("who", ["recruiter", "auditor", "focal", "volunteer", "donor"])
def test_other_roles_cannot_add_stations(who, cast, world):
    with pytest.raises(PermissionDenied):
        dutystation_create(actor=cast[who], country=world.country, name="Mombasa")
    assert not DutyStation.objects.filter(name="Mombasa").exists()


@pytest.mark.parametrize("name", ["Nairobi", "nairobi", " NAIROBI "])
def test_duplicate_name_in_the_country_is_refused_naming_name(name, cast, world):
    with pytest.raises(ValidationError) as excinfo:
        dutystation_create(actor=cast["hq"], country=world.country, name=name)
    assert list(excinfo.value.message_dict) == ["name"]
    assert DutyStation.objects.filter(country=world.country).count() == 1
    assert not AuditRecord.objects.exists()


def test_same_name_in_another_country_is_fine(cast, world):
    station = dutystation_create(actor=cast["hq"], country=world.other_country, name="Nairobi")
    assert station.country == world.other_country


def test_invalid_hardship_class_is_refused_naming_the_field(cast, world):
    with pytest.raises(ValidationError) as excinfo:
        dutystation_create(actor=cast["hq"], country=world.country, name="Garissa", hardship_class="Z")
    assert list(excinfo.value.message_dict) == ["hardship_class"]
    assert not DutyStation.objects.filter(name="Garissa").exists()


# --- dutystation_update ------------------------------------------------------------------------


def test_dutystation_update_audits_the_changed_fields(cast, world):
    # when
    station = dutystation_update(
        station=world.station,
        actor=cast["field_in"],
        data={"hardship_class": "D", "is_family": False},
        expected_version=1,
    )
    # then
    assert station.version == 2
    record = AuditRecord.objects.get(verb="dutystation.updated")
    assert record.actor == cast["field_in"]
    assert record.changes == {"hardship_class": ["B", "D"], "is_family": [True, False]}


def test_two_station_edits_from_the_same_version_cannot_both_win(cast, world):
    dutystation_update(
        station=world.station, actor=cast["hq"], data={"hardship_class": "C"}, expected_version=1
    )
    with pytest.raises(StaleObjectError):
        dutystation_update(
            station=world.station, actor=cast["field_in"], data={"hardship_class": "E"}, expected_version=1
        )
    world.station.refresh_from_db()
    assert (world.station.hardship_class, world.station.version) == ("C", 2)
    assert AuditRecord.objects.filter(verb="dutystation.updated").count() == 1


def test_field_unit_cannot_edit_a_station_outside_its_countries(cast, world):
    with pytest.raises(PermissionDenied):
        dutystation_update(
            station=world.station, actor=cast["field_out"], data={"is_family": False}, expected_version=1
        )
    world.station.refresh_from_db()
    assert (world.station.is_family, world.station.version) == (True, 1)


def test_field_unit_cannot_move_its_station_to_another_country(cast, world):
    with pytest.raises(ValidationError) as excinfo:
        dutystation_update(
            station=world.station,
            actor=cast["field_in"],
            data={"country": world.other_country},
            expected_version=1,
        )
    assert list(excinfo.value.message_dict) == ["country"]
    world.station.refresh_from_db()
    assert world.station.country == world.country


def test_headquarters_moves_a_station_and_the_audit_names_the_country(cast, world):
    dutystation_update(
        station=world.station, actor=cast["hq"], data={"country": world.other_country}, expected_version=1
    )
    world.station.refresh_from_db()
    assert world.station.country == world.other_country
    record = AuditRecord.objects.get(verb="dutystation.updated")
    assert record.changes == {"country_id": [world.country.pk, world.other_country.pk]}


def test_rename_onto_an_existing_station_is_refused_naming_name(cast, world):
    # given
    DutyStationFactory(country=world.country, name="Kisumu")
    # when / then
    with pytest.raises(ValidationError) as excinfo:
        dutystation_update(
            station=world.station, actor=cast["hq"], data={"name": "KISUMU"}, expected_version=1
        )
    assert list(excinfo.value.message_dict) == ["name"]
    world.station.refresh_from_db()
    assert (world.station.name, world.station.version) == ("Nairobi", 1)


def test_keeping_its_own_name_is_not_a_duplicate(cast, world):
    station = dutystation_update(
        station=world.station, actor=cast["hq"], data={"name": "Nairobi", "is_capital": True}
    )
    assert station.is_capital is True


def test_unknown_fields_are_refused(cast, world):
    with pytest.raises(ValidationError) as excinfo:
        dutystation_update(station=world.station, actor=cast["hq"], data={"version": 7})
    assert list(excinfo.value.message_dict) == ["version"]


def test_moving_to_a_country_with_a_same_named_station_is_refused(cast, world):
    other = CountryFactory(iso2="UG", iso3="UGA", m49="800", name_en="Uganda")
    DutyStationFactory(country=other, name="Nairobi")
    with pytest.raises(ValidationError) as excinfo:
        dutystation_update(station=world.station, actor=cast["hq"], data={"country": other})
    assert list(excinfo.value.message_dict) == ["name"]
