import pytest
from django.urls import reverse

from mobilize.core.models import AuditRecord
from mobilize.geo.tests.factories import DutyStationFactory
from mobilize.reference.tests.factories import LanguageFactory
from mobilize.requests.models import Doa, DoaLanguage, Position
from mobilize.requests.tests.factories import DoaLanguageFactory, PositionFactory
from mobilize.requests.tests.helpers import doa_edit_data, doa_form_data, soon

pytestmark = pytest.mark.django_db


def no_inline_code(response):
    html = response.content.decode()
    return "<script>" not in html and " style=" not in html


def test_create_page_end_before_start_is_422_naming_end_date_and_writes_nothing(world, cast, client_for):
    # given: the acceptance test, through the page
    english = LanguageFactory(code="en")
    before = Doa.objects.count()
    data = doa_form_data(
        world,
        languages=[(english.pk, "fluent", "required")],
        positions=[(world.station.pk, 2)],
        start_date=soon(60).isoformat(),
        end_date=soon(59).isoformat(),
    )
    # when
    response = client_for(cast["focal"]).post(reverse("requests:doa_create"), data)
    # then
    assert response.status_code == 422
    assert response.context["form"].errors == {"end_date": ["The end date cannot be before the start date."]}
    assert "The end date cannot be before the start date." in response.content.decode()
    assert Doa.objects.count() == before
    assert Position.objects.count() == 2
    assert not DoaLanguage.objects.exists()
    assert not AuditRecord.objects.filter(target_type__startswith="requests.").exists()


def test_create_page_saves_languages_and_positions(world, cast, client_for):
    # given
    english = LanguageFactory(code="en")
    swahili = LanguageFactory(code="sw")
    kisumu = DutyStationFactory(name="Kisumu", country=world.country)
    data = doa_form_data(
        world,
        languages=[
            (english.pk, "fluent", "required"),
            ("", "fluent", "required"),
            (swahili.pk, "basic", "desirable"),
        ],
        positions=[(world.station.pk, 2), (kisumu.pk, 1)],
    )
    # when
    response = client_for(cast["field_in"]).post(reverse("requests:doa_create"), data)
    # then
    doa = Doa.objects.get(title="Community health officer")
    assert response.status_code == 302
    assert response["Location"] == reverse("requests:doa_detail", kwargs={"doa_id": doa.pk})
    assert [(r.language.code, r.level, r.required) for r in doa.languages.order_by("pk")] == [
        ("en", "fluent", True),
        ("sw", "basic", False),
    ]
    assert [p.duty_station.name for p in doa.positions.order_by("pk")] == ["Nairobi", "Nairobi", "Kisumu"]
    assert doa.created_by == cast["field_in"]


def test_create_page_puts_a_duplicate_language_on_its_row(world, cast, client_for):
    english = LanguageFactory(code="en")
    data = doa_form_data(
        world,
        languages=[
            (english.pk, "fluent", "required"),
            ("", "fluent", "required"),
            (english.pk, "basic", "desirable"),
        ],
    )
    response = client_for(cast["hq"]).post(reverse("requests:doa_create"), data)
    assert response.status_code == 422
    rows = response.context["language_formset"].forms
    assert [row.errors for row in rows] == [{}, {}, {"language": ["This language is listed more than once."]}]
    assert not Doa.objects.filter(title="Community health officer").exists()


def test_create_page_puts_a_foreign_duty_station_on_its_row(world, cast, client_for):
    data = doa_form_data(world, positions=[(world.station.pk, 1), (world.other_station.pk, 3)])
    response = client_for(cast["hq"]).post(reverse("requests:doa_create"), data)
    assert response.status_code == 422
    rows = response.context["position_formset"].forms
    assert [row.errors for row in rows] == [{}, {"duty_station": ["Choose a duty station in Kenya."]}]


def test_create_page_offers_a_focal_point_only_its_entities(world, cast, client_for):
    response = client_for(cast["focal"]).get(reverse("requests:doa_create"))
    assert list(response.context["form"].fields["host_entity"].queryset) == [world.host]
    assert no_inline_code(response)


def test_detail_page_shows_the_request(world, cast, client_for):
    DoaLanguageFactory(doa=world.doa, language=LanguageFactory(code="en", name_en="English"), required=False)
    response = client_for(cast["recruiter"]).get(
        reverse("requests:doa_detail", kwargs={"doa_id": world.doa.pk})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert world.doa.reference in html
    assert "Nairobi, Kenya" in html
    assert "English" in html and "Desirable" in html
    assert "Draft" in html
    assert response.context["can_edit"] is False  # recruiters read
    assert no_inline_code(response)


def test_detail_page_says_when_positions_are_missing(world, cast, client_for):
    doa = world.other_doa
    doa.positions.all().delete()
    response = client_for(cast["hq"]).get(reverse("requests:doa_detail", kwargs={"doa_id": doa.pk}))
    assert "needs at least one before it can be submitted" in response.content.decode()


def test_edit_page_saves_fields_and_languages(world, cast, client_for):
    english = LanguageFactory(code="en")
    url = reverse("requests:doa_edit", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast["focal"]).post(
        url, doa_edit_data(world.doa, languages=[(english.pk, "native", "required")], title="Data analyst")
    )
    assert response.status_code == 302
    world.doa.refresh_from_db()
    assert (world.doa.title, world.doa.version) == ("Data analyst", 2)
    assert [(r.language_id, r.level) for r in world.doa.languages.all()] == [(english.pk, "native")]


def test_edit_page_shows_existing_languages(world, cast, client_for):
    english = LanguageFactory(code="en")
    DoaLanguageFactory(doa=world.doa, language=english, level="basic")
    response = client_for(cast["focal"]).get(reverse("requests:doa_edit", kwargs={"doa_id": world.doa.pk}))
    first = response.context["language_formset"].forms[0]
    assert (first.initial["language"], first.initial["level"]) == (english.pk, "basic")
    assert response.context["form"].initial["version"] == 1
    assert no_inline_code(response)


def test_edit_page_with_a_stale_version_says_so_and_changes_nothing(world, cast, client_for):
    Doa.objects.filter(pk=world.doa.pk).update(version=2)
    url = reverse("requests:doa_edit", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast["focal"]).post(url, doa_edit_data(world.doa, title="Lost"))
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "This record was changed by someone else since you opened it; reload it and try again."
    ]
    world.doa.refresh_from_db()
    assert world.doa.title != "Lost"


def test_edit_page_end_before_start_is_422(world, cast, client_for):
    url = reverse("requests:doa_edit", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast["hq"]).post(url, doa_edit_data(world.doa, end_date="2023-06-30"))
    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["end_date"]
    assert not AuditRecord.objects.filter(target_type__startswith="requests.").exists()


def test_edit_page_of_a_submitted_doa_is_409(world, cast, client_for):
    Doa.objects.filter(pk=world.doa.pk).update(status=Doa.Status.SUBMITTED)
    client = client_for(cast["focal"])
    url = reverse("requests:doa_edit", kwargs={"doa_id": world.doa.pk})
    assert client.get(url).status_code == 409
    assert client.post(url, doa_edit_data(world.doa, title="Late")).status_code == 409
    world.doa.refresh_from_db()
    assert world.doa.title != "Late"


def test_position_add_page_refuses_a_station_elsewhere(world, cast, client_for):
    url = reverse("requests:position_add", kwargs={"doa_id": world.doa.pk})
    response = client_for(cast["hq"]).post(
        url, {"position-duty_station": world.other_station.pk, "position-count": 1}
    )
    assert response.status_code == 422
    assert list(response.context["position_form"].errors) == ["duty_station"]
    assert world.doa.positions.count() == 1


def test_position_remove_page_refuses_an_assigned_position(world, cast, client_for):
    url = reverse(
        "requests:position_remove", kwargs={"doa_id": world.doa.pk, "position_id": world.position.pk}
    )
    response = client_for(cast["hq"]).post(url)
    assert response.status_code == 422
    assert "has an assignment" in response.content.decode()
    assert Position.objects.filter(pk=world.position.pk).exists()


def test_position_pages_answer_only_post(world, cast, client_for):
    position = PositionFactory(doa=world.doa, duty_station=world.station)
    client = client_for(cast["hq"])
    assert client.get(reverse("requests:position_add", kwargs={"doa_id": world.doa.pk})).status_code == 405
    url = reverse("requests:position_remove", kwargs={"doa_id": world.doa.pk, "position_id": position.pk})
    assert client.get(url).status_code == 405
    assert Position.objects.filter(pk=position.pk).exists()


def test_list_page_filters(world, cast, client_for):
    response = client_for(cast["hq"]).get(reverse("requests:doa_list"), {"country": world.other_country.pk})
    assert [doa.reference for doa in response.context["object_list"]] == [world.other_doa.reference]
    ignored = client_for(cast["hq"]).get(reverse("requests:doa_list"), {"start_from": "soon"})
    assert len(ignored.context["object_list"]) == 2
    assert no_inline_code(response)


def test_list_page_htmx_gets_the_results_only(world, cast, client_for):
    response = client_for(cast["hq"]).get(reverse("requests:doa_list"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="results">')
    assert world.doa.reference in html
