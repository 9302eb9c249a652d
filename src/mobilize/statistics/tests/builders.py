"""Small hand-built programmes for the statistics tests: countries with a region and a Global South
flag, and ``serve`` to put a volunteer on an assignment in a country for some dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from mobilize.assignments.models import Assignment
from mobilize.assignments.tests.factories import AssignmentFactory
from mobilize.geo.models import Country, Region, RegionalOffice
from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory
from mobilize.partners.tests.factories import HostEntityFactory, ReportingGroupFactory
from mobilize.reference.models import Modality, VolunteerCategory
from mobilize.reference.tests.factories import VolunteerCategoryFactory
from mobilize.talent.models import Candidate
from mobilize.talent.tests.factories import CandidateFactory


def country(iso2: str, region: str = Region.AFRICA, *, south: bool = True) -> Country:
    return CountryFactory(
        iso2=iso2,
        iso3=f"X{iso2}",
        name_en=f"Country {iso2}",
        region=region,
        regional_office=RegionalOffice.HEADQUARTERS,
        is_global_south=south,
    )


def category(
    code: str = "national-specialist", *, international: bool = False, youth: bool = False
) -> VolunteerCategory:
    return VolunteerCategoryFactory(
        code=code, modality=Modality.INTERNATIONAL if international else Modality.NATIONAL, is_youth=youth
    )


def person(nationality: Country, **fields: Any) -> Candidate:
    return CandidateFactory(nationality=nationality, **fields)


def host(acronym: str, group: str = "other", **fields: Any) -> Any:
    return HostEntityFactory(acronym=acronym, reporting_group=ReportingGroupFactory(code=group), **fields)


def serve(
    volunteer: Candidate,
    where: Country,
    *,
    start: dt.date = dt.date(2023, 3, 1),
    end: dt.date = dt.date(2024, 2, 29),
    actual_end: dt.date | None = None,
    **fields: Any,
) -> Assignment:
    """An assignment of ``volunteer`` in ``where``: national when it is their home country (nationality,
    or residence for a refugee or stateless person), international otherwise."""
    home = volunteer.residence if volunteer.displacement != "none" else volunteer.nationality
    national = where == home
    fields.setdefault(
        "category", category() if national else category("international-specialist", international=True)
    )
    return AssignmentFactory(
        volunteer=volunteer,
        duty_station=DutyStationFactory(country=where),
        modality=Modality.NATIONAL if national else Modality.INTERNATIONAL,
        entry_on_duty=start,
        planned_end=end,
        actual_end=actual_end,
        **fields,
    )
