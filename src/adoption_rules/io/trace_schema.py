"""The JSON Schema of the trace ``adoption-rules.trace.v1`` (what ``explain --format json`` writes).

Written out here rather than walked from classes: the trace is a JSON document
built by :mod:`adoption_rules.trace`, not an attrs model.  Every object is
closed (``additionalProperties: false``): the schema is exactly what this
version writes, and a field added to v1 is added here too.  ``tests/test_trace.py``
validates the trace of every bundled example case against it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["trace_schema"]

_DATE = {
    "type": "string",
    "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
}
_NULLABLE_DATE = {"anyOf": [{"$ref": "#/$defs/date"}, {"type": "null"}]}


def _obj(desc: str, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "description": desc,
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


def trace_schema(dialect: str, comment: str) -> dict[str, Any]:
    """The trace's schema (``dialect`` and ``comment`` as the other shipped schemas have them)."""
    DATE, NDATE, obj = _DATE, _NULLABLE_DATE, _obj
    schema = {
        "$schema": dialect,
        "$id": "urn:adoption-rules:trace:v1",
        "$comment": comment,
        "title": "adoption-rules.trace.v1",
        "description": (
            "One item of `adoption-rules explain --format json`: the trace of one case (how "
            "each obligation was reached, with the versions and data that answered), or the "
            "error that stopped the case. Versioned: fields may be added to v1, none is "
            "removed or changes meaning."
        ),
        "oneOf": [{"$ref": "#/$defs/Trace"}, {"$ref": "#/$defs/CaseError"}],
        "$defs": {
            "date": {**DATE, "description": "A calendar date in England, YYYY-MM-DD."},
            "Trace": obj(
                "The trace of one case as of a date.",
                {
                    "trace": {"const": "adoption-rules.trace.v1"},
                    "library": obj(
                        "The library that computed the trace.",
                        {
                            "name": {"const": "adoption-rules"},
                            "version": {"type": "string", "minLength": 1},
                        },
                    ),
                    "plugins": {
                        "type": "array",
                        "description": (
                            "Every plugin registered for the case's region, in the order pluggy "
                            "holds them."
                        ),
                        "items": {"$ref": "#/$defs/Plugin"},
                    },
                    "bank_holidays": obj(
                        "The bank-holiday data the working days came from.",
                        {
                            "source": {
                                "type": "string",
                                "description": (
                                    "Where the shipped snapshot of England-and-Wales bank holidays"
                                    " was copied from."
                                ),
                            },
                            "read_on": {
                                "$ref": "#/$defs/date",
                                "description": "The day the snapshot was read.",
                            },
                            "last_announced": {
                                "$ref": "#/$defs/date",
                                "description": (
                                    "The last bank holiday the snapshot knows: a working-day "
                                    "deadline computed across a later date is provisional."
                                ),
                            },
                            "added": {
                                "type": "array",
                                "description": (
                                    "Bank holidays added to the snapshot for this run (--added-"
                                    "holidays)."
                                ),
                                "items": {"$ref": "#/$defs/NamedDay"},
                            },
                        },
                    ),
                    "contract_version": {"const": 1},
                    "case_id": {"type": "string"},
                    "region": {"type": "string"},
                    "as_of": {"$ref": "#/$defs/date"},
                    "obligations": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/ObligationTrace"},
                        "description": "In the order of the result's obligations.",
                    },
                },
            ),
            "Plugin": obj(
                (
                    "A plugin: its name in the plugin manager, its module, and the distribution "
                    "(and version) that installed it; null when unknown."
                ),
                {
                    "name": {"type": "string"},
                    "module": {"type": "string"},
                    "distribution": {"type": ["string", "null"]},
                    "version": {"type": ["string", "null"]},
                },
            ),
            "NamedDay": obj(
                "A bank holiday: its date and name.",
                {
                    "date": {"$ref": "#/$defs/date"},
                    "name": {"type": "string"},
                },
            ),
            "EventRef": obj(
                (
                    "An event of the case, by its index into the case's events; a case fact "
                    "(placement_date, adoption_order_date) has index null and its name as event."
                ),
                {
                    "index": {"type": ["integer", "null"], "minimum": 0},
                    "event": {"type": "string"},
                    "date": {"$ref": "#/$defs/date"},
                },
            ),
            "ParameterRead": obj(
                (
                    "One rule parameter read: its value, the date it was read for, and the dated "
                    "entry chosen."
                ),
                {
                    "name": {
                        "type": "string",
                        "description": (
                            "The rule parameter's name; for a period the starting event asked "
                            "for (a sooner review), <rule id>.sooner:<event field>."
                        ),
                    },
                    "value": {
                        "type": ["string", "null"],
                        "description": (
                            "The period in words; null when the entry sets no time limit."
                        ),
                    },
                    "read_for": {
                        "$ref": "#/$defs/date",
                        "description": "The date whose entry in force was chosen.",
                    },
                    "value_date": {
                        "type": "string",
                        "description": (
                            "Which date the rule reads its values for: trigger, as_of, or "
                            "date_of:<event type>; event for a period the starting event "
                            "asked for."
                        ),
                    },
                    "entry": obj(
                        "The dated entry chosen.",
                        {
                            "effective_from": {
                                **NDATE,
                                "description": (
                                    "The first day the entry applies; null for an entry in force "
                                    "from the start."
                                ),
                            },
                            "citation": {"type": "string"},
                        },
                    ),
                },
            ),
            "Hook": obj(
                "A hook asked for the obligation and the plugin that answered (null: none did).",
                {
                    "hook": {"type": "string"},
                    "plugin": {"type": ["string", "null"]},
                },
            ),
            "DaysSkipped": obj(
                (
                    "The days strictly between the start and the due date of a working-day "
                    "deadline that were not counted."
                ),
                {
                    "bank_holidays": {"type": "array", "items": {"$ref": "#/$defs/NamedDay"}},
                    "closures": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/date"},
                        "description": "The agency's own closure days (not bank holidays).",
                    },
                    "weekend_days": {"type": "integer", "minimum": 0},
                },
            ),
            "TimeLeft": obj(
                (
                    "Time to the due date as of as_of (pending or open obligations), or past it "
                    "(overdue); null where it does not apply."
                ),
                {
                    "working_days_left": {"type": ["integer", "null"], "minimum": 0},
                    "calendar_days_left": {"type": ["integer", "null"], "minimum": 0},
                    "days_late": {"type": ["integer", "null"], "minimum": 1},
                },
            ),
            "ObligationTrace": obj(
                "How one obligation was reached.",
                {
                    "kind": {"type": "string"},
                    "occurrence": {"type": ["integer", "null"], "minimum": 1},
                    "due": NDATE,
                    "status": {
                        "enum": [
                            "met",
                            "met_late",
                            "pending",
                            "overdue",
                            "cancelled",
                            "open",
                            "closed",
                        ]
                    },
                    "period": {"type": ["string", "null"]},
                    "provisional": {"type": "boolean"},
                    "rule": obj(
                        "The rule and the plugin whose hook implementation set it.",
                        {
                            "id": {"type": "string"},
                            "citation": {"type": "string"},
                            "decided_by": {"type": "string"},
                        },
                    ),
                    "trigger": {
                        "$ref": "#/$defs/EventRef",
                        "description": "The event (or case fact) the clock runs from.",
                    },
                    "done": {
                        "anyOf": [{"$ref": "#/$defs/EventRef"}, {"type": "null"}],
                        "description": "The event that did the obligation.",
                    },
                    "ended": {
                        "anyOf": [{"$ref": "#/$defs/EventRef"}, {"type": "null"}],
                        "description": "The event that made it moot.",
                    },
                    "parameters": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/ParameterRead"},
                        "minItems": 1,
                        "description": "In the order read; the last one set the period.",
                    },
                    "hooks": {"type": "array", "items": {"$ref": "#/$defs/Hook"}, "minItems": 1},
                    "days_skipped": {
                        "anyOf": [{"$ref": "#/$defs/DaysSkipped"}, {"type": "null"}],
                        "description": (
                            "null unless the period is in working days and there is a due date."
                        ),
                    },
                    "time_left": {"$ref": "#/$defs/TimeLeft"},
                },
            ),
            "CaseError": obj(
                "A case that could not be evaluated, in the contract's error shape.",
                {
                    "case_id": {"type": ["string", "null"]},
                    "error": obj(
                        "The error.",
                        {
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                            "field": {"type": ["string", "null"]},
                        },
                    ),
                },
            ),
        },
    }
    return schema
