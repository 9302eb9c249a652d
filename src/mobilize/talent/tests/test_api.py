import datetime as dt

import pytest

from conftest import CAST
from mobilize.core.models import AuditRecord
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.talent.models import Candidate, CandidateDocument, DisabilityDisclosure
from mobilize.talent.tests.factories import PDF_BYTES, CandidateLanguageFactory, pdf, stored_files

pytestmark = pytest.mark.django_db

BASE = "/api/v1/talent"

# The subject of every permission test is world.volunteer (Kenyan, serving host A in Kenya).
SEES = {"hq", "recruiter", "auditor", "focal", "field_in", "volunteer"}
HIDDEN = {"other_focal", "field_out", "other_volunteer", "donor"}


def expect(allowed: dict[str, int], who: str, *, default: int = 403) -> int:
    """The status ``who`` must get: as listed, else 404 if the profile is hidden from them, 401 if
    anonymous, else ``default``."""
    if who in allowed:
        return allowed[who]
    if who == "anonymous":
        return 401
    if who in HIDDEN:
        return 404
    return default


def new_profile(world, **overrides) -> dict:
    data = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "date_of_birth": "1990-01-01",
        "gender": "female",
        "nationality": world.country.pk,
        "residence": world.country.pk,
    }
    data.update(overrides)
    return data


# --- permission matrix over the whole cast ---------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_list_permissions(api_as, cast, who):
    response = api_as(cast[who], "get", f"{BASE}/candidates")
    expected = {"volunteer": 403, "other_volunteer": 403, "donor": 403, "anonymous": 401}.get(who, 200)
    assert response.status_code == expected
    if expected == 200:
        seen = sorted(item["family_name"] for item in response.json()["items"])
        assert seen == {
            "focal": ["Volunteer"],
            "other_focal": ["Other"],
            "field_in": ["Volunteer"],
            "field_out": ["Other"],
        }.get(who, ["Other", "Volunteer"])


@pytest.mark.parametrize("who", CAST)
def test_detail_permissions(api_as, cast, world, who):
    response = api_as(cast[who], "get", f"{BASE}/candidates/{world.volunteer.pk}")
    assert response.status_code == expect(dict.fromkeys(SEES, 200), who)


@pytest.mark.parametrize("who", CAST)
def test_create_permissions(api_as, cast, world, who):
    before = Candidate.objects.count()
    response = api_as(cast[who], "post", f"{BASE}/candidates", new_profile(world))
    expected = {"hq": 201, "recruiter": 201, "volunteer": 409, "other_volunteer": 409, "anonymous": 401}.get(
        who, 403
    )
    assert response.status_code == expected
    assert Candidate.objects.count() == before + (1 if expected == 201 else 0)


@pytest.mark.parametrize("who", CAST)
def test_update_permissions(api_as, cast, world, who):
    response = api_as(
        cast[who], "patch", f"{BASE}/candidates/{world.volunteer.pk}", {"version": 1, "experience_months": 99}
    )
    writers = {"hq": 200, "recruiter": 200, "field_in": 200, "volunteer": 200}
    assert response.status_code == expect(writers, who)
    world.volunteer.refresh_from_db()
    assert world.volunteer.experience_months == (99 if who in writers else 60)


@pytest.mark.parametrize("who", CAST)
def test_languages_permissions(api_as, cast, world, who):
    french = LanguageFactory(code="fr", name_en="French")
    response = api_as(
        cast[who],
        "put",
        f"{BASE}/candidates/{world.volunteer.pk}/languages",
        {"languages": [{"language": french.pk, "level": "fluent"}]},
    )
    writers = {"hq": 200, "recruiter": 200, "field_in": 200, "volunteer": 200}
    assert response.status_code == expect(writers, who)
    assert world.volunteer.languages.count() == (1 if who in writers else 0)


@pytest.mark.parametrize("who", CAST)
def test_consent_permissions(api_as, cast, world, who):
    response = api_as(cast[who], "post", f"{BASE}/candidates/{world.volunteer.pk}/consent")
    assert response.status_code == expect({"volunteer": 200}, who)
    world.volunteer.refresh_from_db()
    assert (world.volunteer.consent_at is not None) == (who == "volunteer")


@pytest.mark.parametrize("who", CAST)
def test_disclosure_get_permissions(api_as, cast, disclosure, who):
    response = api_as(cast[who], "get", f"{BASE}/candidates/{disclosure.candidate_id}/disclosure")
    assert response.status_code == expect({"hq": 200, "auditor": 200, "volunteer": 200}, who)
    if response.status_code == 200:
        assert response.json()["details"] == "Low vision"
    else:
        assert "Low vision" not in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_disclosure_put_permissions(api_as, cast, consented, who):
    response = api_as(
        cast[who],
        "put",
        f"{BASE}/candidates/{consented.volunteer.pk}/disclosure",
        {"has_disability": True, "details": "Wheelchair user"},
    )
    assert response.status_code == expect({"volunteer": 200}, who)
    assert DisabilityDisclosure.objects.count() == (1 if who == "volunteer" else 0)


@pytest.mark.parametrize("who", CAST)
def test_disclosure_delete_permissions(api_as, cast, disclosure, who):
    response = api_as(cast[who], "delete", f"{BASE}/candidates/{disclosure.candidate_id}/disclosure")
    assert response.status_code == expect({"volunteer": 204}, who)
    assert DisabilityDisclosure.objects.count() == (0 if who == "volunteer" else 1)


DOCUMENT_READERS = {"hq": 200, "recruiter": 200, "auditor": 200, "field_in": 200, "volunteer": 200}


@pytest.mark.parametrize("who", CAST)
def test_documents_list_permissions(api_as, cast, document, who):
    response = api_as(cast[who], "get", f"{BASE}/candidates/{document.candidate_id}/documents")
    assert response.status_code == expect(DOCUMENT_READERS, who)
    if response.status_code == 200:
        assert [d["id"] for d in response.json()["items"]] == [document.pk]


@pytest.mark.parametrize("who", CAST)
def test_document_upload_permissions(api_upload, cast, consented, media_root, who):
    response = api_upload(
        cast[who], f"{BASE}/candidates/{consented.volunteer.pk}/documents", {"kind": "cv", "file": pdf()}
    )
    uploaders = {"hq": 201, "recruiter": 201, "field_in": 201, "volunteer": 201}
    assert response.status_code == expect(uploaders, who)
    assert CandidateDocument.objects.count() == (1 if who in uploaders else 0)
    assert len(stored_files(media_root)) == (1 if who in uploaders else 0)


@pytest.mark.parametrize("who", CAST)
def test_document_download_permissions(api_as, cast, document, who):
    url = f"{BASE}/candidates/{document.candidate_id}/documents/{document.pk}/download"
    response = api_as(cast[who], "get", url)
    assert response.status_code == expect(DOCUMENT_READERS, who)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"] == 'attachment; filename="cv.pdf"'
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", CAST)
def test_document_delete_permissions(api_as, cast, document, who):
    response = api_as(
        cast[who], "delete", f"{BASE}/candidates/{document.candidate_id}/documents/{document.pk}"
    )
    assert response.status_code == expect({"hq": 204, "volunteer": 204}, who)
    assert CandidateDocument.objects.count() == (0 if who in {"hq", "volunteer"} else 1)


@pytest.mark.parametrize("who", CAST)
def test_me_permissions(api_as, cast, world, who):
    response = api_as(cast[who], "get", f"{BASE}/me")
    own = {"volunteer": world.volunteer.pk, "other_volunteer": world.other_volunteer.pk}
    assert response.status_code == (200 if who in own else 401 if who == "anonymous" else 404)
    if who in own:
        assert response.json()["id"] == own[who]


# --- behaviour -------------------------------------------------------------------------------


def test_profile_output_never_mentions_a_disclosure(api_as, cast, disclosure):
    body = api_as(cast["hq"], "get", f"{BASE}/candidates/{disclosure.candidate_id}").json()
    assert not [key for key in body if "disab" in key or "disclos" in key]
    assert sorted(body) == [
        "available_from",
        "consent_at",
        "created_at",
        "date_of_birth",
        "displacement",
        "education",
        "email",
        "experience_months",
        "expertise",
        "family_name",
        "gender",
        "given_name",
        "has_driving_licence",
        "id",
        "interest",
        "languages",
        "nationality",
        "residence",
        "updated_at",
        "version",
    ]


def test_create_returns_the_profile_with_languages_and_expertise(api_as, cast, world):
    area = ExpertiseAreaFactory(code="water", name_en="Water")
    french = LanguageFactory(code="fr", name_en="French")
    response = api_as(
        cast["recruiter"],
        "post",
        f"{BASE}/candidates",
        new_profile(world, expertise=[area.pk], languages=[{"language": french.pk, "level": "native"}]),
    )
    assert response.status_code == 201
    body = response.json()
    assert body["nationality"] == {"id": world.country.pk, "iso2": "KE", "name": "Kenya"}
    assert body["expertise"] == [{"id": area.pk, "code": "water", "name": "Water"}]
    assert body["languages"] == [{"language": french.pk, "code": "fr", "name": "French", "level": "native"}]
    assert body["version"] == 1


def test_create_422_names_the_field(api_as, cast, world):
    young = (dt.date.today() - dt.timedelta(days=365 * 10)).isoformat()
    response = api_as(cast["hq"], "post", f"{BASE}/candidates", new_profile(world, date_of_birth=young))
    assert response.status_code == 422
    assert response.json() == {
        "message": "The input is not valid.",
        "errors": [{"field": "date_of_birth", "message": "Candidates must be at least 18 years old."}],
    }


def test_create_422_for_a_bad_enum_names_the_field(api_as, cast, world):
    response = api_as(cast["hq"], "post", f"{BASE}/candidates", new_profile(world, gender="robot"))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["gender"]


def test_create_422_for_negative_experience(api_as, cast, world):
    response = api_as(cast["hq"], "post", f"{BASE}/candidates", new_profile(world, experience_months=-3))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["experience_months"]
    assert not Candidate.objects.filter(family_name="Lovelace").exists()


def test_second_own_profile_is_409(api_as, cast, world):
    response = api_as(cast["volunteer"], "post", f"{BASE}/candidates", new_profile(world))
    assert response.status_code == 409
    assert response.json() == {
        "message": "You already have a profile.",
        "errors": [{"field": "", "message": "You already have a profile."}],
    }


def test_patch_with_stale_version_is_409_naming_version(api_as, cast, world):
    api_as(cast["hq"], "patch", f"{BASE}/candidates/{world.volunteer.pk}", {"version": 1, "given_name": "V"})
    response = api_as(
        cast["volunteer"],
        "patch",
        f"{BASE}/candidates/{world.volunteer.pk}",
        {"version": 1, "given_name": "W"},
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "version"
    world.volunteer.refresh_from_db()
    assert (world.volunteer.given_name, world.volunteer.version) == ("V", 2)


def test_patch_changes_only_what_is_sent(api_as, cast, world):
    response = api_as(
        cast["volunteer"],
        "patch",
        f"{BASE}/candidates/{world.volunteer.pk}",
        {"version": 1, "interest": "both"},
    )
    assert response.status_code == 200
    assert (response.json()["interest"], response.json()["given_name"], response.json()["version"]) == (
        "both",
        "Vera",
        2,
    )


def test_patch_without_version_is_422(api_as, cast, world):
    response = api_as(cast["hq"], "patch", f"{BASE}/candidates/{world.volunteer.pk}", {"given_name": "V"})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["version"]


def test_languages_duplicate_is_422_naming_the_row(api_as, cast, world):
    french = LanguageFactory(code="fr", name_en="French")
    CandidateLanguageFactory(candidate=world.volunteer, language=LanguageFactory(code="en"), level="basic")
    response = api_as(
        cast["volunteer"],
        "put",
        f"{BASE}/candidates/{world.volunteer.pk}/languages",
        {
            "languages": [
                {"language": french.pk, "level": "fluent"},
                {"language": french.pk, "level": "basic"},
            ]
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "languages.1.language", "message": "Row 2: French is already listed in row 1."}
    ]
    assert list(world.volunteer.languages.values_list("language__code", flat=True)) == ["en"]


def test_languages_bad_level_is_422_naming_the_row(api_as, cast, world):
    french = LanguageFactory(code="fr", name_en="French")
    response = api_as(
        cast["volunteer"],
        "put",
        f"{BASE}/candidates/{world.volunteer.pk}/languages",
        {"languages": [{"language": french.pk, "level": "godlike"}]},
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["languages.0.level"]


def test_list_filters_and_pagination(api_as, cast, world):
    response = api_as(cast["hq"], "get", f"{BASE}/candidates?nationality={world.country.pk}&limit=1")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], [item["family_name"] for item in body["items"]]) == (1, ["Volunteer"])
    response = api_as(cast["hq"], "get", f"{BASE}/candidates?limit=1&offset=1")
    assert [item["family_name"] for item in response.json()["items"]] == ["Volunteer"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("age_min=-1", "age_min"),
        ("education=phd", "education"),
        ("interest=both", "interest"),
        ("language_level=x", "language_level"),
    ],
)
def test_list_bad_filter_is_422_naming_it(api_as, cast, query, field):
    response = api_as(cast["hq"], "get", f"{BASE}/candidates?{query}")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


def test_disclosure_when_none_was_made(api_as, cast, world):
    response = api_as(cast["volunteer"], "get", f"{BASE}/candidates/{world.volunteer.pk}/disclosure")
    assert response.json() == {
        "disclosed": False,
        "has_disability": None,
        "details": "",
        "accommodation_needs": "",
        "version": None,
        "updated_at": None,
    }


def test_disclosure_put_without_consent_is_409(api_as, cast, world):
    response = api_as(
        cast["volunteer"],
        "put",
        f"{BASE}/candidates/{world.volunteer.pk}/disclosure",
        {"has_disability": True},
    )
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {"field": "consent", "message": "The person has not consented to the processing of their data yet."}
    ]


def test_upload_refused_file_is_422_naming_file(api_upload, cast, consented, media_root):
    response = api_upload(
        cast["volunteer"],
        f"{BASE}/candidates/{consented.volunteer.pk}/documents",
        {"kind": "cv", "file": pdf("x.pdf", b"GIF89a....")},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "file", "message": "Only PDF, JPEG and PNG files are accepted."}
    ]
    assert stored_files(media_root) == []


def test_upload_without_file_is_422_naming_file(api_upload, cast, consented):
    response = api_upload(
        cast["volunteer"], f"{BASE}/candidates/{consented.volunteer.pk}/documents", {"kind": "cv"}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"file"}


def test_upload_returns_the_document_with_its_download_url(api_upload, cast, consented):
    response = api_upload(
        cast["volunteer"],
        f"{BASE}/candidates/{consented.volunteer.pk}/documents",
        {"kind": "cv", "file": pdf()},
    )
    body = response.json()
    document = CandidateDocument.objects.get()
    assert (
        body["download_url"] == f"{BASE}/candidates/{consented.volunteer.pk}/documents/{document.pk}/download"
    )
    assert (body["kind"], body["original_name"], body["size"]) == ("cv", "cv.pdf", len(PDF_BYTES))


def read_records() -> list[tuple[str, str]]:
    return list(AuditRecord.objects.filter(kind=AuditRecord.Kind.READ).values_list("actor_label", "verb"))


def test_recruiter_download_creates_exactly_one_read_record(api_as, cast, document):
    api_as(
        cast["recruiter"],
        "get",
        f"{BASE}/candidates/{document.candidate_id}/documents/{document.pk}/download",
    )
    assert read_records() == [("recruiter", "read.documents")]


def test_own_download_and_listing_create_no_read_record(api_as, cast, document):
    api_as(
        cast["volunteer"],
        "get",
        f"{BASE}/candidates/{document.candidate_id}/documents/{document.pk}/download",
    )
    api_as(cast["volunteer"], "get", f"{BASE}/candidates/{document.candidate_id}/documents")
    assert read_records() == []


def test_profile_read_is_not_a_personal_data_read(api_as, cast, document, disclosure):
    api_as(cast["hq"], "get", f"{BASE}/candidates/{document.candidate_id}")
    api_as(cast["hq"], "get", f"{BASE}/candidates")
    assert read_records() == []


def test_staff_disclosure_read_is_recorded(api_as, cast, disclosure):
    api_as(cast["auditor"], "get", f"{BASE}/candidates/{disclosure.candidate_id}/disclosure")
    assert read_records() == [("auditor", "read.disability")]


def test_new_candidate_creates_own_profile_then_reads_it_at_me(api_as, world):
    # given: a person who has just registered
    from mobilize.accounts.models import Role
    from mobilize.accounts.tests.factories import UserFactory

    person = UserFactory(username="newcomer", role=Role.CANDIDATE, email="new@example.org")
    assert api_as(person, "get", f"{BASE}/me").status_code == 404
    # when
    created = api_as(person, "post", f"{BASE}/candidates", new_profile(world))
    # then
    assert created.status_code == 201
    assert created.json()["email"] == "new@example.org"
    assert Candidate.objects.get(pk=created.json()["id"]).user == person
    assert api_as(person, "get", f"{BASE}/me").json()["id"] == created.json()["id"]
    assert api_as(person, "post", f"{BASE}/candidates", new_profile(world)).status_code == 409
