"""A read-only snapshot of the reference data the generator needs, taken once from the database."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mobilize.geo.models import Country, DutyStation
from mobilize.partners.models import HostEntity
from mobilize.reference.models import ExpertiseArea, Language, Sdg, VolunteerCategory
from mobilize.synthetic.generator.data import LOCATIONS, NEVER_SERVED, WEIGHTS

if TYPE_CHECKING:
    from mobilize.synthetic.generator.plan import Person


@dataclass(frozen=True)
class CountryInfo:
    id: int
    iso2: str
    name: str
    region: str
    gs: bool
    territory: bool


@dataclass(frozen=True)
class EntityInfo:
    id: int
    acronym: str
    type: str
    group: str
    countries: tuple[int, ...] | None
    """The countries where it serves (None: anywhere)."""
    weight: int


@dataclass(frozen=True)
class Rule:
    effective_from: dt.date
    effective_to: dt.date | None
    min_age: int
    max_age: int | None
    through_end: bool
    min_experience_months: int
    min_days: int
    max_days: int
    requires_degree: bool


@dataclass(frozen=True)
class CategoryInfo:
    id: int
    code: str
    name: str
    modality: str
    youth: bool
    university: bool
    community: bool
    refugee: bool
    rules: tuple[Rule, ...]

    def rule_on(self, day: dt.date) -> Rule | None:
        for rule in self.rules:
            if rule.effective_from <= day and (rule.effective_to is None or day <= rule.effective_to):
                return rule
        return None


@dataclass
class World:
    countries: dict[int, CountryInfo]
    by_iso2: dict[str, CountryInfo]
    stations: dict[int, list[int]]
    """Duty stations by country id, the capital first."""
    entities: dict[int, EntityInfo]
    by_acronym: dict[str, EntityInfo]
    groups: dict[str, list[int]]
    """Entity ids by reporting group code (every group, even one without entities)."""
    categories: dict[str, CategoryInfo]
    languages: list[int]
    official_languages: dict[str, int]
    expertise: dict[int, str]
    """Expertise area names by id."""
    sdgs: list[int]
    servable: dict[str, dict[bool, list[int]]] = field(default_factory=dict)
    """Countries where volunteers may serve, by region and Global South flag, those with a duty
    station first (then by name)."""

    def region_of(self, country_id: int) -> str:
        return self.countries[country_id].region

    def bound_countries(self, person: Person) -> tuple[int, ...]:
        """Where a volunteer bound to a mission or a seated entity may serve: the entity's countries,
        or those the plan narrowed them to (``Person.within``)."""
        return person.within or self.entities[person.entity].countries or ()

    def entities_in_year(self, year: int) -> list[EntityInfo]:
        """The entities that existed in ``year`` and may serve somewhere."""
        found = []
        for entity in self.entities.values():
            location = LOCATIONS.get(entity.acronym)
            if location is not None and not location.first_year <= year <= location.last_year:
                continue
            if entity.countries == ():
                continue
            found.append(entity)
        return sorted(found, key=lambda e: e.acronym)


def world_load() -> World:
    """Read the reference data (``mobilize load_reference`` must have run)."""
    countries: dict[int, CountryInfo] = {}
    for c in Country.objects.order_by("name_en"):
        countries[c.pk] = CountryInfo(c.pk, c.iso2, c.name_en, c.region, c.is_global_south, c.is_territory)
    by_iso2 = {c.iso2: c for c in countries.values()}
    stations: dict[int, list[int]] = defaultdict(list)
    for pk, country_id in DutyStation.objects.order_by("-is_capital", "name", "pk").values_list(
        "pk", "country_id"
    ):
        stations[country_id].append(pk)
    entities: dict[int, EntityInfo] = {}
    groups: dict[str, list[int]] = defaultdict(list)
    from mobilize.partners.models import ReportingGroup

    for code in ReportingGroup.objects.order_by("sort_order", "code").values_list("code", flat=True):
        groups[code] = []
    for e in HostEntity.objects.select_related("reporting_group", "country").order_by("acronym"):
        location = LOCATIONS.get(e.acronym)
        where: tuple[int, ...] | None = None
        if location is not None:
            where = tuple(by_iso2[i].id for i in location.countries if i in by_iso2)
        elif e.country_id is not None:
            where = (e.country_id,)
        if where is not None:
            where = tuple(c for c in where if countries[c].iso2 not in NEVER_SERVED)
        entities[e.pk] = EntityInfo(
            e.pk, e.acronym, e.type, e.reporting_group.code, where, WEIGHTS.get(e.acronym, 1)
        )
        groups[e.reporting_group.code].append(e.pk)
    categories: dict[str, CategoryInfo] = {}
    for cat in VolunteerCategory.objects.prefetch_related("rules").order_by("sort_order", "code"):
        rules = tuple(
            Rule(
                r.effective_from,
                r.effective_to,
                r.min_age,
                r.max_age,
                r.age_applies_through_end,
                r.min_experience_months,
                r.min_duration_days,
                r.max_duration_days,
                r.requires_degree,
            )
            for r in sorted(cat.rules.all(), key=lambda r: r.effective_from)
        )
        categories[cat.code] = CategoryInfo(
            cat.pk,
            cat.code,
            cat.name_en,
            cat.modality,
            cat.is_youth,
            cat.is_university,
            cat.is_community,
            cat.is_refugee,
            rules,
        )
    languages = list(Language.objects.order_by("code").values_list("pk", flat=True))
    official = dict(Language.objects.filter(is_un_official=True).values_list("code", "pk"))
    expertise = dict(ExpertiseArea.objects.order_by("code").values_list("pk", "name_en"))
    sdgs = list(Sdg.objects.order_by("number").values_list("pk", flat=True))
    world = World(
        countries,
        by_iso2,
        dict(stations),
        entities,
        {e.acronym: e for e in entities.values()},
        dict(groups),
        categories,
        languages,
        official,
        expertise,
        sdgs,
    )
    servable: dict[str, dict[bool, list[int]]] = defaultdict(lambda: {True: [], False: []})
    for info in sorted(countries.values(), key=lambda c: (c.id not in world.stations, c.name)):
        if info.iso2 not in NEVER_SERVED:
            servable[info.region][info.gs].append(info.id)
    world.servable = dict(servable)
    return world
