import datetime as dt
from decimal import Decimal

import factory

from mobilize.entitlements.models import (
    EntryLumpSum,
    ExitAllowanceRate,
    FamilyAllowanceRate,
    LeaveAccrualRate,
    LivingAllowanceBaseRate,
    ManagementFeeRate,
    NationalRate,
    PostAdjustment,
    WellbeingDifferential,
)
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory

FROM = dt.date(2019, 1, 1)


class BaseRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LivingAllowanceBaseRate

    effective_from = FROM
    monthly_amount = Decimal("1736.00")


class PostAdjustmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostAdjustment

    duty_station = factory.SubFactory(DutyStationFactory)
    effective_from = FROM
    multiplier = Decimal("34.200")


class NationalRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalRate

    country = factory.SubFactory(CountryFactory)
    effective_from = FROM
    monthly_amount = Decimal("800.00")


def standard_rates(*, stations=(), countries=()) -> None:
    """The rates the hand-worked examples use (docs/entitlements.md): base 1,736.00; a multiplier of
    34.2 at each of ``stations``; 800.00 a month nationally in each of ``countries``; family 250/450;
    entry lump sum 2,000 (international, under 180 days), 4,000 (180 days or more), 0 (national);
    well-being 0 at classes A and B, 300 at D (international), 0 national; exit 150 a month; leave
    2.5 days a month; management fee 8% (host), 0% (SVF)."""
    BaseRateFactory()
    for station in stations:
        PostAdjustmentFactory(duty_station=station)
    for country in countries:
        NationalRateFactory(country=country)
    for modality in ("international", "national"):
        FamilyAllowanceRate.objects.create(
            modality=modality, effective_from=FROM, one_dependant=Decimal(250), two_or_more=Decimal(450)
        )
        ExitAllowanceRate.objects.create(
            modality=modality, effective_from=FROM, amount_per_month=Decimal(150)
        )
        LeaveAccrualRate.objects.create(modality=modality, effective_from=FROM, days_per_month=Decimal("2.5"))
        for hardship in ("A", "B", "D"):
            amount = Decimal(300) if (modality, hardship) == ("international", "D") else Decimal(0)
            WellbeingDifferential.objects.create(
                modality=modality, hardship_class=hardship, effective_from=FROM, monthly_amount=amount
            )
    EntryLumpSum.objects.create(
        modality="international", min_duration_days=0, effective_from=FROM, amount=2000
    )
    EntryLumpSum.objects.create(
        modality="international", min_duration_days=180, effective_from=FROM, amount=4000
    )
    EntryLumpSum.objects.create(modality="national", min_duration_days=0, effective_from=FROM, amount=0)
    ManagementFeeRate.objects.create(funding_type="host", effective_from=FROM, rate=Decimal("0.08"))
    ManagementFeeRate.objects.create(funding_type="svf", effective_from=FROM, rate=Decimal(0))
