"""The plan of a generated year: one ``Person`` per volunteer with one ``Slot`` per assignment, filled
in step by step (entities, regions, countries, nationalities, genders, ages, dates) before anything
is written."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

# The duty country's Global South flag each slot of a kind needs (None: either), and its modality.
KIND_SLOTS: dict[str, tuple[tuple[bool, bool | None], ...]] = {
    "GN": ((True, True),),
    "GI": ((False, True),),
    "GX": ((False, False),),
    "GNI": ((True, True), (False, True)),
    "NN": ((True, False),),
    "NI": ((False, None),),
    "NNI": ((True, False), (False, None)),
    "GII": ((False, True), (False, True)),
    "NII": ((False, None), (False, None)),
}
GLOBAL_SOUTH_KINDS = frozenset({"GN", "GI", "GX", "GNI", "GII"})


@dataclass(slots=True)
class Slot:
    """One assignment of a person."""

    national: bool
    flag: bool | None
    """The Global South flag the duty country must have (None: either)."""
    region: str = ""
    country: int = 0
    station: int = 0
    category: str = ""
    entry_on_duty: dt.date = dt.date.min
    planned_end: dt.date = dt.date.min
    actual_end: dt.date | None = None
    lead_days: int = 0


@dataclass(slots=True)
class Person:
    """One volunteer of the year."""

    index: int
    kind: str
    slots: list[Slot]
    entity: int = 0
    bound: bool = False
    """The entity was chosen before the person was placed (a mission or an entity with a seat)."""
    within: tuple[int, ...] = ()
    """For a bound volunteer, the entity's countries they may serve in when the plan narrows them
    (``pins.py``); empty: all of the entity's."""
    crossing: bool = False
    """Two assignments in two regions."""
    repeat: bool = False
    """Two consecutive assignments in the same country."""
    female: bool = False
    youth: bool = False
    disabled: bool = False
    age: int = 0
    nationality: int = 0
    residence: int = 0
    refugee: bool = False
    birth: dt.date = dt.date.min

    @property
    def gs(self) -> bool:
        return self.kind in GLOBAL_SOUTH_KINDS

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(sorted({slot.region for slot in self.slots}))

    @property
    def countries(self) -> tuple[int, ...]:
        return tuple(sorted({slot.country for slot in self.slots}))

    @property
    def one_country(self) -> bool:
        """Every assignment in one country (one assignment, or a repeat): a host of one country can
        take them."""
        return self.repeat or len(self.slots) < 2

    @property
    def national_slot(self) -> Slot | None:
        return next((slot for slot in self.slots if slot.national), None)

    @property
    def modalities(self) -> frozenset[bool]:
        return frozenset(slot.national for slot in self.slots)


@dataclass
class Plan:
    year: int
    people: list[Person]
    rng: random.Random
    stations_to_create: dict[int, str] = field(default_factory=dict)
    """Countries that get a duty station (country id -> name)."""

    def of_kind(self, kind: str) -> list[Person]:
        return [p for p in self.people if p.kind == kind]

    @property
    def slots(self) -> list[Slot]:
        return [slot for person in self.people for slot in person.slots]


def people_make(kinds: dict[str, int]) -> list[Person]:
    """The volunteers, by kind, each with the slots of the kind."""
    people: list[Person] = []
    for kind, count in kinds.items():
        for _ in range(count):
            slots = [Slot(national, flag) for national, flag in KIND_SLOTS[kind]]
            people.append(Person(len(people), kind, slots))
    return people


def convert(person: Person, kind: str) -> None:
    """Turn a single-assignment person into a two-assignment kind (GI -> GII, NI -> NII)."""
    person.kind = kind
    person.slots = [Slot(national, flag) for national, flag in KIND_SLOTS[kind]]


def make_repeat(person: Person) -> None:
    """Give a single-assignment person a second assignment of the same modality in the same country."""
    first = person.slots[0]
    person.slots.append(Slot(first.national, first.flag))
    person.repeat = True


@dataclass
class HostPlan:
    group_volunteers: dict[str, int] = field(default_factory=dict)
    group_countries: dict[str, int | None] = field(default_factory=dict)
    entity_volunteers: dict[int, int] = field(default_factory=dict)
    """Every entity that serves, with its volunteers."""
    entity_countries: dict[int, int | None] = field(default_factory=dict)
