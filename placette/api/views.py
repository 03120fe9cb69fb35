"""/api/: the API's documentation page, rendered on the server from its OpenAPI document."""

import json
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from placette.api import caching, schemas
from placette.api.api import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, api
from placette.api.ratelimit import describe_rate
from placette.places import queries

REF = "#/components/schemas/"
FIRST = ["PlacePage", "PlaceOut", "Error", "ValidationProblem"]


def _type(schema: dict) -> str:
    """A short reading of a JSON schema: "string (date)", "[Coded]", "Coded | null"."""
    if "$ref" in schema:
        return schema["$ref"].removeprefix(REF)
    if "anyOf" in schema:
        return " | ".join(_type(option) for option in schema["anyOf"])
    kind = schema.get("type", "")
    if kind == "array":
        return f"[{_type(schema.get('items', {}))}]"
    if "format" in schema:
        return f"{kind} ({schema['format']})"
    return kind


def _ref(schema: dict) -> str:
    """The component a property is made of (itself, its items or its non-null option), or ""."""
    for part in (schema, schema.get("items", {}), *schema.get("anyOf", [])):
        if "$ref" in part:
            return part["$ref"].removeprefix(REF)
    return ""


def _parameter(parameter: dict) -> dict:
    schema = parameter["schema"]
    enum = schema.get("enum", [])
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        bounds = _("de %(low)s à %(high)s") % {"low": low, "high": high}
    else:
        bounds = f"≥ {low}" if low is not None else f"≤ {high}" if high is not None else ""
    return {
        "name": parameter["name"],
        "location": parameter["in"],
        "required": parameter.get("required", False),
        "type": _type(schema),
        "bounds": bounds,
        "default": schema.get("default"),
        "description": parameter.get("description", ""),
        # The vocabularies have their own section; long code lists (départements) are not repeated.
        "values": enum if 0 < len(enum) <= 12 else [],
    }


def _operations(document: dict) -> list[dict]:
    operations = []
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = []
            for status, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json", {})
                responses.append(
                    {
                        "status": status,
                        "description": response["description"],
                        "type": _type(content["schema"]) if content else "",
                        "headers": list(response.get("headers", {})),
                    }
                )
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [_parameter(p) for p in operation.get("parameters", [])],
                    "responses": responses,
                }
            )
    return operations


def _components(document: dict) -> list[dict]:
    components = []
    defined = document["components"]["schemas"]
    # What the operations answer first, then the parts they are made of.
    for name in sorted(defined, key=lambda n: (FIRST.index(n) if n in FIRST else len(FIRST), n)):
        schema = defined[name]
        required = set(schema.get("required", []))
        fields = [
            {
                "name": field,
                "type": _type(details),
                "ref": _ref(details),
                "required": field in required,
                "description": details.get("description", ""),
            }
            for field, details in schema.get("properties", {}).items()
        ]
        components.append(
            {"name": name, "description": schema.get("description", ""), "fields": fields}
        )
    return components


def _examples(request, sample) -> dict:
    """curl lines on this site's real URLs, and the JSON of a real place."""
    list_url = request.build_absolute_uri(reverse("api:v1:list_places"))
    query = {"par_page": 5}
    if sample is not None:
        if sample.families:
            query = {queries.PARAMS["family"]: sample.families[0], **query}
        if sample.departement:
            query = {queries.PARAMS["departement"]: sample.departement, **query}
    examples = {
        "openapi": request.build_absolute_uri(reverse("api:v1:openapi-json")),
        "list": f"{list_url}?{urlencode(query)}",
        "search": f"{list_url}?{urlencode({queries.PARAMS['q']: 'atelier numérique'})}",
        "detail": "",
        "detail_json": "",
    }
    if sample is not None:
        url = request.build_absolute_uri(reverse("api:v1:get_place", kwargs={"uid": sample.uid}))
        page = request.build_absolute_uri(sample.get_absolute_url())
        with translation.override(settings.LANGUAGE_CODE):  # as the API answers
            data = schemas.PlaceOut.model_validate(schemas.place_data(sample, url=page))
            body = api.renderer.render(request, data.model_dump(), response_status=200)
        examples["detail_json"] = json.dumps(json.loads(body), indent=2, ensure_ascii=False)
        examples["detail"] = url
    return examples


@require_GET
def docs(request):
    document = api.get_openapi_schema()
    sample = queries.with_tags(queries.published()).order_by("-completeness", "name").first()
    vocabularies = [
        (queries.PARAMS[name], choices.choices) for name, choices in queries.VOCABULARIES.items()
    ]
    context = {
        "info": document["info"],
        "server": request.build_absolute_uri(document["servers"][0]["url"]),
        "operations": _operations(document),
        "components": _components(document),
        "vocabularies": vocabularies,
        "examples": _examples(request, sample),
        "rate": describe_rate(settings.PLACETTE_API_RATE),
        "max_age": caching.MAX_AGE,
        "default_page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "opendata_url": f"{get_script_prefix()}donnees/",
    }
    return render(request, "api/docs.html", context)
