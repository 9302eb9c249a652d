import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mobilize.core.errors import ApplicationError
from mobilize.core.models import AuditRecord
from mobilize.talent.models import CandidateDocument
from mobilize.talent.services import document_delete, document_upload
from mobilize.talent.tests.factories import JPEG_BYTES, PNG_BYTES, CandidateDocumentFactory, pdf, stored_files

pytestmark = pytest.mark.django_db


def errors_of(exc_info) -> dict:
    return exc_info.value.message_dict


# --- documents -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected_type"),
    [
        ("cv.pdf", b"%PDF-1.7\nx", "application/pdf"),
        ("me.PNG", PNG_BYTES, "image/png"),
        ("id.jpg", JPEG_BYTES, "image/jpeg"),
    ],
)
def test_upload_stores_accepted_types_under_media_root(
    consented, cast, media_root, name, content, expected_type
):
    # when
    document = document_upload(
        actor=cast["volunteer"], candidate=consented.volunteer, kind="passport", file=pdf(name, content)
    )
    # then
    assert (document.original_name, document.content_type, document.size) == (
        name,
        expected_type,
        len(content),
    )
    assert stored_files(media_root) == [media_root / document.file.name]
    assert document.file.name.startswith(f"candidates/{consented.volunteer.pk}/")
    assert (media_root / document.file.name).read_bytes() == content
    assert AuditRecord.objects.filter(verb="document.uploaded").count() == 1


def test_upload_type_is_read_from_the_content_not_the_name(consented, cast, media_root):
    with pytest.raises(ValidationError) as exc_info:
        document_upload(
            actor=cast["hq"],
            candidate=consented.volunteer,
            kind="cv",
            file=pdf("cv.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        )
    assert errors_of(exc_info) == {"file": ["Only PDF, JPEG and PNG files are accepted."]}
    assert not CandidateDocument.objects.exists()
    assert stored_files(media_root) == []


def test_upload_over_the_size_limit_is_refused(consented, cast, media_root, settings):
    settings.MOBILIZE_MAX_DOCUMENT_BYTES = 20
    with pytest.raises(ValidationError) as exc_info:
        document_upload(
            actor=cast["hq"], candidate=consented.volunteer, kind="cv", file=pdf(content=b"%PDF-" + b"x" * 16)
        )
    assert errors_of(exc_info) == {"file": ["The file is too large: the limit is 20\xa0bytes."]}
    assert not CandidateDocument.objects.exists()
    assert stored_files(media_root) == []


def test_upload_at_the_size_limit_is_accepted(consented, cast, settings):
    settings.MOBILIZE_MAX_DOCUMENT_BYTES = 21
    document = document_upload(
        actor=cast["hq"], candidate=consented.volunteer, kind="cv", file=pdf(content=b"%PDF-" + b"x" * 16)
    )
    assert document.size == 21


def test_empty_file_and_unknown_kind_are_refused_together(consented, cast):
    with pytest.raises(ValidationError) as exc_info:
        document_upload(actor=cast["hq"], candidate=consented.volunteer, kind="diary", file=pdf(content=b""))
    assert errors_of(exc_info) == {"kind": ["Choose a kind of document."], "file": ["The file is empty."]}
    assert not CandidateDocument.objects.exists()


def test_upload_needs_consent(world, cast, media_root):
    with pytest.raises(ApplicationError) as exc_info:
        document_upload(actor=cast["volunteer"], candidate=world.volunteer, kind="cv", file=pdf())
    assert exc_info.value.code == "consent_required"
    assert stored_files(media_root) == []


@pytest.mark.parametrize("who", ["auditor", "focal", "field_out", "donor", "other_volunteer"])
def test_upload_refused_for_those_who_do_not_write(consented, cast, media_root, who):
    with pytest.raises(PermissionDenied):
        document_upload(actor=cast[who], candidate=consented.volunteer, kind="cv", file=pdf())
    assert not CandidateDocument.objects.exists()
    assert stored_files(media_root) == []


def test_upload_keeps_only_the_base_name(consented, cast):
    document = document_upload(
        actor=cast["volunteer"], candidate=consented.volunteer, kind="cv", file=pdf("../../etc/cv\x07.pdf")
    )
    assert document.original_name == "cv.pdf"


@pytest.mark.parametrize("who", ["volunteer", "hq"])
def test_owner_and_hq_delete_a_document_and_its_file(
    document, cast, media_root, who, django_capture_on_commit_callbacks
):
    # given
    path = media_root / document.file.name
    assert path.exists()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(actor=cast[who], document=document)
    # then
    assert not CandidateDocument.objects.exists()
    assert not path.exists()
    assert AuditRecord.objects.filter(verb="document.deleted", target_id=str(document.pk)).count() == 1


@pytest.mark.parametrize("who", ["recruiter", "field_in", "auditor"])
def test_others_cannot_delete_a_document(document, cast, media_root, who):
    with pytest.raises(PermissionDenied):
        document_delete(actor=cast[who], document=document)
    assert CandidateDocument.objects.count() == 1
    assert (media_root / document.file.name).exists()


def test_document_factory_and_upload_share_the_private_root(consented, media_root):
    # the factory used by other tests writes under the same temporary MEDIA_ROOT
    document = CandidateDocumentFactory(candidate=consented.volunteer)
    assert (media_root / document.file.name).exists()
