"""Fixtures of the recruitment tests: a temporary MEDIA_ROOT and a DoA being sourced."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from mobilize.recruitment.tests.factories import consenting, sourcing
from mobilize.requests.models import Position
from mobilize.requests.tests.factories import PositionFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploaded files go to a directory of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def open_doa(world, cast):
    """Host A's DoA in Kenya being sourced (approved 3 days ago, starting in a month for a year),
    with one open position at Nairobi (the world's position is taken by the volunteer's current
    assignment), and both volunteers consenting."""
    doa = sourcing(world.doa)
    Position.objects.filter(pk=world.position.pk).update(status=Position.Status.FILLED)
    position = PositionFactory(doa=doa, duty_station=world.station)
    consenting(world.volunteer)
    consenting(world.other_volunteer)
    return SimpleNamespace(doa=doa, position=position)
