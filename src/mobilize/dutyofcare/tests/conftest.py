"""Records of the cast's world for duty-of-care tests: an evacuation, an incident and a check-in in
Kenya (where the volunteer Vera serves host A), made through the services."""

import pytest

from mobilize.dutyofcare.services import checkin_send, evacuation_start, incident_report
from mobilize.dutyofcare.tests.factories import DAY


@pytest.fixture
def evacuation(cast, world):
    return evacuation_start(country=world.country, as_of=DAY, actor=cast["hq"])


@pytest.fixture
def incident(cast, world):
    return incident_report(
        assignment=world.assignment,
        data={
            "kind": "crime",
            "severity": "medium",
            "occurred_on": DAY,
            "place": "Nairobi",
            "description": "Phone stolen at the market.",
        },
        actor=cast["volunteer"],
    )


@pytest.fixture
def checkin(cast, world):
    return checkin_send(country=world.country, as_of=DAY, message="Are you safe?", actor=cast["field_in"])
