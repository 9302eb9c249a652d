import pytest
from django.urls import reverse

from mobilize.matching.models import CandidateFeatures
from mobilize.matching.tests import factories as f

pytestmark = pytest.mark.django_db


def test_headquarters_reads_feature_rows_in_the_admin_and_cannot_change_them(cast, world, client):
    f.refresh(world.volunteer)
    client.force_login(cast["hq"])

    listing = client.get(
        reverse("admin:matching_candidatefeatures_changelist"), {"q": str(world.volunteer.pk)}
    )
    detail = client.get(reverse("admin:matching_candidatefeatures_change", args=[world.volunteer.pk]))
    add = client.get(reverse("admin:matching_candidatefeatures_add"))
    delete = client.post(
        reverse("admin:matching_candidatefeatures_delete", args=[world.volunteer.pk]), {"post": "yes"}
    )

    assert (listing.status_code, detail.status_code, add.status_code, delete.status_code) == (
        200,
        200,
        403,
        403,
    )
    assert CandidateFeatures.objects.filter(pk=world.volunteer.pk).exists()
