import pytest
from django.urls import reverse

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.models import AuditRecord
from mobilize.talent.models import Candidate

pytestmark = pytest.mark.django_db


def read_records() -> list[tuple[str, str, str]]:
    return list(
        AuditRecord.objects.filter(kind=AuditRecord.Kind.READ).values_list("actor_label", "verb", "target_id")
    )


def candidate_post(candidate, **overrides) -> dict:
    data = {
        "given_name": candidate.given_name,
        "family_name": candidate.family_name,
        "email": candidate.email,
        "nationality": candidate.nationality_id,
        "residence": candidate.residence_id,
        "date_of_birth": candidate.date_of_birth.isoformat(),
        "gender": candidate.gender,
        "displacement": candidate.displacement,
        "education": candidate.education,
        "experience_months": candidate.experience_months,
        "interest": candidate.interest,
        "user": candidate.user_id or "",
        "languages-TOTAL_FORMS": "0",
        "languages-INITIAL_FORMS": "0",
        "languages-MIN_NUM_FORMS": "0",
        "languages-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("admin:talent_candidate_changelist", 200),
        ("admin:talent_candidatelanguage_changelist", 200),
        ("admin:talent_candidatedocument_changelist", 200),
        ("admin:talent_disabilitydisclosure_changelist", 200),
    ],
)
def test_hq_opens_every_talent_admin_page(client_for, cast, name, status):
    assert client_for(cast["hq"]).get(reverse(name)).status_code == status


@pytest.mark.parametrize("who", ["recruiter", "auditor", "field_in", "volunteer"])
def test_the_admin_is_not_for_anyone_else(client_for, cast, who):
    response = client_for(cast[who]).get(reverse("admin:talent_candidate_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_flag_without_the_hq_role_is_not_enough(client):
    # given: someone with the admin flag but the recruiter role
    user = UserFactory(username="flagged", role=Role.RECRUITER, is_staff=True)
    client.force_login(user)
    # when / then
    assert client.get(reverse("admin:talent_disabilitydisclosure_changelist")).status_code == 403


def test_hq_listing_disclosures_records_a_read_per_person_shown(client_for, cast, disclosure):
    client_for(cast["hq"]).get(reverse("admin:talent_disabilitydisclosure_changelist"))
    assert read_records() == [("hq", "read.disability", str(disclosure.candidate_id))]


def test_hq_opening_a_document_records_a_read_and_links_no_file(client_for, cast, document):
    response = client_for(cast["hq"]).get(
        reverse("admin:talent_candidatedocument_change", args=[document.pk])
    )
    assert response.status_code == 200
    assert document.file.name not in response.content.decode()
    assert read_records() == [("hq", "read.documents", str(document.candidate_id))]


def test_documents_and_disclosures_are_read_only(client_for, cast, document, disclosure):
    client = client_for(cast["hq"])
    assert client.get(reverse("admin:talent_candidatedocument_add")).status_code == 403
    assert client.get(reverse("admin:talent_disabilitydisclosure_add")).status_code == 403
    response = client.post(
        reverse("admin:talent_disabilitydisclosure_change", args=[disclosure.pk]), {"details": "Changed"}
    )
    assert response.status_code == 403
    disclosure.refresh_from_db()
    assert disclosure.details == "Low vision"


def test_hq_edit_in_admin_is_validated_versioned_and_audited(client_for, cast, world):
    # given
    client = client_for(cast["hq"])
    change = reverse("admin:talent_candidate_change", args=[world.volunteer.pk])
    # when: an invalid edit, then a valid one
    refused = client.post(change, candidate_post(world.volunteer, date_of_birth="2099-01-01"))
    accepted = client.post(change, candidate_post(world.volunteer, experience_months="61"))
    # then
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "date_of_birth": ["The date of birth cannot be in the future."]
    }
    assert accepted.status_code == 302
    candidate = Candidate.objects.get(pk=world.volunteer.pk)
    assert (candidate.experience_months, candidate.version) == (61, 2)
    record = AuditRecord.objects.get(verb="candidate.updated")
    assert (record.actor_label, record.changes) == ("hq", {"experience_months": [60, 61]})


def test_hq_changes_languages_and_expertise_inline_audited(client_for, cast, world):
    # given
    from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory

    english = LanguageFactory(code="en", name_en="English")
    area = ExpertiseAreaFactory(code="health")
    # when
    response = client_for(cast["hq"]).post(
        reverse("admin:talent_candidate_change", args=[world.volunteer.pk]),
        candidate_post(
            world.volunteer,
            expertise=[area.pk],
            **{
                "languages-TOTAL_FORMS": "1",
                "languages-0-language": english.pk,
                "languages-0-level": "fluent",
            },
        ),
    )
    # then
    assert response.status_code == 302
    record = AuditRecord.objects.get(verb="candidate.related_changed")
    assert record.changes == {"expertise": [[], [area.pk]], "languages": [[], [["en", "fluent"]]]}
