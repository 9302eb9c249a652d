import datetime as dt

import pytest
from django.urls import reverse

from conftest import CAST
from mobilize.core.models import AuditRecord
from mobilize.reference.tests.factories import LanguageFactory
from mobilize.talent.models import Candidate, CandidateDocument, DisabilityDisclosure
from mobilize.talent.tests.factories import PDF_BYTES, CandidateLanguageFactory, pdf, stored_files

pytestmark = pytest.mark.django_db

# The subject of every permission test is world.volunteer (Kenyan, serving host A in Kenya).
HIDDEN = {"other_focal", "field_out", "other_volunteer", "donor"}


def expect(allowed: dict[str, int], who: str, *, default: int = 403) -> int:
    """As listed; else 302 to the login page for anonymous, 404 when the profile is hidden from
    them, ``default`` otherwise."""
    if who in allowed:
        return allowed[who]
    if who == "anonymous":
        return 302
    if who in HIDDEN:
        return 404
    return default


def url(name: str, candidate, **kwargs) -> str:
    return reverse(f"talent:{name}", kwargs={"candidate_id": candidate.pk, **kwargs})


def assert_login_redirect(response) -> None:
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def profile_post(world, **overrides) -> dict:
    data = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "email": "ada@example.org",
        "date_of_birth": "1990-01-01",
        "gender": "female",
        "nationality": world.country.pk,
        "residence": world.country.pk,
        "displacement": "none",
        "education": "master",
        "experience_months": "24",
        "interest": "onsite",
        "languages-TOTAL_FORMS": "2",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def read_records() -> list[tuple[str, str]]:
    return list(AuditRecord.objects.filter(kind=AuditRecord.Kind.READ).values_list("actor_label", "verb"))


# --- permission matrix over the whole cast ---------------------------------------------------


@pytest.mark.parametrize("who", CAST)
def test_list_page_permissions(client_for, cast, who):
    response = client_for(cast[who]).get(reverse("talent:candidate_list"))
    expected = {"volunteer": 403, "other_volunteer": 403, "donor": 403, "anonymous": 302}.get(who, 200)
    assert response.status_code == expected
    if expected == 200:
        content = response.content.decode()
        assert ("Volunteer, Vera" in content) == (who not in {"other_focal", "field_out"})
        assert ("Other, Otto" in content) == (who not in {"focal", "field_in"})
    if who == "anonymous":
        assert_login_redirect(response)


@pytest.mark.parametrize("who", CAST)
def test_detail_page_permissions(client_for, cast, world, who):
    response = client_for(cast[who]).get(url("candidate_detail", world.volunteer))
    readers = {"hq", "recruiter", "auditor", "focal", "field_in", "volunteer"}
    assert response.status_code == expect(dict.fromkeys(readers, 200), who)


@pytest.mark.parametrize("who", CAST)
def test_create_page_permissions(client_for, cast, who):
    response = client_for(cast[who]).get(reverse("talent:candidate_create"))
    expected = {"hq": 200, "recruiter": 200, "volunteer": 302, "other_volunteer": 302, "anonymous": 302}
    assert response.status_code == expected.get(who, 403)
    if who in {"volunteer", "other_volunteer"}:
        assert response["Location"] == reverse("talent:my_profile")


@pytest.mark.parametrize("who", CAST)
def test_edit_page_permissions(client_for, cast, world, who):
    response = client_for(cast[who]).get(url("candidate_edit", world.volunteer))
    assert response.status_code == expect(
        {"hq": 200, "recruiter": 200, "field_in": 200, "volunteer": 200}, who
    )


@pytest.mark.parametrize("who", CAST)
def test_create_post_permissions(client_for, cast, world, who):
    before = Candidate.objects.count()
    response = client_for(cast[who]).post(reverse("talent:candidate_create"), profile_post(world))
    # created (HQ, recruiter); sent to "my profile" (candidates who have one); to the login page
    redirected = {"hq", "recruiter", "volunteer", "other_volunteer", "anonymous"}
    assert response.status_code == (302 if who in redirected else 403)
    assert Candidate.objects.count() == before + (1 if who in {"hq", "recruiter"} else 0)


@pytest.mark.parametrize("who", CAST)
def test_edit_post_permissions(client_for, cast, world, who):
    response = client_for(cast[who]).post(
        url("candidate_edit", world.volunteer),
        profile_post(world, given_name="Vera", family_name="Volunteer", experience_months="99", version="1"),
    )
    writers = {"hq", "recruiter", "field_in", "volunteer"}
    assert response.status_code == expect(dict.fromkeys(writers, 302), who)
    world.volunteer.refresh_from_db()
    assert world.volunteer.experience_months == (99 if who in writers else 60)


@pytest.mark.parametrize("who", CAST)
def test_my_profile_page_permissions(client_for, cast, who):
    response = client_for(cast[who]).get(reverse("talent:my_profile"))
    expected = {"volunteer": 200, "other_volunteer": 200, "anonymous": 302}.get(who, 403)
    assert response.status_code == expected
    if who == "volunteer":
        assert "Vera" in response.content.decode()


@pytest.mark.parametrize("who", CAST)
def test_consent_permissions(client_for, cast, world, who):
    response = client_for(cast[who]).post(url("consent_give", world.volunteer))
    assert response.status_code == expect({"volunteer": 302}, who)
    world.volunteer.refresh_from_db()
    assert (world.volunteer.consent_at is not None) == (who == "volunteer")


DOCUMENT_READERS = {"hq": 200, "recruiter": 200, "auditor": 200, "field_in": 200, "volunteer": 200}


@pytest.mark.parametrize("who", CAST)
def test_documents_page_permissions(client_for, cast, document, who):
    response = client_for(cast[who]).get(url("candidate_documents", document.candidate))
    assert response.status_code == expect(DOCUMENT_READERS, who)
    assert ("cv.pdf" in response.content.decode()) == (who in DOCUMENT_READERS)


@pytest.mark.parametrize("who", CAST)
def test_upload_page_permissions(client_for, cast, consented, who):
    response = client_for(cast[who]).get(url("document_upload", consented.volunteer))
    assert response.status_code == expect(
        {"hq": 200, "recruiter": 200, "field_in": 200, "volunteer": 200}, who
    )


@pytest.mark.parametrize("who", CAST)
def test_upload_post_permissions(client_for, cast, consented, media_root, who):
    response = client_for(cast[who]).post(
        url("document_upload", consented.volunteer), {"kind": "cv", "file": pdf()}
    )
    uploaders = {"hq", "recruiter", "field_in", "volunteer"}
    assert response.status_code == expect(dict.fromkeys(uploaders, 302), who)
    assert CandidateDocument.objects.count() == (1 if who in uploaders else 0)
    assert len(stored_files(media_root)) == (1 if who in uploaders else 0)


@pytest.mark.parametrize("who", CAST)
def test_download_permissions(client_for, cast, document, who):
    response = client_for(cast[who]).get(
        url("document_download", document.candidate, document_id=document.pk)
    )
    assert response.status_code == expect(DOCUMENT_READERS, who)
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert response["Content-Disposition"] == 'attachment; filename="cv.pdf"'
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("who", CAST)
def test_delete_document_permissions(client_for, cast, document, who):
    response = client_for(cast[who]).post(url("document_delete", document.candidate, document_id=document.pk))
    assert response.status_code == expect({"hq": 302, "volunteer": 302}, who)
    assert CandidateDocument.objects.count() == (0 if who in {"hq", "volunteer"} else 1)


@pytest.mark.parametrize("who", CAST)
def test_disclosure_page_permissions(client_for, cast, disclosure, who):
    response = client_for(cast[who]).get(url("candidate_disclosure", disclosure.candidate))
    assert response.status_code == expect({"hq": 200, "auditor": 200, "volunteer": 200}, who)
    assert ("Low vision" in response.content.decode()) == (who in {"hq", "auditor", "volunteer"})


@pytest.mark.parametrize("who", CAST)
def test_disclosure_form_permissions(client_for, cast, disclosure, who):
    response = client_for(cast[who]).get(url("disclosure_edit", disclosure.candidate))
    assert response.status_code == expect({"volunteer": 200}, who)


@pytest.mark.parametrize("who", CAST)
def test_disclosure_post_permissions(client_for, cast, consented, who):
    response = client_for(cast[who]).post(
        url("disclosure_edit", consented.volunteer), {"has_disability": "on", "details": "Hard of hearing"}
    )
    assert response.status_code == expect({"volunteer": 302}, who)
    assert DisabilityDisclosure.objects.count() == (1 if who == "volunteer" else 0)


@pytest.mark.parametrize("who", CAST)
def test_disclosure_withdraw_permissions(client_for, cast, disclosure, who):
    response = client_for(cast[who]).post(url("disclosure_withdraw", disclosure.candidate))
    assert response.status_code == expect({"volunteer": 302}, who)
    assert DisabilityDisclosure.objects.count() == (0 if who == "volunteer" else 1)


# --- what a profile page shows ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "documents_link", "disclosure_link"),
    [
        ("hq", True, True),
        ("auditor", True, True),
        ("recruiter", True, False),
        ("field_in", True, False),
        ("focal", False, False),
        ("volunteer", True, True),
    ],
)
def test_detail_links_to_personal_data_only_for_those_allowed_and_reads_none(
    client_for, cast, document, disclosure, who, documents_link, disclosure_link
):
    content = client_for(cast[who]).get(url("candidate_detail", document.candidate)).content.decode()
    assert (url("candidate_documents", document.candidate) in content) == documents_link
    assert (url("candidate_disclosure", document.candidate) in content) == disclosure_link
    assert "Low vision" not in content
    assert "cv.pdf" not in content
    assert read_records() == []


def test_recruiter_download_creates_exactly_one_read_record(client_for, cast, document):
    client_for(cast["recruiter"]).get(url("document_download", document.candidate, document_id=document.pk))
    assert read_records() == [("recruiter", "read.documents")]


def test_own_download_creates_no_read_record(client_for, cast, document):
    client_for(cast["volunteer"]).get(url("document_download", document.candidate, document_id=document.pk))
    client_for(cast["volunteer"]).get(url("candidate_documents", document.candidate))
    assert read_records() == []


def test_staff_documents_page_and_disclosure_page_are_recorded(client_for, cast, document, disclosure):
    client_for(cast["field_in"]).get(url("candidate_documents", document.candidate))
    client_for(cast["hq"]).get(url("candidate_disclosure", disclosure.candidate))
    assert sorted(read_records()) == [("field_in", "read.documents"), ("hq", "read.disability")]


def test_list_page_filters_and_keeps_them_in_the_form(client_for, cast, world):
    response = client_for(cast["hq"]).get(
        reverse("talent:candidate_list"), {"nationality": world.other_country.pk}
    )
    content = response.content.decode()
    assert "Other, Otto" in content
    assert "Volunteer, Vera" not in content


def test_list_page_htmx_gets_the_results_only(client_for, cast):
    response = client_for(cast["hq"]).get(reverse("talent:candidate_list"), headers={"HX-Request": "true"})
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="results">')
    assert "<html" not in content


def test_list_page_ignores_an_invalid_filter_and_says_so(client_for, cast):
    response = client_for(cast["hq"]).get(reverse("talent:candidate_list"), {"age_min": "old"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Enter a whole number." in content
    assert "Volunteer, Vera" in content


# --- create and edit -------------------------------------------------------------------------


def test_candidate_creates_own_profile_through_the_form(client, cast, world):
    # given: a newly registered person
    from mobilize.accounts.models import Role
    from mobilize.accounts.tests.factories import UserFactory

    person = UserFactory(username="newbie", role=Role.CANDIDATE, first_name="Nia")
    client.force_login(person)
    assert "Nia" in client.get(reverse("talent:candidate_create")).content.decode()
    english = LanguageFactory(code="en", name_en="English")
    # when
    response = client.post(
        reverse("talent:candidate_create"),
        profile_post(world, **{"languages-0-language": english.pk, "languages-0-level": "fluent"}),
    )
    # then
    candidate = Candidate.objects.get(user=person)
    assert response.status_code == 302
    assert response["Location"] == url("candidate_detail", candidate)
    assert list(candidate.languages.values_list("language__code", "level")) == [("en", "fluent")]


def test_create_form_under_18_is_422_naming_date_of_birth(client_for, cast, world):
    born = (dt.date.today() - dt.timedelta(days=365 * 17)).isoformat()
    response = client_for(cast["hq"]).post(
        reverse("talent:candidate_create"), profile_post(world, date_of_birth=born)
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"date_of_birth": ["Candidates must be at least 18 years old."]}
    assert not Candidate.objects.filter(family_name="Lovelace").exists()


def test_create_form_duplicate_language_is_422_on_the_row(client_for, cast, world):
    english = LanguageFactory(code="en", name_en="English")
    response = client_for(cast["recruiter"]).post(
        reverse("talent:candidate_create"),
        profile_post(
            world,
            **{
                "languages-0-language": english.pk,
                "languages-0-level": "fluent",
                "languages-1-language": english.pk,
                "languages-1-level": "basic",
            },
        ),
    )
    assert response.status_code == 422
    assert response.context["formset"].forms[1].errors == {
        "language": ["Row 2: English is already listed in row 1."]
    }
    assert not Candidate.objects.filter(family_name="Lovelace").exists()


def test_edit_form_saves_profile_and_language_rows(client_for, cast, world):
    # given
    english = LanguageFactory(code="en", name_en="English")
    swahili = LanguageFactory(code="sw", name_en="Swahili")
    CandidateLanguageFactory(candidate=world.volunteer, language=english, level="basic")
    client = client_for(cast["volunteer"])
    page = client.get(url("candidate_edit", world.volunteer))
    assert page.context["formset"].initial == [{"language": english, "level": "basic"}]
    # when
    response = client.post(
        url("candidate_edit", world.volunteer),
        profile_post(
            world,
            given_name="Vera",
            family_name="Volunteer",
            version="1",
            **{
                "languages-0-language": "",
                "languages-0-level": "",
                "languages-1-language": swahili.pk,
                "languages-1-level": "native",
            },
        ),
    )
    # then
    assert response.status_code == 302
    world.volunteer.refresh_from_db()
    assert (world.volunteer.experience_months, world.volunteer.version) == (24, 2)
    assert list(world.volunteer.languages.values_list("language__code", "level")) == [("sw", "native")]


def test_edit_form_with_stale_version_is_422_and_changes_nothing(client_for, cast, world):
    response = client_for(cast["hq"]).post(
        url("candidate_edit", world.volunteer),
        profile_post(world, given_name="Changed", family_name="Volunteer", version="0"),
    )
    assert response.status_code == 422
    assert "changed by someone else" in response.content.decode()
    world.volunteer.refresh_from_db()
    assert world.volunteer.given_name == "Vera"


def test_upload_form_refuses_a_bad_file_with_422_naming_file(client_for, cast, consented, media_root):
    response = client_for(cast["volunteer"]).post(
        url("document_upload", consented.volunteer), {"kind": "cv", "file": pdf("x.exe", b"MZ\x90\x00")}
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["Only PDF, JPEG and PNG files are accepted."]}
    assert stored_files(media_root) == []


def test_upload_form_without_consent_says_why(client_for, cast, world):
    response = client_for(cast["volunteer"]).post(
        url("document_upload", world.volunteer), {"kind": "cv", "file": pdf()}
    )
    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "The person has not consented to the processing of their data yet."
    ]


def test_my_profile_offers_to_create_one(client, cast, world):
    from mobilize.accounts.models import Role
    from mobilize.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(username="fresh", role=Role.CANDIDATE))
    response = client.get(reverse("talent:my_profile"))
    assert response.status_code == 200
    assert reverse("talent:candidate_create") in response.content.decode()


def test_my_profile_offers_consent_until_given(client_for, cast, world):
    client = client_for(cast["volunteer"])
    assert url("consent_give", world.volunteer) in client.get(reverse("talent:my_profile")).content.decode()
    client.post(url("consent_give", world.volunteer))
    assert (
        url("consent_give", world.volunteer) not in client.get(reverse("talent:my_profile")).content.decode()
    )
