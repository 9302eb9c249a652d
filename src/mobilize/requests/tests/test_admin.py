import pytest
from django.urls import reverse
from django.utils import timezone

from mobilize.core.models import AuditRecord
from mobilize.requests.models import Doa, DoaComment
from mobilize.requests.tests.helpers import management, soon

pytestmark = pytest.mark.django_db


def admin_data(world, *, positions=(), **overrides):
    data = {
        "title": "Logistics officer",
        "host_entity": world.host.pk,
        "country": world.country.pk,
        "category": world.category.pk,
        "start_date": soon(30).isoformat(),
        "end_date": soon(200).isoformat(),
        "funding_type": "host",
        "min_experience_months": 0,
        **management("languages", 0),
        **management("positions", len(positions)),
    }
    for i, station in enumerate(positions):
        data.update({f"positions-{i}-duty_station": station.pk, f"positions-{i}-status": "open"})
    data.update(overrides)
    return data


def test_admin_lists_and_shows_a_doa_with_its_inlines(world, admin_client):
    assert admin_client.get(reverse("admin:requests_doa_changelist")).status_code == 200
    response = admin_client.get(reverse("admin:requests_doa_change", args=[world.doa.pk]))
    assert response.status_code == 200
    assert [type(inline.opts).__name__ for inline in response.context["inline_admin_formsets"]] == [
        "DoaLanguageInline",
        "PositionInline",
    ]
    for name in ("requests_position_changelist", "requests_doalanguage_changelist"):
        assert admin_client.get(reverse(f"admin:{name}")).status_code == 200


def test_admin_add_gives_the_reference_and_audits(world, admin_client):
    response = admin_client.post(
        reverse("admin:requests_doa_add"), admin_data(world, positions=[world.station])
    )
    doa = Doa.objects.get(title="Logistics officer")
    assert response.status_code == 302
    assert doa.reference == f"DOA-{timezone.localdate().year}-{doa.pk:06d}"
    assert doa.positions.get().duty_station == world.station
    assert AuditRecord.objects.get(target_type="requests.doa").verb == "doa.created"


def test_admin_validates_dates_and_duty_stations(world, admin_client):
    before = Doa.objects.count()
    late = admin_client.post(reverse("admin:requests_doa_add"), admin_data(world, end_date="2020-01-01"))
    assert late.status_code == 200
    assert list(late.context["adminform"].form.errors) == ["end_date"]
    elsewhere = admin_client.post(
        reverse("admin:requests_doa_add"), admin_data(world, positions=[world.other_station])
    )
    assert elsewhere.status_code == 200
    assert elsewhere.context["inline_admin_formsets"][1].formset.errors == [
        {"duty_station": ["Choose a duty station in Kenya."]}
    ]
    assert Doa.objects.count() == before


def test_admin_change_bumps_the_version(world, admin_client):
    data = admin_data(
        world,
        title="Renamed in the admin",
        start_date="2024-01-01",
        end_date="2024-12-31",
        **{
            "positions-TOTAL_FORMS": "1",
            "positions-INITIAL_FORMS": "1",
            "positions-0-id": world.position.pk,
            "positions-0-doa": world.doa.pk,
            "positions-0-duty_station": world.station.pk,
            "positions-0-status": "open",
        },
    )
    response = admin_client.post(reverse("admin:requests_doa_change", args=[world.doa.pk]), data)
    assert response.status_code == 302
    world.doa.refresh_from_db()
    assert (world.doa.title, world.doa.version) == ("Renamed in the admin", 2)
    assert AuditRecord.objects.get(target_type="requests.doa").changes["title"][1] == "Renamed in the admin"


def test_admin_leaves_the_workflow_to_its_services(world, admin_client):
    # given: an admin edit that tries to approve the DoA
    data = admin_data(
        world,
        status="approved",
        approved_at_0="2024-01-01",
        approved_at_1="10:00",
        **{
            "positions-TOTAL_FORMS": "1",
            "positions-INITIAL_FORMS": "1",
            "positions-0-id": world.position.pk,
            "positions-0-doa": world.doa.pk,
            "positions-0-duty_station": world.station.pk,
            "positions-0-status": "open",
        },
    )
    # when
    response = admin_client.post(reverse("admin:requests_doa_change", args=[world.doa.pk]), data)
    # then: saved, but the workflow fields are read-only there
    assert response.status_code == 302
    world.doa.refresh_from_db()
    assert (world.doa.status, world.doa.approved_at) == (Doa.Status.DRAFT, None)


def test_admin_shows_comments_read_only(world, admin_client, cast):
    comment = DoaComment.objects.create(doa=world.doa, author=cast["hq"], body="Noted.")
    assert admin_client.get(reverse("admin:requests_doacomment_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:requests_doacomment_change", args=[comment.pk])).status_code == 200
    assert admin_client.get(reverse("admin:requests_doacomment_add")).status_code == 403
