import datetime as dt

import pytest

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.audit import audit_personal_read, diff, snapshot
from mobilize.core.errors import StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.core.writes import update_validated
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory

pytestmark = pytest.mark.django_db


def test_update_records_who_and_exactly_what_changed():
    # given
    hq = UserFactory(username="hq", role=Role.HQ)
    station = DutyStationFactory(name="Goma", is_family=True)
    # when
    updated = update_validated(
        instance=station, data={"is_family": False}, actor=hq, verb="dutystation.updated", expected_version=1
    )
    # then
    assert updated.version == 2
    record = AuditRecord.objects.get(verb="dutystation.updated")
    assert record.actor == hq
    assert record.actor_label == "hq"
    assert record.changes == {"is_family": [True, False]}
    assert record.target_type == "geo.dutystation"
    assert record.target_id == str(station.pk)


def test_two_edits_from_the_same_version_cannot_both_win():
    hq = UserFactory(username="hq", role=Role.HQ)
    station = DutyStationFactory(name="Bunia", hardship_class="B")
    update_validated(instance=station, data={"hardship_class": "C"}, actor=hq, verb="x", expected_version=1)
    with pytest.raises(StaleObjectError):
        update_validated(
            instance=station, data={"hardship_class": "D"}, actor=hq, verb="x", expected_version=1
        )
    station.refresh_from_db()
    assert station.hardship_class == "C"
    assert AuditRecord.objects.filter(verb="x").count() == 1


def test_invalid_update_writes_nothing():
    from django.core.exceptions import ValidationError

    hq = UserFactory(username="hq", role=Role.HQ)
    station = DutyStationFactory(name="Gao")
    with pytest.raises(ValidationError) as excinfo:
        update_validated(instance=station, data={"hardship_class": "Z"}, actor=hq, verb="x")
    assert "hardship_class" in excinfo.value.message_dict
    station.refresh_from_db()
    assert station.hardship_class == "B"
    assert station.version == 1
    assert not AuditRecord.objects.exists()


def test_personal_read_is_recorded_as_a_read():
    auditor = UserFactory(username="auditor", role=Role.AUDITOR)
    country = CountryFactory()
    audit_personal_read(actor=auditor, subject=country, what="documents")
    record = AuditRecord.objects.get()
    assert record.kind == AuditRecord.Kind.READ
    assert record.verb == "read.documents"


def test_snapshot_and_diff_use_plain_values():
    before = {"a": 1, "d": "2023-01-01"}
    assert diff(before, {"a": 2, "d": str(dt.date(2023, 1, 1))}) == {"a": [1, 2]}
    station = DutyStationFactory(name="Juba")
    assert snapshot(station, ["name", "country_id"]) == {"name": "Juba", "country_id": station.country_id}
