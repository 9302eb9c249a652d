"""The fixed cast of test users, and the small world they act in.

    hq          headquarters; sees everything
    recruiter   central recruitment
    auditor     read-only oversight
    focal       host focal point of ``host`` (entity A)
    other_focal host focal point of ``other_host`` (entity B)
    field_in    field unit for ``country`` (where host A's DoA and the volunteer's assignment are)
    field_out   field unit for ``other_country``
    volunteer   the candidate serving host A in ``country``
    other_volunteer a candidate serving host B in ``other_country``
    donor       a donor
    anonymous   nobody signed in

Permission tests take ``cast`` and ``world``: ``cast[name]`` is the user (None for anonymous).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from mobilize.accounts.models import Role, User
from mobilize.accounts.tests.factories import UserFactory

CAST = [
    "hq",
    "recruiter",
    "auditor",
    "focal",
    "other_focal",
    "field_in",
    "field_out",
    "volunteer",
    "other_volunteer",
    "donor",
    "anonymous",
]


@dataclass
class World:
    country: Any
    other_country: Any
    station: Any
    other_station: Any
    host: Any
    other_host: Any
    category: Any
    volunteer: Any
    other_volunteer: Any
    doa: Any
    other_doa: Any
    position: Any
    assignment: Any
    other_assignment: Any


@pytest.fixture
def world(db) -> World:
    from mobilize.assignments.tests.factories import AssignmentFactory
    from mobilize.geo.tests.factories import CountryFactory, DutyStationFactory
    from mobilize.partners.tests.factories import HostEntityFactory
    from mobilize.reference.tests.factories import VolunteerCategoryFactory
    from mobilize.requests.tests.factories import DoaFactory, PositionFactory
    from mobilize.talent.tests.factories import CandidateFactory

    country = CountryFactory(iso2="KE", iso3="KEN", m49="404", name_en="Kenya")
    other_country = CountryFactory(iso2="PE", iso3="PER", m49="604", name_en="Peru")
    station = DutyStationFactory(name="Nairobi", country=country)
    other_station = DutyStationFactory(name="Lima", country=other_country)
    host = HostEntityFactory(acronym="HOSTA", name_en="Host entity A")
    other_host = HostEntityFactory(acronym="HOSTB", name_en="Host entity B")
    category = VolunteerCategoryFactory()
    volunteer = CandidateFactory(given_name="Vera", family_name="Volunteer", nationality=country)
    other_volunteer = CandidateFactory(given_name="Otto", family_name="Other", nationality=other_country)
    doa = DoaFactory(host_entity=host, country=country, category=category)
    other_doa = DoaFactory(host_entity=other_host, country=other_country, category=category)
    position = PositionFactory(doa=doa, duty_station=station)
    PositionFactory(doa=other_doa, duty_station=other_station)
    assignment = AssignmentFactory(
        volunteer=volunteer,
        host_entity=host,
        duty_station=station,
        category=category,
        position=position,
        entry_on_duty=dt.date(2023, 3, 1),
        planned_end=dt.date(2024, 2, 29),
    )
    other_assignment = AssignmentFactory(
        volunteer=other_volunteer,
        host_entity=other_host,
        duty_station=other_station,
        category=category,
    )
    return World(
        country=country,
        other_country=other_country,
        station=station,
        other_station=other_station,
        host=host,
        other_host=other_host,
        category=category,
        volunteer=volunteer,
        other_volunteer=other_volunteer,
        doa=doa,
        other_doa=other_doa,
        position=position,
        assignment=assignment,
        other_assignment=other_assignment,
    )


@pytest.fixture
def cast(world: World) -> dict[str, User | None]:
    users: dict[str, User | None] = {
        "hq": UserFactory(username="hq", role=Role.HQ, is_staff=True),
        "recruiter": UserFactory(username="recruiter", role=Role.RECRUITER),
        "auditor": UserFactory(username="auditor", role=Role.AUDITOR),
        "focal": UserFactory(username="focal", role=Role.HOST_FOCAL_POINT, host_entities=[world.host]),
        "other_focal": UserFactory(
            username="other_focal", role=Role.HOST_FOCAL_POINT, host_entities=[world.other_host]
        ),
        "field_in": UserFactory(username="field_in", role=Role.FIELD_UNIT, countries=[world.country]),
        "field_out": UserFactory(username="field_out", role=Role.FIELD_UNIT, countries=[world.other_country]),
        "volunteer": UserFactory(username="volunteer", role=Role.CANDIDATE),
        "other_volunteer": UserFactory(username="other_volunteer", role=Role.CANDIDATE),
        "donor": UserFactory(username="donor", role=Role.DONOR),
        "anonymous": None,
    }
    world.volunteer.user = users["volunteer"]
    world.volunteer.save(update_fields=["user"])
    world.other_volunteer.user = users["other_volunteer"]
    world.other_volunteer.save(update_fields=["user"])
    return users


@pytest.fixture
def client_for(client):  # type: ignore[no-untyped-def]
    """A test client signed in as the given user (or anonymous for None)."""

    def make(user: User | None):  # type: ignore[no-untyped-def]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_as(client):  # type: ignore[no-untyped-def]
    """Call the API as a user through a bearer token (None: no token)."""
    from mobilize.accounts.services import token_create

    tokens: dict[int, str] = {}

    def call(user: User | None, method: str, path: str, data: Any = None):  # type: ignore[no-untyped-def]
        headers = {}
        if user is not None:
            if user.pk not in tokens:
                tokens[user.pk] = token_create(user=user)
            headers["Authorization"] = f"Bearer {tokens[user.pk]}"
        client.logout()
        func = getattr(client, method.lower())
        if data is not None:
            return func(path, data=data, content_type="application/json", headers=headers)
        return func(path, headers=headers)

    return call


# ---------------------------------------------------------------------------------------------
# Headless Chromium (Debian's chromium + chromium-driver) for the walk-through tests.

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
TEST_PASSWORD = "correct horse battery"  # the password every UserFactory user has


def _chromium_missing() -> str | None:
    import os
    import shutil

    for path in (CHROMIUM, CHROMEDRIVER):
        if not (os.path.exists(path) or shutil.which(os.path.basename(path))):
            return f"{path} is not installed (Debian packages chromium and chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (make test installs requirements/dev.lock)"
    return None


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    """A headless Chromium driven through ChromeDriver; the test skips, saying why, without them."""
    missing = _chromium_missing()
    if missing:
        pytest.skip(f"browser test skipped: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*CHROMIUM_FLAGS, "--window-size=1280,1000", "--lang=en"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def live_server(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """pytest-django's live server, started only once the test database exists, so that it shares
    the in-memory SQLite test database with the tests (pytest-django's own may start first and
    open a connection of its own per request, whose closing fails across threads)."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def browser_as(chromium, live_server):  # type: ignore[no-untyped-def]
    """Sign ``user`` in through the login page (a fresh session each call) and return the driver;
    ``browser_as.url(path)`` makes an absolute address on the live server."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    class Browser:
        driver = chromium

        def url(self, path: str) -> str:
            return live_server.url + path

        def __call__(self, user: User) -> Any:
            chromium.delete_all_cookies()
            chromium.get(self.url("/accounts/login/"))
            chromium.find_element(By.NAME, "username").send_keys(user.username)
            chromium.find_element(By.NAME, "password").send_keys(TEST_PASSWORD)
            chromium.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
            WebDriverWait(chromium, 15).until(
                lambda d: (
                    "/accounts/login/" not in d.current_url
                    and d.execute_script("return document.readyState") == "complete"
                )
            )
            return chromium

    return Browser()
