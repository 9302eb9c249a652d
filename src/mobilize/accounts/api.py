"""Who am I: the signed-in user's role and scope."""

from __future__ import annotations

from ninja import Router, Schema

from mobilize.api.auth import AuthedRequest
from mobilize.api.schemas import ERROR_RESPONSES

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    host_entities: list[str]
    countries: list[str]


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES})
def me_get_api(request: AuthedRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.username,
        full_name=user.get_full_name(),
        role=user.role,
        host_entities=sorted(user.host_entities.values_list("acronym", flat=True)),
        countries=sorted(user.countries.values_list("iso2", flat=True)),
    )
