"""The OpenAPI 3.1 document of the service (``GET /openapi.json``).

Its schemas are the JSON Schemas the library ships (``adoption-rules schema
NAME``), under ``components.schemas`` by the same names.  Each is embedded as
shipped except for one change that OpenAPI tools need: without its ``$id`` and
``$schema`` (the document's ``jsonSchemaDialect`` says draft 2020-12), and with
its references pointed into this document (``#/$defs/Result`` in ``output``
becomes ``#/components/schemas/output/$defs/Result``; a reference to another
shipped schema's ``$id`` becomes ``#/components/schemas/NAME``), since most
OpenAPI tools resolve every ``#...`` reference against the document's root.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from typing import Any, Final

from adoption_rules import __version__
from adoption_rules.io.schema import SCHEMA_NAMES, shipped_text

__all__ = ["OPENAPI_VERSION", "embedded", "openapi_document", "shipped_schemas"]

OPENAPI_VERSION: Final = "3.1.0"


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _items(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


_CASES_BODY: Final = {
    "required": True,
    "description": (
        "One case (a JSON object), a JSON array of cases, or JSON Lines (one case a line), "
        "as `adoption-rules evaluate` reads a file."
    ),
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    _ref("input"),
                    {"type": "array", "items": _ref("input")},
                ]
            }
        },
        "application/x-ndjson": {
            "schema": {"type": "string", "description": "JSON Lines: one case a line."}
        },
    },
}


def _param(name: str, where: str, description: str, *, required: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if name in ("as_of", "on", "start"):
        schema = {"type": "string", "format": "date"}
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema,
    }


_AS_OF: Final = _param(
    "as_of", "query", "Evaluate as of this date, YYYY-MM-DD (default: today in England)."
)


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref("error")}},
    }


_BAD: Final = {
    "400": _error("A bad parameter or a body that is not valid JSON."),
    "408": _error("The body did not arrive, or the work did not finish, within the time limit."),
    "413": _error("The body is larger than the size limit."),
    "415": _error("The body's Content-Type is not one the route takes."),
}


def _json(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


QUESTIONS: Final = ("route", "threshold", "transfer", "eligibility")


def _question_path(name: str) -> dict[str, Any]:
    return {
        "post": {
            "summary": f"`adoption-rules {name} FILE --format json` (docs/questions.md).",
            "parameters": [] if name == "eligibility" else [_AS_OF],
            "requestBody": {
                "required": True,
                "description": "One question, a JSON array or JSON Lines: a v1 case, or "
                '{"case": ..., "concerns": [...]} / {"case": ..., "requester": ...}.',
                "content": _CASES_BODY["content"],
            },
            "responses": {"200": _json("One item per question.", _items(name)), **_BAD},
        }
    }


def embedded(name: str, schema: Mapping[str, Any], ids: Mapping[str, str]) -> dict[str, Any]:
    """The shipped ``schema`` called ``name`` as this document holds it (see the module).

    ``ids`` maps each shipped schema's ``$id`` to its name.
    """

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key == "$ref" and isinstance(value, str):
                    if value.startswith("#/"):
                        value = f"#/components/schemas/{name}/{value[2:]}"
                    elif value in ids:
                        value = f"#/components/schemas/{ids[value]}"
                out[key] = walk(value)
            return out
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    body = {k: v for k, v in schema.items() if k not in ("$id", "$schema")}
    result: dict[str, Any] = walk(body)
    return result


def shipped_schemas() -> dict[str, dict[str, Any]]:
    """Every schema the library ships, by name (the policy override file's included)."""
    out: dict[str, dict[str, Any]] = {name: json.loads(shipped_text(name)) for name in SCHEMA_NAMES}
    out["policy-override"] = json.loads(
        resources.files("adoption_rules")
        .joinpath("schemas", "policy-override.schema.json")
        .read_text(encoding="utf-8")
    )
    return out


def _schemas() -> dict[str, Any]:
    shipped = shipped_schemas()
    ids = {schema["$id"]: name for name, schema in shipped.items()}
    return {name: embedded(name, schema, ids) for name, schema in shipped.items()}


def _paths() -> dict[str, Any]:
    return {
        "/healthz": {
            "get": {
                "summary": "Liveness: 200 while the process is up.",
                "responses": {"200": _json("Up.", {"type": "object"})},
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This document (OpenAPI 3.1).",
                "responses": {"200": _json("The document.", {"type": "object"})},
            }
        },
        "/readyz": {
            "get": {
                "summary": "Readiness: 200 once the policy plugins are loaded, 503 before.",
                "responses": {
                    "200": _json("Ready.", {"type": "object"}),
                    "503": _json("Loading, or the plugins failed to load.", {"type": "object"}),
                },
            }
        },
        "/v1/evaluate": {
            "post": {
                "summary": "Every obligation of each case (`evaluate --format json`).",
                "description": (
                    "Answers with a JSON array, one result or error per case in input order, "
                    "the same bytes as the command line. A case's error is an item of the "
                    "array (status 200); headers X-Cases and X-Case-Errors count them."
                ),
                "parameters": [_AS_OF],
                "requestBody": _CASES_BODY,
                "responses": {
                    "200": _json(
                        "One item per case, in input order.",
                        {"type": "array", "items": _ref("output")},
                    ),
                    **_BAD,
                },
            }
        },
        "/v1/explain": {
            "post": {
                "summary": "Why each obligation is due when it is, in words.",
                "parameters": [
                    _AS_OF,
                    _param("kind", "query", "Only obligations of this kind."),
                ],
                "requestBody": _CASES_BODY,
                "responses": {"200": _json("One item per case.", _items("explain")), **_BAD},
            }
        },
        "/v1/deadline": {
            "get": {
                "summary": "The date a period after a start date ends (`deadline --json`).",
                "parameters": [
                    _param("start", "query", "The start date, YYYY-MM-DD.", required=True),
                    _param(
                        "period",
                        "query",
                        "For example '5 working days', '4 weeks', '2 months', '1 year'.",
                        required=True,
                    ),
                    {
                        **_param("closure", "query", "An agency closure day (repeatable)."),
                        "schema": {"type": "array", "items": {"type": "string", "format": "date"}},
                        "explode": True,
                    },
                ],
                "responses": {"200": _json("The deadline.", _ref("deadline")), **_BAD},
            }
        },
        "/v1/regions": {
            "get": {
                "summary": "Every region installed (`regions --format json`).",
                "responses": {"200": _json("The regions.", _ref("regions"))},
            }
        },
        "/v1/regions/{region}/rules": {
            "get": {
                "summary": "A region's rules in force on a date (`rules --format json`).",
                "parameters": [
                    _param("region", "path", "The region's name (see /v1/regions)."),
                    _param("on", "query", "The date, YYYY-MM-DD (default today in England)."),
                ],
                "responses": {
                    "200": _json("The rules.", _ref("rules")),
                    "404": _error("No region of that name is installed."),
                    **_BAD,
                },
            }
        },
        **{f"/v1/{name}": _question_path(name) for name in QUESTIONS},
        "/v1/fund/check": {
            "post": {
                "summary": "Check proposed fund applications (`fund check --format json`).",
                "requestBody": {
                    "required": True,
                    "description": "One application (docs/support-fund.md) or an array of them.",
                    "content": {"application/json": {"schema": {}}},
                },
                "responses": {
                    "200": _json("One item per application.", _items("fund-check")),
                    **_BAD,
                },
            }
        },
        "/v1/diff": {
            "post": {
                "summary": "Which obligations change under a policy change (`diff --format json`).",
                "parameters": [_AS_OF],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["policy", "cases"],
                                "properties": {
                                    "policy": _ref("policy-override"),
                                    "cases": {"type": "array", "items": _ref("input")},
                                },
                            }
                        }
                    },
                },
                "responses": {"200": _json("One item per case.", _items("diff")), **_BAD},
            }
        },
        "/v1/schemas": {
            "get": {
                "summary": "The names of the shipped JSON Schemas.",
                "responses": {"200": _json("The names.", {"type": "object"})},
            }
        },
        "/v1/schemas/{name}": {
            "get": {
                "summary": "One shipped JSON Schema (draft 2020-12).",
                "parameters": [
                    _param("name", "path", "The schema's name: " + ", ".join(SCHEMA_NAMES))
                ],
                "responses": {
                    "200": {
                        "description": "The schema.",
                        "content": {"application/schema+json": {"schema": {"type": "object"}}},
                    },
                    "404": _error("No schema of that name."),
                },
            }
        },
    }


def openapi_document() -> dict[str, Any]:
    """The OpenAPI 3.1 document of every route."""
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "adoption-rules",
            "version": __version__,
            "description": (
                "The English adoption-support procedure and its deadlines, as a service. "
                "Contract v1: docs/contract.md; the service: docs/service.md."
            ),
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "paths": _paths(),
        "components": {"schemas": _schemas()},
    }
