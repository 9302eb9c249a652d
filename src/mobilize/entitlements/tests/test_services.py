"""Rate writes (each rule, and that a refused write leaves nothing) and the default rates loader."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.core.errors import StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.entitlements.models import (
    LivingAllowanceBaseRate,
    ManagementFeeRate,
    NationalRate,
    PostAdjustment,
)
from mobilize.entitlements.services import (
    EntitlementsDataError,
    entitlements_load_defaults,
    rate_create,
    rate_update,
)
from mobilize.entitlements.tests.factories import BaseRateFactory, PostAdjustmentFactory

pytestmark = pytest.mark.django_db


def _base(**data):
    return {"effective_from": dt.date(2023, 7, 1), "monthly_amount": Decimal("1800.00"), **data}


def test_hq_adds_a_rate_and_it_is_audited(cast):
    row = rate_create(table=LivingAllowanceBaseRate, data=_base(), actor=cast["hq"])
    assert (row.monthly_amount, row.effective_to) == (Decimal("1800.00"), None)
    audit = AuditRecord.objects.get(verb="livingallowancebaserate.created")
    assert (audit.actor, audit.target_id) == (cast["hq"], str(row.pk))


def test_a_rate_without_an_end_closes_the_current_one_the_day_before(cast):
    current = BaseRateFactory()
    new = rate_create(table=LivingAllowanceBaseRate, data=_base(), actor=cast["hq"])
    current.refresh_from_db()
    assert current.effective_to == dt.date(2023, 6, 30)
    assert new.effective_to is None
    assert AuditRecord.objects.filter(
        verb="livingallowancebaserate.closed", target_id=str(current.pk)
    ).exists()


def test_an_overlapping_period_is_refused_naming_the_field_and_nothing_is_written(cast):
    current = BaseRateFactory()
    before = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as exc:
        # a bounded row inside the current one's period is not a change of rate: refused
        rate_create(
            table=LivingAllowanceBaseRate, data=_base(effective_to=dt.date(2023, 12, 31)), actor=cast["hq"]
        )
    assert list(exc.value.message_dict) == ["effective_from"]
    assert "2019-01-01" in exc.value.message_dict["effective_from"][0]
    current.refresh_from_db()
    assert (LivingAllowanceBaseRate.objects.count(), current.effective_to) == (1, None)
    assert AuditRecord.objects.count() == before


def test_an_open_row_before_a_later_one_is_refused_and_the_earlier_one_stays_open(cast):
    early = BaseRateFactory()
    BaseRateFactory(effective_from=dt.date(2023, 7, 1), effective_to=None, monthly_amount=Decimal(1800))
    # early is still open (a state only the admin's strict refusal or a bad import could leave) ...
    early.effective_to = dt.date(2023, 6, 30)
    early.save()
    with pytest.raises(ValidationError) as exc:
        rate_create(
            table=LivingAllowanceBaseRate, data=_base(effective_from=dt.date(2023, 1, 1)), actor=cast["hq"]
        )
    assert list(exc.value.message_dict) == ["effective_from"]
    early.refresh_from_db()
    assert early.effective_to == dt.date(2023, 6, 30)
    assert LivingAllowanceBaseRate.objects.count() == 2


def test_the_same_period_for_another_key_is_no_overlap(cast, world):
    PostAdjustmentFactory(duty_station=world.station)
    row = rate_create(
        table=PostAdjustment,
        data={
            "duty_station": world.other_station,
            "effective_from": dt.date(2019, 1, 1),
            "multiplier": Decimal(20),
        },
        actor=cast["hq"],
    )
    assert row.duty_station == world.other_station
    assert PostAdjustment.objects.count() == 2


def test_a_change_of_rate_closes_only_its_own_key(cast, world):
    nairobi = PostAdjustmentFactory(duty_station=world.station)
    lima = PostAdjustmentFactory(duty_station=world.other_station)
    rate_create(
        table=PostAdjustment,
        data={
            "duty_station": world.station,
            "effective_from": dt.date(2023, 7, 1),
            "multiplier": Decimal(40),
        },
        actor=cast["hq"],
    )
    nairobi.refresh_from_db()
    lima.refresh_from_db()
    assert (nairobi.effective_to, lima.effective_to) == (dt.date(2023, 6, 30), None)


@pytest.mark.parametrize("who", ["recruiter", "auditor", "focal", "field_in", "volunteer", "donor"])
def test_only_headquarters_edits_rates(cast, who):
    row = BaseRateFactory()
    with pytest.raises(PermissionDenied):
        rate_create(table=LivingAllowanceBaseRate, data=_base(), actor=cast[who])
    with pytest.raises(PermissionDenied):
        rate_update(row=row, data={"monthly_amount": Decimal(1)}, expected_version=1, actor=cast[who])
    row.refresh_from_db()
    assert (LivingAllowanceBaseRate.objects.count(), row.monthly_amount) == (1, Decimal("1736.00"))


@pytest.mark.parametrize(
    ("table", "data", "field"),
    [
        (LivingAllowanceBaseRate, _base(effective_to=dt.date(2023, 6, 1)), "effective_to"),
        (LivingAllowanceBaseRate, _base(monthly_amount=Decimal(-1)), "monthly_amount"),
        (
            ManagementFeeRate,
            {"funding_type": "host", "effective_from": dt.date(2023, 1, 1), "rate": Decimal(2)},
            "rate",
        ),
        (
            ManagementFeeRate,
            {"funding_type": "gift", "effective_from": dt.date(2023, 1, 1), "rate": 0},
            "funding_type",
        ),
        (LivingAllowanceBaseRate, _base(salary=1), "salary"),
        (NationalRate, {"effective_from": dt.date(2023, 1, 1), "monthly_amount": Decimal(1)}, "country"),
    ],
)
def test_bad_input_names_the_field(cast, table, data, field):
    with pytest.raises(ValidationError) as exc:
        rate_create(table=table, data=data, actor=cast["hq"])
    assert field in exc.value.message_dict
    assert not table.objects.exists()


def test_hq_corrects_a_rate_with_the_version_it_read(cast):
    row = BaseRateFactory()
    rate_update(row=row, data={"monthly_amount": Decimal("1737.00")}, expected_version=1, actor=cast["hq"])
    row.refresh_from_db()
    assert (row.monthly_amount, row.version) == (Decimal("1737.00"), 2)
    assert AuditRecord.objects.get(verb="livingallowancebaserate.updated").changes == {
        "monthly_amount": ["1736.00", "1737.00"]
    }
    with pytest.raises(StaleObjectError):
        rate_update(row=row, data={"monthly_amount": Decimal(1)}, expected_version=1, actor=cast["hq"])


def test_a_correction_may_not_change_the_key_or_overlap(cast, world):
    row = PostAdjustmentFactory(duty_station=world.station, effective_to=dt.date(2022, 12, 31))
    PostAdjustmentFactory(duty_station=world.station, effective_from=dt.date(2023, 1, 1))
    with pytest.raises(ValidationError) as exc:
        rate_update(row=row, data={"duty_station": world.other_station}, expected_version=1, actor=cast["hq"])
    assert list(exc.value.message_dict) == ["duty_station"]
    with pytest.raises(ValidationError) as exc:
        rate_update(row=row, data={"effective_to": None}, expected_version=1, actor=cast["hq"])
    assert list(exc.value.message_dict) == ["effective_from"]
    row.refresh_from_db()
    assert (row.effective_to, row.version) == (dt.date(2022, 12, 31), 1)


# --- the default rates --------------------------------------------------------------------------


def test_defaults_load_once_for_the_places_that_exist(world):
    # world has Kenya (Nairobi, its capital in the files) and Peru (Lima): their post adjustments and
    # national rates load, every other country's row is skipped and reported.
    first = entitlements_load_defaults()
    assert first.counts["post-adjustment"].created == 2
    assert first.counts["national-rate"].created == 2
    assert len(first.counts["national-rate"].skipped) == 247
    assert first.counts["living-allowance-base"].created == 1
    assert first.counts["family-allowance"].created == 2
    assert first.counts["wellbeing-differential"].created == 12
    assert PostAdjustment.objects.get(duty_station=world.station).multiplier == Decimal("34.200")
    assert AuditRecord.objects.filter(verb="postadjustment.created").count() == 2
    second = entitlements_load_defaults()
    assert second.total("created") == second.total("updated") == 0
    assert second.total("unchanged") == first.total("created")


def test_defaults_keep_edits_unless_overwritten(world, cast):
    entitlements_load_defaults()
    row = LivingAllowanceBaseRate.objects.get()
    rate_update(row=row, data={"monthly_amount": Decimal("1737.00")}, expected_version=1, actor=cast["hq"])
    assert entitlements_load_defaults().counts["living-allowance-base"].unchanged == 1
    row.refresh_from_db()
    assert row.monthly_amount == Decimal("1737.00")
    report = entitlements_load_defaults(overwrite=True)
    assert report.counts["living-allowance-base"].updated == 1
    row.refresh_from_db()
    assert row.monthly_amount == Decimal("1736.00")


def test_a_default_that_would_overlap_a_row_of_headquarters_is_skipped(world):
    LivingAllowanceBaseRate.objects.create(effective_from=dt.date(2018, 1, 1), monthly_amount=Decimal(1700))
    report = entitlements_load_defaults()
    assert report.counts["living-allowance-base"].created == 0
    assert "overlaps" in report.counts["living-allowance-base"].skipped[0]
    assert LivingAllowanceBaseRate.objects.get().monthly_amount == Decimal(1700)


def test_dry_run_writes_nothing(world):
    report = entitlements_load_defaults(dry_run=True)
    assert report.total("created") > 0
    assert not LivingAllowanceBaseRate.objects.exists()


def test_a_bad_data_row_names_file_row_and_field(world, tmp_path, monkeypatch):
    from mobilize.entitlements import services

    (tmp_path / "rates.yaml").write_text(
        "living-allowance-base:\n  - {effective_from: 2019-01-01, monthly_amount: 'lots'}\n", encoding="utf-8"
    )
    (tmp_path / "post_adjustments.csv").write_text("country,duty_station,effective_from,multiplier\n")
    (tmp_path / "national_rates.csv").write_text("country,effective_from,monthly_amount\n")
    monkeypatch.setattr(services, "DATA_DIR", tmp_path)
    with pytest.raises(
        EntitlementsDataError, match=r"rates.yaml living-allowance-base row 1: monthly_amount"
    ):
        entitlements_load_defaults()
    assert not LivingAllowanceBaseRate.objects.exists()


def test_the_files_cover_every_duty_station_and_country_of_the_reference_data(db):
    from mobilize.reference.services import reference_load

    reference_load()
    report = entitlements_load_defaults()
    assert report.total("skipped") == 0
    assert report.counts["national-rate"].created == 249
    # every duty station has a multiplier of its own or its country capital's
    from mobilize.entitlements.selectors import rate_book_load
    from mobilize.geo.models import DutyStation

    book = rate_book_load()
    day = dt.date(2023, 6, 1)
    for station in DutyStation.objects.all():
        own = book.post_adjustment.get(station.pk, ())
        capital = book.post_adjustment.get(book.capital_of.get(station.country_id, -1), ())
        assert any(r.covers(day) for r in (*own, *capital)), station
