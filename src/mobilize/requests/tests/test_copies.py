"""New drafts from a template or as a duplicate: what is copied, where the copy may go."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.partners.tests.factories import HostEntityFactory
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.requests.models import Doa, DoaComment, DoaLanguage, Position
from mobilize.requests.selectors import doa_list, doa_template_list
from mobilize.requests.services import doa_create_from_template, doa_duplicate
from mobilize.requests.tests.factories import DoaFactory, DoaLanguageFactory, PositionFactory
from mobilize.requests.tests.helpers import make_ready

pytestmark = pytest.mark.django_db


@pytest.fixture
def template(world):
    """A Kenya template with two languages, an expertise area and two positions (one at Mombasa)."""
    template = DoaFactory(
        host_entity=world.other_host,
        country=world.country,
        category=world.category,
        is_template=True,
        title="Health programme analyst",
        min_experience_months=24,
    )
    DoaLanguageFactory(doa=template, language=LanguageFactory(code="en", name_en="English"))
    DoaLanguageFactory(doa=template, language=LanguageFactory(code="sw", name_en="Swahili"), required=False)
    template.expertise.set([ExpertiseAreaFactory(code="health")])
    PositionFactory(doa=template, duty_station=world.station)
    PositionFactory(doa=template, duty_station=DutyStationFactory(name="Mombasa", country=world.country))
    return template


def shape(doa):
    return {
        "title": doa.title,
        "category": doa.category_id,
        "min_experience_months": doa.min_experience_months,
        "languages": sorted(doa.languages.values_list("language__code", "level", "required")),
        "expertise": sorted(doa.expertise.values_list("code", flat=True)),
        "stations": sorted(doa.positions.values_list("duty_station__name", flat=True)),
    }


def test_a_template_starts_a_draft_for_the_focal_points_entity(world, cast, template):
    # when
    draft = doa_create_from_template(template=template, actor=cast["focal"], host_entity_id=world.host.pk)
    # then: a new draft of host A with everything the template asks for
    assert (draft.status, draft.is_template, draft.host_entity, draft.country) == (
        Doa.Status.DRAFT,
        False,
        world.host,
        world.country,
    )
    assert draft.reference.startswith("DOA-")
    assert (draft.copied_from, draft.created_by) == (template, cast["focal"])
    assert shape(draft) == shape(template)
    assert set(draft.positions.values_list("status", flat=True)) == {Position.Status.OPEN}
    record = AuditRecord.objects.get(verb="doa.created_from_template")
    assert (record.target_id, record.detail) == (str(draft.pk), template.reference)
    assert record.changes["positions"][1] == list(
        template.positions.order_by("pk").values_list("duty_station_id", flat=True)
    )


def test_a_template_used_in_another_country_leaves_the_positions_out(world, cast, template):
    draft = doa_create_from_template(
        template=template, actor=cast["hq"], host_entity_id=world.host.pk, country_id=world.other_country.pk
    )
    assert draft.country == world.other_country
    assert not draft.positions.exists()
    assert shape(draft)["languages"] == shape(template)["languages"]


def test_a_template_cannot_be_used_outside_ones_scope(world, cast, template):
    # when: host B's focal point asks for host A; Peru's field unit keeps the template's Kenya
    with pytest.raises(ValidationError) as for_host:
        doa_create_from_template(template=template, actor=cast["other_focal"], host_entity_id=world.host.pk)
    with pytest.raises(ValidationError) as for_field:
        doa_create_from_template(template=template, actor=cast["field_out"], host_entity_id=world.host.pk)
    # then
    assert list(for_host.value.message_dict) == ["host_entity"]
    assert list(for_field.value.message_dict) == ["country"]
    assert Doa.objects.count() == 3
    assert not AuditRecord.objects.exists()


def test_an_inactive_host_is_refused(world, cast, template):
    closed = HostEntityFactory(acronym="GONE", is_active=False)
    with pytest.raises(ValidationError) as exc_info:
        doa_create_from_template(template=template, actor=cast["hq"], host_entity_id=closed.pk)
    assert exc_info.value.message_dict == {"host_entity": ["This host entity is no longer active."]}


def test_only_a_template_is_used_as_one(world, cast):
    with pytest.raises(ApplicationError, match="not a template"):
        doa_create_from_template(template=world.doa, actor=cast["hq"], host_entity_id=world.host.pk)


def test_duplicate_copies_the_request_not_its_progress(world, cast):
    # given: a cancelled DoA with a conversation, one open and one cancelled position
    doa = make_ready(world.doa, status=Doa.Status.CANCELLED, cancel_reason="Funding moved.")
    DoaComment.objects.create(doa=doa, author=cast["hq"], body="Cancelled.", kind="cancelled")
    PositionFactory(doa=doa, duty_station=world.station, status=Position.Status.CANCELLED)
    DoaLanguageFactory(doa=doa, language=LanguageFactory(code="fr", name_en="French"))
    # when
    draft = doa_duplicate(doa=doa, actor=cast["focal"])
    # then
    assert (draft.status, draft.cancel_reason, draft.cancelled_at, draft.copied_from) == (
        Doa.Status.DRAFT,
        "",
        None,
        doa,
    )
    assert (draft.start_date, draft.end_date) == (doa.start_date, doa.end_date)
    assert draft.positions.count() == 1
    assert not draft.comments.exists()
    assert DoaLanguage.objects.filter(doa=draft).count() == 1
    assert AuditRecord.objects.get(verb="doa.duplicated").detail == doa.reference


def test_only_headquarters_makes_templates(world, cast):
    with pytest.raises(PermissionDenied):
        doa_duplicate(doa=world.doa, actor=cast["focal"], as_template=True)
    template = doa_duplicate(doa=world.doa, actor=cast["hq"], as_template=True)
    assert (template.is_template, template.status) == (True, Doa.Status.DRAFT)
    assert AuditRecord.objects.filter(verb="doa.template_created").count() == 1


def test_recruiters_and_auditors_copy_nothing(world, cast):
    for who in ("recruiter", "auditor"):
        with pytest.raises(PermissionDenied):
            doa_duplicate(doa=world.doa, actor=cast[who])
    assert Doa.objects.count() == 2


def test_templates_are_listed_apart_and_seen_by_every_doa_reader(world, cast, template):
    assert template not in doa_list(viewer=cast["hq"])
    for who in ("hq", "recruiter", "auditor", "focal", "other_focal", "field_in", "field_out"):
        assert list(doa_template_list(viewer=cast[who])) == [template], who
    for who in ("volunteer", "donor"):
        assert list(doa_template_list(viewer=cast[who])) == [], who


def test_template_list_query_count(world, cast, template, django_assert_num_queries):
    DoaFactory(host_entity=world.host, country=world.country, is_template=True, title="Another")
    hq = cast["hq"]
    with django_assert_num_queries(1):
        rows = [
            (t.title, t.country.name, str(t.category), t.position_count) for t in doa_template_list(viewer=hq)
        ]
    assert [row[0] for row in rows] == ["Another", "Health programme analyst"]
    assert rows[1][3] == 2
