import json
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_openapi_schema_is_served_and_matches_the_committed_copy(client, tmp_path):
    # the schema is public (it says nothing about data) and the committed copy is current
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    served = response.json()
    assert served["info"]["title"] == "Mobilize API"
    out = tmp_path / "schema.json"
    call_command("openapi_schema", "--output", str(out))
    committed = Path(__file__).resolve().parents[4] / "docs" / "openapi.json"
    assert json.loads(out.read_text()) == json.loads(committed.read_text())


def test_every_operation_documents_the_error_shape(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "404"} <= codes, (
                f"{method.upper()} {path} lacks documented errors: {sorted(codes)}"
            )
