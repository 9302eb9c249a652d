"""Fixtures of the talent tests: a temporary MEDIA_ROOT, consent, documents, uploads, multipart API."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone

from mobilize.talent.tests.factories import CandidateDocumentFactory, DisabilityDisclosureFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    """Uploaded files go to a directory of this test only."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def consented(world, cast):
    """Both volunteers have consented to the processing of their data (and are linked to users)."""
    for candidate in (world.volunteer, world.other_volunteer):
        candidate.consent_at = timezone.now()
        candidate.save(update_fields=["consent_at"])
    return world


@pytest.fixture
def document(consented):
    """A CV of the volunteer (serving host A in world.country)."""
    return CandidateDocumentFactory(candidate=consented.volunteer)


@pytest.fixture
def disclosure(consented):
    return DisabilityDisclosureFactory(candidate=consented.volunteer)


@pytest.fixture
def api_upload(client):
    """POST a multipart upload to the API as ``user`` (None: no token)."""
    from mobilize.accounts.services import token_create

    def call(user, path: str, data: dict):
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {token_create(user=user)}"
        client.logout()
        return client.post(path, data=data, headers=headers)

    return call
