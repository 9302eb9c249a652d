import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.core.errors import StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.partners.models import HostEntity
from mobilize.partners.services import hostentity_create, hostentity_update
from mobilize.partners.tests.factories import HostEntityFactory, ReportingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def group(world):
    return world.host.reporting_group


@pytest.fixture
def ngo(world):
    return HostEntityFactory(
        acronym="KRCS", name_en="Kenya Red Cross", type=HostEntity.Type.NGO, country=world.country
    )


def create(actor, group, **extra):
    kwargs = {
        "acronym": "KWS",
        "name_en": "Kenya Wildlife Service",
        "type": "government",
        "reporting_group": group,
    }
    return hostentity_create(actor=actor, **{**kwargs, **extra})


# --- hostentity_create -------------------------------------------------------------------------


def test_headquarters_registers_a_un_entity_and_it_is_audited(cast, world, group):
    # when
    entity = create(
        cast["hq"],
        group,
        acronym=" UNEP ",
        name_en="UN Environment Programme",
        type="fund_programme",
        parent=world.host,
    )
    # then
    entity.refresh_from_db()
    assert (entity.acronym, entity.is_un, entity.parent, entity.country) == ("UNEP", True, world.host, None)
    record = AuditRecord.objects.get(verb="hostentity.created")
    assert record.actor == cast["hq"]
    assert record.changes["acronym"] == [None, "UNEP"]
    assert record.changes["type"] == [None, "fund_programme"]


@pytest.mark.parametrize("entity_type", ["government", "ngo", "academic"])
def test_field_unit_registers_non_un_bodies_in_its_countries(entity_type, cast, world, group):
    entity = create(cast["field_in"], group, type=entity_type, country=world.country)
    assert (entity.type, entity.country) == (entity_type, world.country)


def test_recruiter_registers_a_non_un_body_without_a_country(cast, world, group):
    entity = create(cast["recruiter"], group, type="ngo", country=None)
    assert entity.country is None


@pytest.mark.parametrize("who", ["recruiter", "field_in"])
@pytest.mark.parametrize("entity_type", sorted(HostEntity.UN_TYPES))
def test_only_headquarters_registers_un_entities(who, entity_type, cast, world, group):
    with pytest.raises(ValidationError) as excinfo:
        create(cast[who], group, type=entity_type, country=world.country)
    assert list(excinfo.value.message_dict) == ["type"]
    assert not HostEntity.objects.filter(acronym="KWS").exists()
    assert not AuditRecord.objects.exists()


@pytest.mark.parametrize("country", ["other_country", None])
def test_field_unit_must_name_one_of_its_countries(country, cast, world, group):
    with pytest.raises(ValidationError) as excinfo:
        create(cast["field_in"], group, country=getattr(world, country) if country else None)
    assert list(excinfo.value.message_dict) == ["country"]
    assert not HostEntity.objects.filter(acronym="KWS").exists()


@pytest.mark.parametrize("who", ["focal", "other_focal", "volunteer", "donor", "auditor"])
def test_focal_points_volunteers_donors_and_auditors_cannot_register(who, cast, world, group):
    with pytest.raises(PermissionDenied):
        create(cast[who], group, country=world.country)
    assert not HostEntity.objects.filter(acronym="KWS").exists()


@pytest.mark.parametrize("acronym", ["HOSTA", "hosta", " HostA "])
def test_duplicate_acronym_is_refused_naming_acronym(acronym, cast, world, group):
    with pytest.raises(ValidationError) as excinfo:
        create(cast["hq"], group, acronym=acronym)
    assert list(excinfo.value.message_dict) == ["acronym"]
    assert HostEntity.objects.filter(acronym__iexact="hosta").count() == 1
    assert not AuditRecord.objects.exists()


def test_missing_english_name_is_refused_naming_it(cast, world, group):
    with pytest.raises(ValidationError) as excinfo:
        create(cast["hq"], group, name_en="  ")
    assert list(excinfo.value.message_dict) == ["name_en"]


# --- hostentity_update -------------------------------------------------------------------------


def test_update_audits_the_changed_fields(cast, world, ngo):
    other_group = ReportingGroupFactory(code="gov", name_en="Governments")
    entity = hostentity_update(
        entity=ngo,
        actor=cast["field_in"],
        data={"name_en": "Kenya Red Cross Society", "reporting_group": other_group},
        expected_version=1,
    )
    assert entity.version == 2
    record = AuditRecord.objects.get(verb="hostentity.updated")
    assert record.actor == cast["field_in"]
    assert record.changes == {
        "name_en": ["Kenya Red Cross", "Kenya Red Cross Society"],
        "reporting_group_id": [ngo.reporting_group_id, other_group.pk],
    }


def test_two_edits_from_the_same_version_cannot_both_win(cast, world, ngo):
    hostentity_update(
        entity=ngo, actor=cast["recruiter"], data={"name_fr": "Croix-Rouge"}, expected_version=1
    )
    with pytest.raises(StaleObjectError):
        hostentity_update(entity=ngo, actor=cast["hq"], data={"name_fr": "Croix Rouge"}, expected_version=1)
    ngo.refresh_from_db()
    assert (ngo.name_fr, ngo.version) == ("Croix-Rouge", 2)
    assert AuditRecord.objects.filter(verb="hostentity.updated").count() == 1


@pytest.mark.parametrize("who", ["recruiter", "field_in", "focal"])
def test_un_entities_are_edited_only_by_headquarters(who, cast, world):
    with pytest.raises(PermissionDenied):
        hostentity_update(entity=world.host, actor=cast[who], data={"name_fr": "A"}, expected_version=1)
    world.host.refresh_from_db()
    assert (world.host.name_fr, world.host.version) == ("", 1)


def test_field_unit_cannot_edit_another_countrys_body(cast, world, ngo):
    with pytest.raises(PermissionDenied):
        hostentity_update(entity=ngo, actor=cast["field_out"], data={"is_active": False}, expected_version=1)
    ngo.refresh_from_db()
    assert ngo.is_active is True


def test_non_headquarters_cannot_turn_a_body_into_a_un_entity(cast, world, ngo):
    with pytest.raises(ValidationError) as excinfo:
        hostentity_update(
            entity=ngo, actor=cast["recruiter"], data={"type": "specialized_agency"}, expected_version=1
        )
    assert list(excinfo.value.message_dict) == ["type"]
    ngo.refresh_from_db()
    assert ngo.type == "ngo"


def test_field_unit_cannot_move_a_body_out_of_its_countries(cast, world, ngo):
    with pytest.raises(ValidationError) as excinfo:
        hostentity_update(
            entity=ngo, actor=cast["field_in"], data={"country": world.other_country}, expected_version=1
        )
    assert list(excinfo.value.message_dict) == ["country"]
    ngo.refresh_from_db()
    assert ngo.country == world.country


def test_rename_onto_another_acronym_is_refused(cast, world, ngo):
    with pytest.raises(ValidationError) as excinfo:
        hostentity_update(entity=ngo, actor=cast["hq"], data={"acronym": "hostb"}, expected_version=1)
    assert list(excinfo.value.message_dict) == ["acronym"]
    ngo.refresh_from_db()
    assert ngo.acronym == "KRCS"


def test_an_entity_cannot_sit_under_its_own_unit(cast, world):
    # given HOSTB under HOSTA
    hostentity_update(entity=world.other_host, actor=cast["hq"], data={"parent": world.host})
    # when / then: HOSTA under HOSTB would make a loop, and so would HOSTA under itself
    for parent in (world.other_host, world.host):
        with pytest.raises(ValidationError) as excinfo:
            hostentity_update(entity=world.host, actor=cast["hq"], data={"parent": parent})
        assert list(excinfo.value.message_dict) == ["parent"]
    world.host.refresh_from_db()
    assert world.host.parent is None


def test_headquarters_reclassifies_a_body(cast, world, ngo):
    entity = hostentity_update(entity=ngo, actor=cast["hq"], data={"type": "other_un", "country": None})
    assert (entity.type, entity.country, entity.is_un) == ("other_un", None, True)
