"""Fixtures shared by the generator's hand-built tests."""

from __future__ import annotations

import pytest

from mobilize.reference.services import reference_load
from mobilize.synthetic.generator.world import World, world_load


@pytest.fixture
def world(db) -> World:
    """The reference data as the generator sees it."""
    reference_load()
    return world_load()
