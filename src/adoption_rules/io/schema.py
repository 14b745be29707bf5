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
from adoption_rules.core.calendar import MAX_DATE, MIN_DATE
from adoption_rules.io.converter import LIMITS, converter

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

SchemaName = Literal["input", "output"]

#: The schemas there are, by the name the command line and the file names use.
SCHEMA_NAMES: Final[tuple[SchemaName, ...]] = ("input", "output")

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

# Constraints the converter enforces beyond the type.
_FIELD_LIMITS: Final[Mapping[tuple[str, str], Mapping[str, Any]]] = {
    ("Case", "case_id"): {"minLength": 1},
    ("Case", "region"): {"minLength": 1},
    ("Case", "events"): {"maxItems": LIMITS["events"]},
    ("Obligation", "occurrence"): {"minimum": 1},
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
            return {
                "type": "string",
                "format": "date",
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
            self.defs[name] = {
                "title": name,
                "description": (
                    _describe(base) + " One of the event types below, told apart by the `type` tag."
                ),
                "type": "object",
                "required": ["type"],
                "oneOf": refs,
                "discriminator": {
                    "propertyName": "type",
                    "mapping": {
                        _tag_of(m): ref["$ref"] for m, ref in zip(members, refs, strict=True)
                    },
                },
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


def schema_for(name: SchemaName) -> dict[str, Any]:
    """The generated schema called ``name`` (``input`` or ``output``)."""
    return input_schema() if name == "input" else output_schema()


def render(schema: Mapping[str, Any]) -> str:
    """A schema as the shipped files hold it: JSON indented by 2, ending with a newline."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def shipped_text(name: SchemaName) -> str:
    """The text of the schema file shipped with the package (``schemas/<name>.schema.json``)."""
    path = resources.files("adoption_rules").joinpath("schemas", f"{name}.schema.json")
    return path.read_text(encoding="utf-8")
