import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mobilize.accounts.models import Role
from mobilize.accounts.tests.factories import UserFactory
from mobilize.core.errors import ApplicationError, StaleObjectError
from mobilize.core.models import AuditRecord
from mobilize.reference.tests.factories import ExpertiseAreaFactory, LanguageFactory
from mobilize.talent.models import (
    Candidate,
    CandidateLanguage,
    DisabilityDisclosure,
    years_before,
)
from mobilize.talent.services import (
    LanguageRow,
    candidate_consent_give,
    candidate_create,
    candidate_disclosure_set,
    candidate_disclosure_withdraw,
    candidate_languages_set,
    candidate_update,
)
from mobilize.talent.tests.factories import (
    CandidateFactory,
    DisabilityDisclosureFactory,
)

pytestmark = pytest.mark.django_db


def profile(country, **overrides):
    data = {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "email": "ada@example.org",
        "date_of_birth": dt.date(1990, 1, 1),
        "gender": "female",
        "nationality": country,
        "residence": country,
    }
    data.update(overrides)
    return data


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


# --- candidate_create ------------------------------------------------------------------------


def test_candidate_creates_own_profile_linked_to_them(world):
    # given
    person = UserFactory(username="newcomer", role=Role.CANDIDATE, email="new@example.org")
    # when
    candidate = candidate_create(actor=person, data=profile(world.country, email=""))
    # then
    assert candidate.user == person
    assert candidate.email == "new@example.org"
    assert candidate.version == 1
    assert AuditRecord.objects.filter(verb="candidate.created", target_id=str(candidate.pk)).count() == 1


def test_second_own_profile_is_refused_with_conflict_and_nothing_written(world, cast):
    # given: the volunteer already has a profile
    before = Candidate.objects.count()
    # when / then
    with pytest.raises(ApplicationError) as exc_info:
        candidate_create(actor=cast["volunteer"], data=profile(world.country))
    assert exc_info.value.code == "profile_exists"
    assert Candidate.objects.count() == before


def test_recruiter_creates_profile_without_account_with_expertise_and_languages(world, cast):
    # given
    area = ExpertiseAreaFactory(code="health")
    french = LanguageFactory(code="fr", name_en="French")
    # when
    candidate = candidate_create(
        actor=cast["recruiter"],
        data=profile(world.country.pk, nationality=world.country.pk, residence=world.country.pk),
        expertise=[area.pk],
        languages=[LanguageRow(language=french.pk, level="fluent")],
    )
    # then
    assert candidate.user is None
    assert list(candidate.expertise.all()) == [area]
    assert list(candidate.languages.values_list("language__code", "level")) == [("fr", "fluent")]


@pytest.mark.parametrize("who", ["auditor", "focal", "field_in", "donor"])
def test_create_refused_for_roles_that_never_create(world, cast, who):
    before = Candidate.objects.count()
    with pytest.raises(PermissionDenied):
        candidate_create(actor=cast[who], data=profile(world.country))
    assert Candidate.objects.count() == before


def test_younger_than_18_today_is_refused_naming_date_of_birth(world, cast):
    # given: 18 tomorrow
    today = timezone.localdate()
    born = years_before(today, 18) + dt.timedelta(days=1)
    # when / then
    with pytest.raises(ValidationError) as exc_info:
        candidate_create(actor=cast["hq"], data=profile(world.country, date_of_birth=born))
    assert errors_of(exc_info) == {"date_of_birth": ["Candidates must be at least 18 years old."]}
    assert not Candidate.objects.filter(family_name="Lovelace").exists()


def test_eighteen_today_is_accepted(world, cast):
    born = years_before(timezone.localdate(), 18)
    candidate = candidate_create(actor=cast["hq"], data=profile(world.country, date_of_birth=born))
    assert candidate.date_of_birth == born


def test_date_of_birth_in_future_is_refused(world, cast):
    born = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc_info:
        candidate_create(actor=cast["hq"], data=profile(world.country, date_of_birth=born))
    assert errors_of(exc_info) == {"date_of_birth": ["The date of birth cannot be in the future."]}


def test_date_of_birth_before_1900_is_refused_naming_the_field(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        candidate_create(actor=cast["hq"], data=profile(world.country, date_of_birth=dt.date(1899, 12, 31)))
    assert list(errors_of(exc_info)) == ["date_of_birth"]


def test_negative_experience_is_refused(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        candidate_create(actor=cast["hq"], data=profile(world.country, experience_months=-1))
    assert list(errors_of(exc_info)) == ["experience_months"]
    assert not Candidate.objects.filter(family_name="Lovelace").exists()


def test_refugee_must_reside_outside_country_of_nationality(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        candidate_create(actor=cast["hq"], data=profile(world.country, displacement="refugee"))
    assert list(errors_of(exc_info)) == ["residence"]


def test_refugee_residing_elsewhere_is_accepted(world, cast):
    candidate = candidate_create(
        actor=cast["hq"], data=profile(world.country, residence=world.other_country, displacement="refugee")
    )
    assert candidate.home_country_id == world.other_country.pk


def test_unknown_country_and_expertise_are_refused_naming_the_field(world, cast):
    with pytest.raises(ValidationError) as exc_info:
        candidate_create(actor=cast["hq"], data=profile(world.country, nationality=999999))
    assert list(errors_of(exc_info)) == ["nationality"]
    with pytest.raises(ValidationError) as exc_info:
        candidate_create(actor=cast["hq"], data=profile(world.country), expertise=[999999])
    assert errors_of(exc_info) == {"expertise": ["No expertise area has the id 999999."]}
    assert not Candidate.objects.filter(family_name="Lovelace").exists()


def test_bad_language_row_refuses_the_whole_profile(world, cast):
    # given
    english = LanguageFactory(code="en", name_en="English")
    # when / then
    with pytest.raises(ValidationError):
        candidate_create(
            actor=cast["hq"],
            data=profile(world.country),
            languages=[LanguageRow(english, "fluent"), LanguageRow(english, "basic")],
        )
    assert not Candidate.objects.filter(family_name="Lovelace").exists()
    assert not CandidateLanguage.objects.exists()


# --- candidate_update ------------------------------------------------------------------------


def test_update_changes_fields_bumps_version_and_audits(world, cast):
    # given
    candidate = world.volunteer
    # when
    updated = candidate_update(
        actor=cast["field_in"], candidate=candidate, data={"experience_months": 72}, expected_version=1
    )
    # then
    assert updated.experience_months == 72
    assert updated.version == 2
    record = AuditRecord.objects.get(verb="candidate.updated", target_id=str(candidate.pk))
    assert record.changes == {"experience_months": [60, 72]}


def test_update_with_stale_version_is_refused_and_nothing_changes(world, cast):
    # given: someone else saved version 2
    candidate_update(
        actor=cast["hq"], candidate=world.volunteer, data={"given_name": "Vee"}, expected_version=1
    )
    # when / then
    with pytest.raises(StaleObjectError):
        candidate_update(
            actor=cast["volunteer"],
            candidate=world.volunteer,
            data={"given_name": "Vera2"},
            expected_version=1,
        )
    world.volunteer.refresh_from_db()
    assert world.volunteer.given_name == "Vee"
    assert world.volunteer.version == 2


@pytest.mark.parametrize("who", ["auditor", "focal", "donor", "other_volunteer"])
def test_update_refused_for_non_writers(world, cast, who):
    with pytest.raises(PermissionDenied):
        candidate_update(
            actor=cast[who], candidate=world.volunteer, data={"given_name": "X"}, expected_version=1
        )
    world.volunteer.refresh_from_db()
    assert world.volunteer.given_name == "Vera"


def test_field_unit_cannot_update_outside_its_countries(world, cast):
    with pytest.raises(PermissionDenied):
        candidate_update(actor=cast["field_out"], candidate=world.volunteer, data={}, expected_version=None)


def test_field_unit_edits_someone_serving_in_its_country_though_national_elsewhere(world, cast):
    # given: a Peruvian living in Peru, serving in Kenya
    from mobilize.assignments.tests.factories import AssignmentFactory
    from mobilize.reference.models import Modality

    peruvian = CandidateFactory(nationality=world.other_country)
    AssignmentFactory(
        volunteer=peruvian,
        duty_station=world.station,
        modality=Modality.INTERNATIONAL,
        host_entity=world.host,
    )
    # when
    updated = candidate_update(
        actor=cast["field_in"], candidate=peruvian, data={"experience_months": 1}, expected_version=None
    )
    # then
    assert updated.experience_months == 1


def test_invalid_update_leaves_profile_unchanged(world, cast):
    with pytest.raises(ValidationError):
        candidate_update(
            actor=cast["hq"],
            candidate=world.volunteer,
            data={"given_name": "Changed", "date_of_birth": timezone.localdate()},
            expected_version=1,
        )
    world.volunteer.refresh_from_db()
    assert (world.volunteer.given_name, world.volunteer.version) == ("Vera", 1)


# --- candidate_languages_set -----------------------------------------------------------------


def test_languages_set_replaces_rows_bumps_version_and_audits(world, cast):
    # given
    english = LanguageFactory(code="en", name_en="English")
    swahili = LanguageFactory(code="sw", name_en="Swahili")
    CandidateLanguage.objects.create(candidate=world.volunteer, language=english, level="basic")
    # when
    updated = candidate_languages_set(
        actor=cast["volunteer"],
        candidate=world.volunteer,
        rows=[LanguageRow(english, "fluent"), LanguageRow(swahili.pk, "native")],
        expected_version=1,
    )
    # then
    assert sorted(updated.languages.values_list("language__code", "level")) == [
        ("en", "fluent"),
        ("sw", "native"),
    ]
    assert updated.version == 2
    record = AuditRecord.objects.get(verb="candidate.languages_set")
    assert record.changes == {"languages": [[["en", "basic"]], [["en", "fluent"], ["sw", "native"]]]}


def test_duplicate_language_is_refused_naming_the_row_and_nothing_changes(world, cast):
    # given
    english = LanguageFactory(code="en", name_en="English")
    french = LanguageFactory(code="fr", name_en="French")
    CandidateLanguage.objects.create(candidate=world.volunteer, language=french, level="basic")
    # when / then
    with pytest.raises(ValidationError) as exc_info:
        candidate_languages_set(
            actor=cast["hq"],
            candidate=world.volunteer,
            rows=[
                LanguageRow(english, "fluent"),
                LanguageRow(french, "basic"),
                LanguageRow(english, "basic"),
            ],
        )
    assert errors_of(exc_info) == {"languages.2.language": ["Row 3: English is already listed in row 1."]}
    assert list(world.volunteer.languages.values_list("language__code", "level")) == [("fr", "basic")]
    assert not AuditRecord.objects.filter(verb="candidate.languages_set").exists()


def test_unknown_language_and_level_are_refused_naming_the_row(world, cast):
    english = LanguageFactory(code="en", name_en="English")
    with pytest.raises(ValidationError) as exc_info:
        candidate_languages_set(
            actor=cast["hq"],
            candidate=world.volunteer,
            rows=[LanguageRow(999999, "fluent"), LanguageRow(english, "superb")],
        )
    assert errors_of(exc_info) == {
        "languages.0.language": ["Row 1: choose a known language."],
        "languages.1.level": ["Row 2: choose a level."],
    }


def test_languages_set_with_stale_version_is_refused(world, cast):
    english = LanguageFactory(code="en", name_en="English")
    with pytest.raises(StaleObjectError):
        candidate_languages_set(
            actor=cast["hq"],
            candidate=world.volunteer,
            rows=[LanguageRow(english, "fluent")],
            expected_version=7,
        )
    assert not CandidateLanguage.objects.exists()


def test_languages_set_refused_for_auditor(world, cast):
    with pytest.raises(PermissionDenied):
        candidate_languages_set(actor=cast["auditor"], candidate=world.volunteer, rows=[])


# --- consent ---------------------------------------------------------------------------------


def test_person_gives_consent_once(world, cast):
    # when
    first = candidate_consent_give(actor=cast["volunteer"], candidate=world.volunteer)
    again = candidate_consent_give(actor=cast["volunteer"], candidate=world.volunteer)
    # then
    assert first.consent_at is not None
    assert again.consent_at == first.consent_at
    assert AuditRecord.objects.filter(verb="candidate.consent_given").count() == 1


@pytest.mark.parametrize("who", ["hq", "recruiter", "field_in"])
def test_nobody_consents_for_the_person(world, cast, who):
    with pytest.raises(PermissionDenied):
        candidate_consent_give(actor=cast[who], candidate=world.volunteer)
    world.volunteer.refresh_from_db()
    assert world.volunteer.consent_at is None


# --- disclosure ------------------------------------------------------------------------------


def test_person_makes_then_changes_disclosure_audited_without_content(consented, cast):
    # when
    made = candidate_disclosure_set(
        actor=cast["volunteer"], candidate=consented.volunteer, has_disability=True, details="Deaf"
    )
    changed = candidate_disclosure_set(
        actor=cast["volunteer"],
        candidate=consented.volunteer,
        has_disability=True,
        details="Deaf",
        accommodation_needs="Sign interpretation",
        expected_version=made.version,
    )
    # then
    assert changed.pk == made.pk
    assert (changed.version, changed.accommodation_needs) == (2, "Sign interpretation")
    records = list(AuditRecord.objects.filter(target_type="talent.disabilitydisclosure").order_by("pk"))
    assert [(r.verb, r.detail, r.changes) for r in records] == [
        ("disclosure.made", "has_disability, details, accommodation_needs", {}),
        ("disclosure.changed", "accommodation_needs", {}),
    ]
    assert not AuditRecord.objects.filter(changes__icontains="Deaf").exists()


@pytest.mark.parametrize("who", ["hq", "recruiter", "auditor", "field_in"])
def test_disclosure_is_the_persons_own(consented, cast, who):
    with pytest.raises(PermissionDenied):
        candidate_disclosure_set(actor=cast[who], candidate=consented.volunteer, has_disability=True)
    assert not DisabilityDisclosure.objects.exists()


def test_disclosure_needs_consent(world, cast):
    with pytest.raises(ApplicationError) as exc_info:
        candidate_disclosure_set(actor=cast["volunteer"], candidate=world.volunteer, has_disability=True)
    assert (exc_info.value.code, exc_info.value.field) == ("consent_required", "consent")
    assert not DisabilityDisclosure.objects.exists()


def test_disclosure_stale_version_is_refused(consented, cast):
    DisabilityDisclosureFactory(candidate=consented.volunteer, details="Before")
    with pytest.raises(StaleObjectError):
        candidate_disclosure_set(
            actor=cast["volunteer"], candidate=consented.volunteer, has_disability=True, expected_version=5
        )
    assert DisabilityDisclosure.objects.get().details == "Before"


def test_person_withdraws_disclosure(disclosure, cast):
    candidate_disclosure_withdraw(actor=cast["volunteer"], candidate=disclosure.candidate)
    assert not DisabilityDisclosure.objects.exists()
    assert AuditRecord.objects.filter(verb="disclosure.withdrawn").count() == 1


def test_hq_cannot_withdraw_a_disclosure(disclosure, cast):
    with pytest.raises(PermissionDenied):
        candidate_disclosure_withdraw(actor=cast["hq"], candidate=disclosure.candidate)
    assert DisabilityDisclosure.objects.count() == 1
