"""The talent API under /api/v1/talent/: profiles, languages, consent, disclosure, documents.

Reading a profile reads no personal data; the documents and disclosure endpoints are the only
ones that do, and each staff call to them is recorded in the audit trail.
"""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, UploadedFile
from ninja.pagination import LimitOffsetPagination, paginate

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES
from mobilize.talent.files import document_response
from mobilize.talent.models import (
    Candidate,
    CandidateDocument,
    CandidateLanguage,
    DisabilityDisclosure,
    EducationLevel,
    Gender,
    LanguageLevel,
)
from mobilize.talent.permissions import can_browse_candidates, can_delete_document, candidate_access
from mobilize.talent.selectors import (
    CandidateFilters,
    candidate_disclosure,
    candidate_document,
    candidate_document_get,
    candidate_documents,
    candidate_get,
    candidate_list,
    candidate_of_user,
)
from mobilize.talent.services import (
    LanguageRow,
    candidate_consent_give,
    candidate_create,
    candidate_disclosure_set,
    candidate_disclosure_withdraw,
    candidate_languages_set,
    candidate_update,
    document_delete,
    document_upload,
)

router = Router(tags=["talent"])


class CountryRefOut(Schema):
    id: int
    iso2: str
    name: str


class ExpertiseRefOut(Schema):
    id: int
    code: str
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


class CandidateLanguageOut(Schema):
    language: int
    code: str
    name: str
    level: str

    @staticmethod
    def resolve_language(obj: CandidateLanguage) -> int:
        return obj.language_id

    @staticmethod
    def resolve_code(obj: CandidateLanguage) -> str:
        return obj.language.code

    @staticmethod
    def resolve_name(obj: CandidateLanguage) -> str:
        return str(obj.language)


class CandidateOut(Schema):
    """A profile. It never says whether the person made a disability disclosure."""

    id: int
    given_name: str
    family_name: str
    email: str
    date_of_birth: dt.date
    gender: str
    nationality: CountryRefOut
    residence: CountryRefOut
    displacement: str
    education: str
    experience_months: int
    expertise: list[ExpertiseRefOut]
    languages: list[CandidateLanguageOut]
    interest: str
    available_from: dt.date | None
    has_driving_licence: bool
    consent_at: dt.datetime | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class LanguageRowIn(Schema):
    language: int = Field(description="Id of a language of /api/v1/reference.")
    level: LanguageLevel


class CandidateCreateIn(Schema):
    given_name: str
    family_name: str
    email: str = ""
    date_of_birth: dt.date
    gender: Gender
    nationality: int = Field(description="Country id.")
    residence: int = Field(description="Country id; for a refugee or stateless person, of legal residence.")
    displacement: Candidate.Displacement = Candidate.Displacement.NONE
    education: str = Field("", description="An education level, or empty.")
    experience_months: int = 0
    interest: Candidate.Interest = Candidate.Interest.ONSITE
    available_from: dt.date | None = None
    has_driving_licence: bool = False
    expertise: list[int] = Field(default_factory=list, description="Expertise area ids.")
    languages: list[LanguageRowIn] = Field(default_factory=list)


class CandidateUpdateIn(Schema):
    """Only the fields sent change; ``version`` is the one read (a stale one is refused, 409)."""

    version: int
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    date_of_birth: dt.date | None = None
    gender: Gender | None = None
    nationality: int | None = None
    residence: int | None = None
    displacement: Candidate.Displacement | None = None
    education: str | None = None
    experience_months: int | None = None
    interest: Candidate.Interest | None = None
    available_from: dt.date | None = None
    has_driving_licence: bool | None = None
    expertise: list[int] | None = None


class CandidateLanguagesIn(Schema):
    languages: list[LanguageRowIn]
    version: int | None = None


class CandidateFiltersIn(Schema):
    q: str = ""
    nationality: int | None = None
    residence: int | None = None
    gender: Gender | None = None
    expertise: int | None = None
    language: int | None = None
    language_level: LanguageLevel | None = None
    interest: Literal["onsite", "online"] | None = None
    education: EducationLevel | None = Field(None, description="Minimum education level.")
    experience_min: int | None = Field(None, ge=0)
    age_min: int | None = Field(None, ge=0, le=130)
    age_max: int | None = Field(None, ge=0, le=130)
    age_on: dt.date | None = None
    available_by: dt.date | None = None
    displacement: Candidate.Displacement | None = None

    def to_filters(self) -> CandidateFilters:
        return CandidateFilters(**{k: v for k, v in self.dict().items() if v is not None})


class DisclosureIn(Schema):
    has_disability: bool = True
    details: str = ""
    accommodation_needs: str = ""
    version: int | None = None


class DisclosureOut(Schema):
    """``disclosed`` is false when the person made no disclosure (the other fields are then empty)."""

    disclosed: bool
    has_disability: bool | None = None
    details: str = ""
    accommodation_needs: str = ""
    version: int | None = None
    updated_at: dt.datetime | None = None


class DocumentOut(Schema):
    id: int
    kind: str
    original_name: str
    content_type: str
    size: int
    created_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj: CandidateDocument) -> str:
        return reverse(
            "api:document_download_api", kwargs={"candidate_id": obj.candidate_id, "document_id": obj.pk}
        )


def _disclosure_out(disclosure: DisabilityDisclosure | None) -> DisclosureOut:
    if disclosure is None:
        return DisclosureOut(disclosed=False)
    return DisclosureOut(
        disclosed=True,
        has_disability=disclosure.has_disability,
        details=disclosure.details,
        accommodation_needs=disclosure.accommodation_needs,
        version=disclosure.version,
        updated_at=disclosure.updated_at,
    )


def _rows(rows: list[LanguageRowIn]) -> list[LanguageRow]:
    return [LanguageRow(language=row.language, level=row.level) for row in rows]


@router.get("/candidates", response={200: list[CandidateOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def candidate_list_api(request: AuthedRequest, filters: Query[CandidateFiltersIn]) -> Any:
    """Search the talent pool (staff and host focal points), with the filters of the page."""
    if not can_browse_candidates(request.user):
        raise PermissionDenied
    return candidate_list(viewer=request.user, filters=filters.to_filters())


@router.post("/candidates", response={201: CandidateOut, **ERROR_RESPONSES})
def candidate_create_api(request: AuthedRequest, payload: CandidateCreateIn) -> Any:
    """Create a profile: a candidate their own (once), HQ and recruiters anyone's."""
    candidate = candidate_create(
        actor=request.user,
        data=payload.dict(exclude={"expertise", "languages"}),
        expertise=payload.expertise,
        languages=_rows(payload.languages),
    )
    return 201, candidate_get(viewer=request.user, candidate_id=candidate.pk)


@router.get("/me", response={200: CandidateOut, **ERROR_RESPONSES})
def candidate_me_api(request: AuthedRequest) -> Any:
    """The signed-in person's own profile; 404 if they have none."""
    candidate = candidate_of_user(user=request.user)
    if candidate is None:
        raise Http404
    return candidate


@router.get("/candidates/{candidate_id}", response={200: CandidateOut, **ERROR_RESPONSES})
def candidate_detail_api(request: AuthedRequest, candidate_id: int) -> Any:
    return candidate_get(viewer=request.user, candidate_id=candidate_id)


@router.patch("/candidates/{candidate_id}", response={200: CandidateOut, **ERROR_RESPONSES})
def candidate_update_api(request: AuthedRequest, candidate_id: int, payload: CandidateUpdateIn) -> Any:
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    return candidate_update(
        actor=request.user,
        candidate=candidate,
        data=payload.dict(exclude_unset=True, exclude={"version", "expertise"}),
        expected_version=payload.version,
        expertise=payload.expertise,
    )


@router.put("/candidates/{candidate_id}/languages", response={200: CandidateOut, **ERROR_RESPONSES})
def candidate_languages_set_api(
    request: AuthedRequest, candidate_id: int, payload: CandidateLanguagesIn
) -> Any:
    """Replace the languages; a language listed twice is refused (422, naming the row)."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    return candidate_languages_set(
        actor=request.user,
        candidate=candidate,
        rows=_rows(payload.languages),
        expected_version=payload.version,
    )


@router.post("/candidates/{candidate_id}/consent", response={200: CandidateOut, **ERROR_RESPONSES})
def candidate_consent_give_api(request: AuthedRequest, candidate_id: int) -> Any:
    """The person consents to the processing of their data (only the person)."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    return candidate_consent_give(actor=request.user, candidate=candidate)


@router.get("/candidates/{candidate_id}/disclosure", response={200: DisclosureOut, **ERROR_RESPONSES})
def candidate_disclosure_get_api(request: AuthedRequest, candidate_id: int) -> Any:
    """The person, HQ and auditors; 403 for anyone else who sees the profile. Staff reads are audited."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    return _disclosure_out(candidate_disclosure(viewer=request.user, candidate=candidate))


@router.put("/candidates/{candidate_id}/disclosure", response={200: DisclosureOut, **ERROR_RESPONSES})
def candidate_disclosure_set_api(request: AuthedRequest, candidate_id: int, payload: DisclosureIn) -> Any:
    """Make or change one's own disclosure (the person only; needs their consent)."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    disclosure = candidate_disclosure_set(
        actor=request.user,
        candidate=candidate,
        has_disability=payload.has_disability,
        details=payload.details,
        accommodation_needs=payload.accommodation_needs,
        expected_version=payload.version,
    )
    return _disclosure_out(disclosure)


@router.delete("/candidates/{candidate_id}/disclosure", response={204: None, **ERROR_RESPONSES})
def candidate_disclosure_withdraw_api(request: AuthedRequest, candidate_id: int) -> Any:
    """Withdraw (delete) one's own disclosure."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    candidate_disclosure_withdraw(actor=request.user, candidate=candidate)
    return 204, None


@router.get("/candidates/{candidate_id}/documents", response={200: list[DocumentOut], **ERROR_RESPONSES})
@paginate(LimitOffsetPagination)
def candidate_documents_api(request: AuthedRequest, candidate_id: int) -> Any:
    """The person's documents, newest first; a staff listing is audited."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    return candidate_documents(viewer=request.user, candidate=candidate)


@router.post("/candidates/{candidate_id}/documents", response={201: DocumentOut, **ERROR_RESPONSES})
def document_upload_api(
    request: AuthedRequest, candidate_id: int, kind: Form[str], file: File[UploadedFile | None] = None
) -> Any:
    """Upload a document (multipart: ``kind`` and ``file``; PDF, JPEG or PNG)."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    return 201, document_upload(actor=request.user, candidate=candidate, kind=kind, file=file)


@router.get(
    "/candidates/{candidate_id}/documents/{document_id}/download",
    response=ERROR_RESPONSES,
    url_name="document_download_api",
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, as an attachment.",
                "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def document_download_api(request: AuthedRequest, candidate_id: int, document_id: int) -> FileResponse:
    """Stream a document; a staff download is audited."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    document = candidate_document(viewer=request.user, candidate=candidate, document_id=document_id)
    return document_response(document)


@router.delete("/candidates/{candidate_id}/documents/{document_id}", response={204: None, **ERROR_RESPONSES})
def document_delete_api(request: AuthedRequest, candidate_id: int, document_id: int) -> Any:
    """Delete a document (the person or HQ)."""
    candidate = candidate_access(user=request.user, candidate_id=candidate_id)
    if not can_delete_document(request.user, candidate):
        raise PermissionDenied
    document = candidate_document_get(candidate=candidate, document_id=document_id)
    document_delete(actor=request.user, document=document)
    return 204, None
