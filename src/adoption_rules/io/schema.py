"""JSON Schemas (draft 2020-12) of the contract v1, generated from the model.

:func:`input_schema` describes one case (the command line also reads a JSON
array of cases, or JSON Lines with one case a line: each item is validated by
this schema).  :func:`output_schema` describes one item of the output array:
a result or an error.

Both are built by walking the attrs classes of :mod:`adoption_rules.core.model`
and their type hints, so the schema cannot drift from the wire format that
:mod:`adoption_rules.io.converter` owns.  The generated files ship as package
data (``adoption_rules/schemas/``) and as ``docs/schema/``;
``scripts/gen_schemas.py`` regenerates both and a test fails when they differ
from what this module produces.

Input objects allow additional properties (the library may add fields, and a
case system may send fields of its own); output objects do not (they are
exactly what this version of the library writes), and every output field is
required because the converter always writes every field, ``null`` included.
"""

from __future__ import annotations

import datetime as dt
import enum
import inspect
import json
import types
import typing
from collections.abc import Mapping
from importlib import resources
from typing import Any, Final, Literal

import attrs

from adoption_rules.core import model
from adoption_rules.core.answers import Eligibility, ReferralRoute, ThresholdAnswer
from adoption_rules.core.calendar import MAX_DATE, MIN_DATE
from adoption_rules.io.converter import LIMITS, converter
from adoption_rules.io.trace_schema import trace_schema

__all__ = [
    "DATE_PATTERN",
    "DIALECT",
    "SCHEMA_NAMES",
    "SchemaName",
    "input_schema",
    "output_schema",
    "render",
    "schema_for",
    "shipped_text",
]

#: The JSON Schema dialect of both schemas.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"

#: ``YYYY-MM-DD`` with a month 01-12 and a day 01-31 (the converter also refuses 2025-02-30).
DATE_PATTERN: Final = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

SchemaName = Literal[
    "input",
    "output",
    "route",
    "threshold",
    "transfer",
    "eligibility",
    "fund-check",
    "diff",
    "deadline",
    "regions",
    "rules",
    "explain",
    "stream-request",
    "stream-response",
    "error",
    "trace",
]

#: The schemas there are, by the name the command line and the file names use:
#: one for every JSON document or item the library writes.
SCHEMA_NAMES: Final[tuple[SchemaName, ...]] = typing.get_args(SchemaName)

_GENERATED = (
    "Generated from adoption_rules.core.model by adoption_rules.io.schema; do not edit, "
    "run scripts/gen_schemas.py."
)

Mode = Literal["input", "output"]

# Fields the JSON contract requires although the Python class gives them a default
# for convenience: structure_case refuses a case without ``events``.
_REQUIRED_ON_INPUT: Final[Mapping[str, tuple[str, ...]]] = {"Case": ("events",)}

# What a field means, from the contract's tables (class docstrings describe the classes).
_FIELD_DOCS: Final[Mapping[tuple[str, str], str]] = {
    ("Case", "contract_version"): "The contract's version: 1.",
    ("Case", "case_id"): "The case system's own id; echoed back; used in every error.",
    ("Case", "region"): (
        "england (national baseline only), together4children, adoption_at_heart, "
        "adoption_west, leicestershire, or a region added by an installed plugin."
    ),
    ("Case", "local_authority"): "Slug of the council the family lives in.",
    ("Case", "placing_authority"): "Slug of the council that placed the child.",
    ("Case", "events"): "What happened, in any order; ties on one date keep their order.",
    ("Case", "tracking_from"): (
        "Extension of v1: obligations whose due date is earlier are not reported."
    ),
    ("AssessmentCompleted", "next_review_within_months"): (
        "The plan asks for its first review within this many months, sooner than the "
        "region's period (rules catalogue R5)."
    ),
    ("ReviewHeld", "next_review_within_months"): (
        "The plan asks for the next review within this many months, sooner than the "
        "region's period (rules catalogue R5)."
    ),
    ("PlanApproved", "covers"): (
        "What the approved plan sets out; absent or null when not recorded (rules catalogue R4)."
    ),
    ("Obligation", "due"): "null when the region's process gives the obligation no period.",
    ("Obligation", "period"): "The period in words, for example '5 working days'.",
    ("Obligation", "rule"): "The id of the rule that created the obligation.",
    ("Obligation", "decided_by"): "The plugin whose hook implementation set the rule.",
    ("Obligation", "provisional"): (
        "The computation crossed a date later than the last announced bank holiday."
    ),
    ("Obligation", "occurrence"): (
        "Extension of v1: numbers the occurrences of a recurring obligation from 1; "
        "null for a one-off."
    ),
    ("Result", "responsible_authority"): (
        "Rule E1: the placing authority until 3 years after the adoption order, then "
        "the council the family lives in; null when the facts needed are missing."
    ),
    ("Result", "stage"): "Extension of v1: where the case stands on the support track.",
    ("Result", "approval_stage"): (
        "Extension of v1: where the case stands on the adopter-approval track."
    ),
    ("CaseError", "case_id"): "The case's id, or null when it could not be read.",
    ("ErrorDetail", "code"): (
        "A code a program can act on, for example missing_field, unknown_event_type, "
        "invalid_date (docs/contract.md lists them)."
    ),
    ("ErrorDetail", "field"): "The field at fault, as a path such as events[3].type; or null.",
}

# Output fields written only when asked for (evaluate --time-left, --explain): optional.
_ASKED_FOR_OUTPUT: Final[Mapping[str, Mapping[str, Any]]] = {
    "Obligation": {
        "working_days_left": {
            "type": ["integer", "null"],
            "description": (
                "Only with evaluate --time-left: working days after as_of up to the due date "
                "(pending or open obligations); null otherwise."
            ),
        },
        "calendar_days_left": {
            "type": ["integer", "null"],
            "description": (
                "Only with evaluate --time-left: due date minus as_of, in days (pending or "
                "open obligations); null otherwise."
            ),
        },
        "days_late": {
            "type": ["integer", "null"],
            "description": (
                "Only with evaluate --time-left: as_of minus the due date, in days (overdue "
                "obligations); null otherwise."
            ),
        },
        "explanation": {
            "type": "object",
            "description": (
                "Only with evaluate --explain: the obligation's item of the "
                "adoption-rules.trace.v1 trace (trace.schema.json, $defs/ObligationTrace)."
            ),
        },
    },
}

# Constraints the converter enforces beyond the type.
_FIELD_LIMITS: Final[Mapping[tuple[str, str], Mapping[str, Any]]] = {
    ("Case", "case_id"): {"minLength": 1},
    ("Case", "region"): {"minLength": 1},
    ("Case", "events"): {"maxItems": LIMITS["events"]},
    ("Obligation", "occurrence"): {"minimum": 1},
    ("AssessmentCompleted", "next_review_within_months"): {"minimum": 1, "maximum": 12},
    ("ReviewHeld", "next_review_within_months"): {"minimum": 1, "maximum": 12},
}


def _describe(obj: object) -> str:
    doc = inspect.getdoc(obj) or ""
    return doc.replace("``", "`")


def _is_union(tp: object) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _tag_of(cls: type) -> str | None:
    tag = getattr(cls, "type", None)
    return tag if isinstance(tag, str) and tag else None


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` or null."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    kind = schema.get("type")
    if isinstance(kind, str) and "$ref" not in schema:
        return {**schema, "type": [kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


class _Builder:
    """Walks the model's type hints, collecting named definitions into ``defs``."""

    def __init__(self, mode: Mode) -> None:
        self.mode = mode
        self.defs: dict[str, dict[str, Any]] = {}

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": f"#/$defs/{name}"}

    def for_type(self, tp: Any) -> dict[str, Any]:
        if tp is bool:
            return {"type": "boolean"}
        if tp is int:
            return {"type": "integer"}
        if tp is str:
            if self.mode == "input":
                return {"type": "string", "maxLength": LIMITS["string_length"]}
            return {"type": "string"}
        if tp is dt.date:
            # No "format": "date": ajv in its default strict mode refuses a format it
            # was not given (ajv-formats); the pattern says YYYY-MM-DD to every validator.
            return {
                "type": "string",
                "pattern": DATE_PATTERN,
                "description": (
                    f"A calendar date in England, YYYY-MM-DD, from {MIN_DATE.isoformat()} "
                    f"to {MAX_DATE.isoformat()}."
                ),
            }
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self.for_enum(tp)
        if isinstance(tp, type) and attrs.has(tp):
            return self.for_class(tp)
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.for_type(args[0])}
        if origin is tuple and args:  # a fixed pair: an array of exactly these items
            return {
                "type": "array",
                "prefixItems": [self.for_type(a) for a in args],
                "items": False,
                "minItems": len(args),
                "maxItems": len(args),
            }
        if _is_union(tp):
            members = [a for a in args if a is not type(None)]
            if len(members) < len(args) and len(members) == 1:
                return _nullable(self.for_type(members[0]))
            if len(members) == len(args) and all(
                isinstance(m, type) and attrs.has(m) and _tag_of(m) for m in members
            ):
                return self.for_tagged_union(members)
        raise TypeError(f"no JSON Schema for the type {tp!r}")

    def for_enum(self, cls: type[enum.Enum]) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            values = [m.value for m in cls]
            schema: dict[str, Any] = {"title": name, "description": _describe(cls)}
            if all(isinstance(v, str) for v in values):
                schema["type"] = "string"
            schema["enum"] = values
            self.defs[name] = schema
        return self.ref(name)

    def for_tagged_union(self, members: list[type]) -> dict[str, Any]:
        base = next(
            b
            for b in members[0].__mro__[1:]
            if all(issubclass(m, b) for m in members) and attrs.has(b)
        )
        name = base.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name, keep the union before its members
            refs = [self.for_class(m) for m in members]
            tags = [_tag_of(m) for m in members]
            # No `oneOf` (a validator reports why a value fails every branch: dozens
            # of errors for one misspelt type) and no OpenAPI `discriminator` (an
            # unknown keyword to validators in strict mode, such as ajv's default):
            # the type is checked once against the list, then the known type's own
            # definition applies through `if`/`then`.
            self.defs[name] = {
                "title": name,
                "description": (
                    _describe(base) + " One of the event types below, told apart by the "
                    "`type` tag: an unknown type fails once, on `type`; a known type must "
                    "then match its own definition."
                ),
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": tags}},
                "allOf": [
                    {"if": {"properties": {"type": {"const": tag}}}, "then": ref}
                    for tag, ref in zip(tags, refs, strict=True)
                ],
            }
        return self.ref(name)

    def for_class(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # reserve the name (and guard against recursion)
            self.defs[name] = self.object_schema(cls)
        return self.ref(name)

    def object_schema(self, cls: type) -> dict[str, Any]:
        hints = typing.get_type_hints(cls)
        properties: dict[str, Any] = {}
        required: list[str] = []
        tag = _tag_of(cls)
        if tag is not None:
            properties["type"] = {"const": tag}
            required.append("type")
        for field in attrs.fields(cls):
            schema = dict(self.for_type(hints[field.name]))
            schema.update(_FIELD_LIMITS.get((cls.__name__, field.name), {}))
            doc = _FIELD_DOCS.get((cls.__name__, field.name))
            if field.name == "contract_version":
                schema = {"const": model.CONTRACT_VERSION, **schema}
            if doc is not None:
                if "$ref" in schema or "anyOf" in schema:
                    schema = {"description": doc, **schema}
                elif "description" in schema:
                    schema["description"] = f"{doc} {schema['description']}"
                else:
                    schema["description"] = doc
            has_default = field.default is not attrs.NOTHING
            if (
                self.mode == "output"
                or not has_default
                or field.name in _REQUIRED_ON_INPUT.get(cls.__name__, ())
            ):
                required.append(field.name)
            elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
                schema["default"] = converter.unstructure(field.default)
            properties[field.name] = schema
        if self.mode == "output":
            properties.update(_ASKED_FOR_OUTPUT.get(cls.__name__, {}))
        return {
            "title": cls.__name__,
            "description": _describe(cls),
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": self.mode == "input",
        }


def _root(
    builder: _Builder, name: SchemaName, title: str, description: str, body: dict[str, Any]
) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "$id": f"urn:adoption-rules:contract:v{model.CONTRACT_VERSION}:{name}",
        "$comment": _GENERATED,
        "title": title,
        "description": description,
        **body,
        "$defs": builder.defs,
    }


def input_schema() -> dict[str, Any]:
    """The JSON Schema of one input case (contract v1, "Input: a case").

    The command line also reads a JSON array of cases, or JSON Lines (one case
    a line); each case is validated by this schema.  Additional properties are
    allowed everywhere; an event needs its ``type`` and ``date``.
    """
    builder = _Builder("input")
    case = builder.object_schema(model.Case)
    description = (
        case.pop("description")
        + "\n\nOne case. The command line also reads a JSON array of cases, or JSON Lines "
        "(one case a line): each case is validated by this schema."
    )
    case.pop("title")
    return _root(builder, "input", "Case", description, case)


def output_schema() -> dict[str, Any]:
    """The JSON Schema of one item of the output array: a result, or an error."""
    builder = _Builder("output")
    one_of = [builder.for_class(model.Result), builder.for_class(model.CaseError)]
    description = (
        'One item of the output array (contract v1, "Output" and "Errors"): the '
        "result of a case, or the error that stopped it, in input order."
    )
    return _root(builder, "output", "Result or error", description, {"oneOf": one_of})


# -- the other JSON the library writes ------------------------------------------------------
#
# Written out by hand: these documents are assembled by the commands (not unstructured
# model classes), so their schemas are exact (every field required, no others) and the
# tests validate real output of every command against them, with jsonschema and with ajv.

_STRING: Final = {"type": "string"}
_TEXTS: Final = {"type": "array", "items": {"type": "string"}}
_BOOL: Final = {"type": "boolean"}
_MONEY: Final = {"type": "string", "pattern": r"^[0-9]+\.[0-9]{2}$", "description": "Pounds."}


def _or_null(schema: Mapping[str, Any]) -> dict[str, Any]:
    return _nullable(dict(schema))


def _date(description: str = "") -> dict[str, Any]:
    out = {"type": "string", "pattern": DATE_PATTERN}
    return {**out, "description": description} if description else out


def _exact(properties: Mapping[str, Any], description: str = "") -> dict[str, Any]:
    """An object with exactly these properties, all required."""
    out: dict[str, Any] = {
        "type": "object",
        "properties": dict(properties),
        "required": list(properties),
        "additionalProperties": False,
    }
    return {"description": description, **out} if description else out


def _error_detail() -> dict[str, Any]:
    return _exact(
        {
            "code": {**_STRING, "description": _FIELD_DOCS[("ErrorDetail", "code")]},
            "message": {**_STRING, "description": "What was expected and where."},
            "field": {
                "type": ["string", "null"],
                "description": _FIELD_DOCS[("ErrorDetail", "field")],
            },
        }
    )


def _document(
    name: SchemaName,
    title: str,
    description: str,
    body: Mapping[str, Any],
    defs: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "$schema": DIALECT,
        "$id": f"urn:adoption-rules:contract:v{model.CONTRACT_VERSION}:{name}",
        "$comment": _GENERATED,
        "title": title,
        "description": description,
        **body,
    }
    if defs:
        out["$defs"] = dict(defs)
    return out


def _question_schema(name: SchemaName, answer: type, dated: bool) -> dict[str, Any]:
    builder = _Builder("output")
    ref = builder.for_class(answer)
    as_of = _date("The date the question was answered as of.") if dated else {"type": "null"}
    item = _exact(
        {
            "case_id": _STRING,
            "region": _STRING,
            "as_of": as_of,
            "question": {"const": name},
            "answer": ref,
        }
    )
    error = _exact({"case_id": {"type": ["string", "null"]}, "error": _error_detail()})
    return _document(
        name,
        f"{name} answer or error",
        f"One item of `adoption-rules {name} FILE --format json` (and of POST /v1/{name}): "
        "the answer to one question with its case, or the error that stopped it, in input "
        "order.",
        {"oneOf": [item, error]},
        builder.defs,
    )


def _fund_check_schema() -> dict[str, Any]:
    money_or_null = _or_null(_MONEY)
    check = _exact(
        {
            "id": {"type": ["string", "null"]},
            "ok": {
                "type": ["boolean", "null"],
                "description": "false if anything fails; null if nothing fails but something "
                "is unknown.",
            },
            "eligibility": _exact(
                {
                    "status": {"enum": ["eligible", "not_eligible", "unconfirmed"]},
                    "age": {"type": ["integer", "null"]},
                    "age_limit": {"type": ["integer", "null"]},
                    "route": {"type": ["string", "null"]},
                    "route_confirmed": {"type": ["boolean", "null"]},
                    "reasons": _TEXTS,
                    "citations": _TEXTS,
                }
            ),
            "deadline": _exact(
                {
                    "assessment_date": _date(),
                    "period": {"type": ["string", "null"]},
                    "due": _or_null(_date()),
                    "within": {"type": ["boolean", "null"]},
                    "citation": {"type": ["string", "null"]},
                    "unknown": {"type": ["string", "null"]},
                    "note": {"type": ["string", "null"]},
                }
            ),
            "limit": _exact(
                {
                    "financial_year": {**_STRING, "pattern": "^[0-9]{4}/[0-9]{2}$"},
                    "limit": {"type": ["string", "null"]},
                    "therapy_limit": money_or_null,
                    "specialist_assessment_limit": money_or_null,
                    "combined": {"type": ["boolean", "null"]},
                    "requested": _MONEY,
                    "already_funded": _MONEY,
                    "within": {"type": ["boolean", "null"]},
                    "above_limit": money_or_null,
                    "above_therapy": money_or_null,
                    "above_specialist_assessment": money_or_null,
                    "citation": {"type": ["string", "null"]},
                    "unknown": {"type": ["string", "null"]},
                }
            ),
        }
    )
    error = _exact({"id": {"type": ["string", "null"]}, "error": _error_detail()})
    return _document(
        "fund-check",
        "Fund check or error",
        "One item of `adoption-rules fund check FILE --format json` (and of POST "
        "/v1/fund/check): the check of one application, or the error that stopped it.",
        {"oneOf": [check, error]},
    )


def _diff_schema() -> dict[str, Any]:
    side = _or_null(
        _exact(
            {
                "due": _or_null(_date()),
                "period": {"type": ["string", "null"]},
                "status": {"$ref": "#/$defs/Status"},
                "done_on": _or_null(_date()),
                "citation": _STRING,
            }
        )
    )
    change = _exact(
        {
            "change": {"enum": ["changed", "added", "removed"]},
            "kind": _STRING,
            "rule": _STRING,
            "starts_from": _exact({"event": _STRING, "date": _date()}),
            "occurrence": {"type": ["integer", "null"], "minimum": 1},
            "old": side,
            "new": side,
        }
    )
    item = _exact(
        {
            "case_id": _STRING,
            "region": _STRING,
            "as_of": _date(),
            "changes": {"type": "array", "items": change},
        }
    )
    error = _exact(
        {
            "case_id": {"type": ["string", "null"]},
            "error": _error_detail(),
            "policy": {
                "enum": ["current", "changed", "both"],
                "description": "Which policy the case failed under.",
            },
        }
    )
    builder = _Builder("output")
    builder.for_enum(model.Status)
    return _document(
        "diff",
        "Policy diff of one case, or its error",
        "One item of `adoption-rules diff FILE --policy CHANGES --format json` (and of POST "
        "/v1/diff): the obligations of one case that differ between the current and the "
        "changed policy.",
        {"oneOf": [item, error]},
        builder.defs,
    )


def _deadline_schema() -> dict[str, Any]:
    provisional = {**_BOOL, "description": _FIELD_DOCS[("Obligation", "provisional")]}
    forward = _exact(
        {
            "start": _date(),
            "period": {**_STRING, "description": "The period in words."},
            "due": _date(),
            "provisional": provisional,
        }
    )
    backward = _exact(
        {
            "end": _date(),
            "period": {**_STRING, "description": "The period in words."},
            "latest_start": {
                **_date(),
                "description": "The latest start whose deadline falls on or before end.",
            },
            "due": {
                **_date(),
                "description": (
                    "The latest start's deadline: end itself, or the last reachable day before it."
                ),
            },
            "provisional": {
                **_BOOL,
                "description": (
                    "A working-day answer whose end lies after the last announced bank "
                    "holiday: one announced later could move it."
                ),
            },
        }
    )
    return _document(
        "deadline",
        "Deadline",
        "`adoption-rules deadline START PERIOD --json` (and GET /v1/deadline): the date "
        "PERIOD after START; or, with `--latest-start END`, the latest start whose "
        "deadline falls on or before END.",
        {"oneOf": [forward, backward]},
    )


def _regions_schema() -> dict[str, Any]:
    region = _exact(
        {
            "name": _STRING,
            "title": _STRING,
            "councils": _TEXTS,
            "source": _STRING,
            "plugin": {**_STRING, "description": "The plugin that declared the region."},
        }
    )
    return _document(
        "regions",
        "Regions",
        "`adoption-rules regions --format json` (and GET /v1/regions): every region installed.",
        {"type": "array", "items": region},
    )


def _rules_schema() -> dict[str, Any]:
    rule = _exact(
        {
            "kind": _STRING,
            "status": {"const": "rule"},
            "rule": _STRING,
            "description": _STRING,
            "triggers": {
                "type": "array",
                "items": _exact(
                    {"starts_from": _STRING, "period": _STRING, "period_citation": _STRING}
                ),
            },
            "done_by": _STRING,
            "ends": _STRING,
            "recurrence": _STRING,
            "citation": _STRING,
            "source": _or_null(
                _exact(
                    {
                        "file": {**_STRING, "description": "The source document's file."},
                        "title": _STRING,
                        "section": _STRING,
                        "catalogue_rows": _TEXTS,
                    },
                    "The citation as data; null for a rule declared with text only.",
                )
            ),
            "quote": {**_STRING, "description": "The policy's own words; empty when none."},
            "decided_by": _STRING,
        }
    )
    absent = _exact(
        {"kind": _STRING, "status": {"const": "absent"}, "reason": _STRING, "decided_by": _STRING}
    )
    datum = _exact(
        {
            "name": _STRING,
            "citation": _STRING,
            "source": _or_null(
                _exact(
                    {
                        "file": {**_STRING, "description": "The source document's file."},
                        "title": _STRING,
                        "section": _STRING,
                        "catalogue_rows": _TEXTS,
                    },
                    "The citation as data.",
                )
            ),
            "note": {**_STRING, "description": "What the citation adds (no time limit given)."},
            "reading": {**_STRING, "description": "How an unclear passage is read; or empty."},
        }
    )
    return _document(
        "rules",
        "Rules of a region",
        "`adoption-rules rules --region NAME --format json` (and GET "
        "/v1/regions/{region}/rules): every obligation kind of a region, its rule in force "
        "on `on` or why it is absent.",
        _exact(
            {
                "region": _STRING,
                "on": _date(),
                "policy_version": _or_null(
                    _exact({"effective_from": _date(), "title": _STRING, "citation": _STRING})
                ),
                "rules": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["status"],
                        "properties": {"status": {"enum": ["rule", "absent"]}},
                        "if": {"properties": {"status": {"const": "rule"}}},
                        "then": rule,
                        "else": absent,
                    },
                },
                "policy_data": {
                    "type": "array",
                    "description": "What else the policy states (rules catalogue; issue 11): its "
                    "cited data that is not a deadline, in the policy's order.",
                    "items": datum,
                },
            }
        ),
    )


def _explain_schema() -> dict[str, Any]:
    builder = _Builder("output")
    item = _exact(
        {
            "case_id": _STRING,
            "region": _STRING,
            "as_of": _date(),
            "explanations": {
                "type": "array",
                "items": _exact(
                    {
                        "kind": _STRING,
                        "occurrence": {"type": ["integer", "null"], "minimum": 1},
                        "text": {**_STRING, "description": "The obligation's story in words."},
                    }
                ),
            },
        }
    )
    return _document(
        "explain",
        "Explanations of one case, or its error",
        "One item of POST /v1/explain: why each obligation of a case is due when it is.",
        {"oneOf": [item, builder.for_class(model.CaseError)]},
        builder.defs,
    )


def _stream_request_schema() -> dict[str, Any]:
    case = {"$ref": f"urn:adoption-rules:contract:v{model.CONTRACT_VERSION}:input"}
    return _document(
        "stream-request",
        "Stream request",
        "One line of input to `adoption-rules stream`: the cases of one request and the "
        "date to evaluate them as of. Each case is validated by the input schema.",
        {
            "type": "object",
            "properties": {
                "id": {
                    "anyOf": [
                        {"type": "string", "maxLength": 200},
                        {"type": "integer"},
                        {"type": "null"},
                    ],
                    "description": "Echoed in the response.",
                },
                "as_of": _date("Evaluate as of this date (default: today in England)."),
                "cases": {"type": "array", "items": case},
                "case": case,
            },
            "oneOf": [{"required": ["cases"]}, {"required": ["case"]}],
            "additionalProperties": False,
        },
    )


def _stream_response_schema() -> dict[str, Any]:
    request_id = {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}
    results = _exact(
        {
            "id": request_id,
            "results": {
                "type": "array",
                "items": {"$ref": f"urn:adoption-rules:contract:v{model.CONTRACT_VERSION}:output"},
                "description": "One item per case, in input order, as `evaluate --format json`.",
            },
        }
    )
    error = _exact({"id": request_id, "error": _error_detail()})
    return _document(
        "stream-response",
        "Stream response",
        "One line of output of `adoption-rules stream`: the results of one request, or why "
        "the request could not be read. Each result is validated by the output schema.",
        {"oneOf": [results, error]},
    )


def _error_schema() -> dict[str, Any]:
    return _document(
        "error",
        "Request error",
        "The body of a 4xx or 5xx answer of the service: the contract's error shape, with "
        "case_id null because the request as a whole was refused.",
        _exact({"case_id": {"type": "null"}, "error": _error_detail()}),
    )


def schema_for(name: SchemaName) -> dict[str, Any]:
    """The generated schema called ``name`` (one of :data:`SCHEMA_NAMES`)."""
    match name:
        case "input":
            return input_schema()
        case "output":
            return output_schema()
        case "route":
            return _question_schema(name, ReferralRoute, True)
        case "threshold":
            return _question_schema(name, ThresholdAnswer, True)
        case "transfer":
            return _question_schema(name, model.TransferAnswer, True)
        case "eligibility":
            return _question_schema(name, Eligibility, False)
        case "fund-check":
            return _fund_check_schema()
        case "diff":
            return _diff_schema()
        case "deadline":
            return _deadline_schema()
        case "trace":
            return trace_schema(DIALECT, _GENERATED)
        case "regions":
            return _regions_schema()
        case "rules":
            return _rules_schema()
        case "explain":
            return _explain_schema()
        case "stream-request":
            return _stream_request_schema()
        case "stream-response":
            return _stream_response_schema()
        case "error":
            return _error_schema()
    raise ValueError(f"no schema called {name!r}")


def render(schema: Mapping[str, Any]) -> str:
    """A schema as the shipped files hold it: JSON indented by 2, ending with a newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def shipped_text(name: SchemaName) -> str:
    """The text of the schema file shipped with the package (``schemas/<name>.schema.json``)."""
    path = resources.files("adoption_rules").joinpath("schemas", f"{name}.schema.json")
    return path.read_text(encoding="utf-8")
