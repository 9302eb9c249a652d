"""Schemas every router shares, and those two apps' routers both answer with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ninja import Schema

if TYPE_CHECKING:
    from mobilize.requests.models import DoaLanguage


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    message: str
    errors: list[FieldErrorOut]


ERROR_RESPONSES: dict[int, type[Schema]] = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


class DoaLanguageOut(Schema):
    """A language a DoA asks for: on the DoA (requests) and on an opportunity (recruitment)."""

    language: int
    language_code: str
    language_name: str
    level: str
    required: bool

    @staticmethod
    def resolve_language(obj: DoaLanguage) -> int:
        return obj.language_id

    @staticmethod
    def resolve_language_code(obj: DoaLanguage) -> str:
        return obj.language.code

    @staticmethod
    def resolve_language_name(obj: DoaLanguage) -> str:
        return obj.language.name_en
