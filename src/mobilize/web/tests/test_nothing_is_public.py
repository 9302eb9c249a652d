"""A sweep over every page and every API operation: nothing answers an anonymous caller but the
sign-in page, the language switch and the API's own schema and docs."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# Sign-out answers only POST (405 to a GET), whoever asks.
PUBLIC_PAGES = {"accounts:login", "accounts:logout", "set_language"}
OUR_NAMESPACES = {
    "web",
    "accounts",
    "geo",
    "reference",
    "partners",
    "talent",
    "requests",
    "assignments",
    "entitlements",
    "matching",
    "notifications",
    "statistics",
    "dutyofcare",
    "recruitment",
    "lifecycle",
}


def _pages(resolver: URLResolver | None = None, namespace: str = "", prefix: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from _pages(entry, ns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), prefix + str(entry.pattern)


def _fill(route: str) -> str:
    path = re.sub(r"<(?:\w+:)?(\w+)>", "1", route)
    return "/" + path.lstrip("^").rstrip("$")


def test_every_page_needs_sign_in(client):
    checked = 0
    for name, route in _pages():
        if name.split(":")[0] not in OUR_NAMESPACES or name in PUBLIC_PAGES:
            continue
        response = client.get(_fill(route))
        assert response.status_code == 302, f"{name} ({route}) answered {response.status_code} to anonymous"
        assert "/accounts/login/" in response["Location"], name
        checked += 1
    assert checked >= 10


def test_every_api_operation_needs_credentials(client):
    schema = client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in schema["paths"].items():
        url = re.sub(r"\{\w+\}", "1", path)
        for method in operations:
            response = getattr(client, method)(url)
            assert response.status_code == 401, f"{method.upper()} {path} answered {response.status_code}"
            checked += 1
    assert checked >= 10
