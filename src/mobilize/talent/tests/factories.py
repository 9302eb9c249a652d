import datetime as dt

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from mobilize.geo.tests.factories import CountryFactory
from mobilize.reference.tests.factories import LanguageFactory
from mobilize.talent.models import (
    Candidate,
    CandidateDocument,
    CandidateLanguage,
    DisabilityDisclosure,
    EducationLevel,
    Gender,
    LanguageLevel,
)


class CandidateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Candidate

    given_name = factory.Sequence(lambda n: f"Given{n}")
    family_name = factory.Sequence(lambda n: f"Family{n}")
    email = factory.LazyAttribute(lambda o: f"{o.given_name.lower()}@example.org")
    nationality = factory.SubFactory(CountryFactory)
    residence = factory.SelfAttribute("nationality")
    date_of_birth = dt.date(1990, 5, 17)
    gender = Gender.FEMALE
    education = EducationLevel.MASTER
    experience_months = 60


class CandidateLanguageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateLanguage

    candidate = factory.SubFactory(CandidateFactory)
    language = factory.SubFactory(LanguageFactory)
    level = LanguageLevel.FLUENT


class DisabilityDisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisabilityDisclosure

    candidate = factory.SubFactory(CandidateFactory)
    has_disability = True
    details = "Low vision"
    accommodation_needs = "Screen reader"


PDF_BYTES = b"%PDF-1.4\n% a tiny test document\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 24


def pdf(name="cv.pdf", content=PDF_BYTES, content_type="application/pdf"):
    """A small in-memory upload (a PDF unless told otherwise)."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root):
    """Every file under ``root`` (the temporary MEDIA_ROOT)."""
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


class CandidateDocumentFactory(factory.django.DjangoModelFactory):
    """A small PDF stored under MEDIA_ROOT (point it at a temporary directory in tests)."""

    class Meta:
        model = CandidateDocument

    candidate = factory.SubFactory(CandidateFactory)
    kind = CandidateDocument.Kind.CV
    file = factory.django.FileField(data=PDF_BYTES, filename="upload.pdf")
    original_name = "cv.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
