"""The JSON Schemas of the contract: shipped files, examples, results, bad cases, the CLI."""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from adoption_rules.api import evaluate
from adoption_rules.cli.schema import register
from adoption_rules.core.model import EVENT_TYPES, Result
from adoption_rules.io.converter import InputError, error_for, structure_case, unstructure
from adoption_rules.io.schema import (
    SCHEMA_NAMES,
    SchemaName,
    input_schema,
    output_schema,
    render,
    schema_for,
    shipped_text,
)
from adoption_rules.plugins.registry import load_registry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
STALE = "the shipped schema is stale: run scripts/gen_schemas.py"

INPUT = Draft202012Validator(input_schema())
OUTPUT = Draft202012Validator(output_schema())


def _example_cases() -> list[Any]:
    """Every case in examples/*.json (a case or an array of cases) and examples/*.jsonl."""
    cases: list[Any] = []
    for path in sorted(EXAMPLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        items = data if isinstance(data, list) else [data]
        cases.extend(
            pytest.param(item, id=f"{path.name}[{i}]" if isinstance(data, list) else path.name)
            for i, item in enumerate(items)
        )
    for path in sorted(EXAMPLES.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        cases.extend(
            pytest.param(json.loads(line), id=f"{path.name}:{number}")
            for number, line in enumerate(lines, start=1)
            if line.strip()
        )
    return cases


def _errors(validator: Draft202012Validator, instance: object) -> list[str]:
    return [error.message for error in validator.iter_errors(instance)]


# -- the shipped files ------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schemas_are_valid_draft_2020_12(name: SchemaName) -> None:
    schema = schema_for(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_shipped_package_data_is_what_the_generator_produces(name: SchemaName) -> None:
    assert shipped_text(name) == render(schema_for(name)), STALE


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_docs_copy_is_what_the_generator_produces(name: SchemaName) -> None:
    path = ROOT / "docs" / "schema" / f"{name}.schema.json"
    assert path.exists(), STALE
    assert path.read_text(encoding="utf-8") == render(schema_for(name)), STALE


@pytest.mark.parametrize("name", ["input", "output"])
def test_generation_is_the_same_in_every_process(name: SchemaName) -> None:
    """Two fresh interpreters with different hash seeds (set and dict orders) render the
    same bytes as this one: a schema generated on a vendor's machine matches ours."""
    code = (
        "import sys; from adoption_rules.io.schema import render, schema_for; "
        f"sys.stdout.write(render(schema_for({name!r})))"
    )
    renders = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert renders == {render(schema_for(name))}


# -- the input schema -------------------------------------------------------------


def test_input_schema_has_a_definition_per_event_type() -> None:
    schema = input_schema()
    event = schema["$defs"]["Event"]
    assert event["properties"]["type"]["enum"] == list(EVENT_TYPES)
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in event["allOf"]}
    assert set(branches) == set(EVENT_TYPES)
    assert "oneOf" not in event and "discriminator" not in event
    for tag, cls in EVENT_TYPES.items():
        assert branches[tag] == {"$ref": f"#/$defs/{cls.__name__}"}
        definition = schema["$defs"][cls.__name__]
        assert definition["properties"]["type"] == {"const": tag}
        assert {"type", "date"} <= set(definition["required"])
        assert definition["description"], f"{cls.__name__} has no docstring"
    assert schema["properties"]["contract_version"]["const"] == 1
    assert schema["required"] == ["case_id", "region", "events"]


@pytest.mark.parametrize(
    "case",
    _example_cases()
    or [pytest.param(None, marks=pytest.mark.skip(reason="no example files in examples/ yet"))],
)
def test_example_cases_validate(case: Any) -> None:
    assert _errors(INPUT, case) == []


CONTRACT_EXAMPLE: dict[str, Any] = {
    "contract_version": 1,
    "case_id": "T4C-000123",
    "region": "together4children",
    "local_authority": "staffordshire",
    "placing_authority": "stoke-on-trent",
    "adoption_route": "agency",
    "placement_date": "2019-02-04",
    "adoption_order_date": "2019-11-18",
    "events": [
        {"type": "referral_received", "date": "2026-01-05"},
        {"type": "screening_completed", "date": "2026-01-07", "outcome": "assessment"},
    ],
}


def test_contract_example_validates() -> None:
    assert _errors(INPUT, CONTRACT_EXAMPLE) == []


def test_unstructured_case_validates() -> None:
    """The converter's own output (nulls for absent fields) is a valid input."""
    case = structure_case({**CONTRACT_EXAMPLE, "tracking_from": "2026-01-01"})
    data = unstructure(case)
    assert data["child_date_of_birth"] is None
    assert _errors(INPUT, data) == []


def test_extra_properties_are_allowed() -> None:
    case = copy.deepcopy(CONTRACT_EXAMPLE)
    case["worker"] = {"team": "north"}
    case["events"][0]["note_id"] = 17
    assert _errors(INPUT, case) == []
    structure_case(case)


def _minimal_event(schema: dict[str, Any], tag: str) -> dict[str, Any]:
    """An event of type ``tag`` with only its required fields, built from the schema."""
    defs = schema["$defs"]
    definition = defs[EVENT_TYPES[tag].__name__]
    event: dict[str, Any] = {"type": tag, "date": "2026-01-05"}
    for name in definition["required"]:
        if name in event:
            continue
        prop = definition["properties"][name]
        if "$ref" in prop:
            event[name] = defs[prop["$ref"].rsplit("/", 1)[1]]["enum"][0]
        else:
            assert prop["type"] == "string", (tag, name)
            event[name] = "bristol"
    return event


@pytest.mark.parametrize("tag", sorted(EVENT_TYPES))
def test_schema_and_converter_agree_on_each_event_type(tag: str) -> None:
    schema = input_schema()
    event = _minimal_event(schema, tag)
    case = {"case_id": "E-1", "region": "england", "events": [event]}
    assert _errors(INPUT, case) == []
    assert structure_case(case).events[0].type == tag
    for name in event:
        broken = {**case, "events": [{k: v for k, v in event.items() if k != name}]}
        assert _errors(INPUT, broken), f"schema accepts {tag} without {name}"
        with pytest.raises(InputError):
            structure_case(broken)


def _without(data: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != key}


def _with_event(event: dict[str, Any]) -> dict[str, Any]:
    return {**CONTRACT_EXAMPLE, "events": [*CONTRACT_EXAMPLE["events"], event]}


BAD_CASES = [
    pytest.param(_without(CONTRACT_EXAMPLE, "case_id"), "missing_field", id="missing-case_id"),
    pytest.param(_without(CONTRACT_EXAMPLE, "region"), "missing_field", id="missing-region"),
    pytest.param(_without(CONTRACT_EXAMPLE, "events"), "missing_field", id="missing-events"),
    pytest.param({**CONTRACT_EXAMPLE, "case_id": ""}, "wrong_type", id="empty-case_id"),
    pytest.param({**CONTRACT_EXAMPLE, "case_id": 123}, "wrong_type", id="numeric-case_id"),
    pytest.param(
        _with_event({"type": "tea_break", "date": "2026-01-08"}),
        "unknown_event_type",
        id="unknown-event-type",
    ),
    pytest.param(_with_event({"date": "2026-01-08"}), "missing_field", id="event-without-type"),
    pytest.param(
        _with_event({"type": "referral_received", "date": "2026-1-8"}),
        "invalid_date",
        id="date-without-zero-padding",
    ),
    pytest.param(
        _with_event({"type": "referral_received", "date": "08/01/2026"}),
        "invalid_date",
        id="date-in-uk-order",
    ),
    pytest.param(
        _with_event({"type": "referral_received", "date": "2026-01-08T10:00:00"}),
        "invalid_date",
        id="datetime-not-date",
    ),
    pytest.param(
        {**CONTRACT_EXAMPLE, "placement_date": "2019-13-04"},
        "invalid_date",
        id="month-13",
    ),
    pytest.param(
        _with_event({"type": "screening_completed", "date": "2026-01-08", "outcome": "maybe"}),
        "invalid_value",
        id="bad-enum-value",
    ),
    pytest.param(
        _with_event({"type": "change_of_circumstances", "date": "2026-01-08", "significant": 1}),
        "wrong_type",
        id="number-for-boolean",
    ),
    pytest.param({**CONTRACT_EXAMPLE, "contract_version": 2}, "unsupported_contract_version"),
    pytest.param({**CONTRACT_EXAMPLE, "adoption_route": "surrogacy"}, "invalid_value"),
    pytest.param({**CONTRACT_EXAMPLE, "events": None}, "wrong_type", id="null-events"),
    pytest.param({**CONTRACT_EXAMPLE, "contract_version": True}, "unsupported_contract_version"),
    pytest.param(
        {**CONTRACT_EXAMPLE, "case_id": "x" * 201},
        "invalid_value",
        id="long-case_id",
    ),
    pytest.param(
        {**CONTRACT_EXAMPLE, "local_authority": "x" * 201},
        "invalid_value",
        id="long-optional-string",
    ),
    pytest.param(
        {**CONTRACT_EXAMPLE, "local_authority": 123},
        "wrong_type",
        id="number-for-optional-string",
    ),
]


@pytest.mark.parametrize(("case", "code"), BAD_CASES)
def test_bad_case_fails_the_schema_and_the_converter(case: dict[str, Any], code: str) -> None:
    assert _errors(INPUT, case), "the schema accepted a case the contract refuses"
    with pytest.raises(InputError) as info:
        structure_case(case)
    assert info.value.code == code


def test_an_unknown_event_type_is_one_error_naming_the_field() -> None:
    case = {**CONTRACT_EXAMPLE, "events": [{"type": "screening_complete", "date": "2026-01-07"}]}
    errors = list(INPUT.iter_errors(case))
    assert len(errors) == 1
    assert list(errors[0].absolute_path) == ["events", 0, "type"]
    assert errors[0].validator == "enum"


def test_a_known_event_type_is_checked_against_its_own_definition() -> None:
    event = {"type": "screening_completed", "date": "2026-01-07", "outcome": "maybe"}
    errors = list(INPUT.iter_errors({**CONTRACT_EXAMPLE, "events": [event]}))
    assert [list(e.absolute_path) for e in errors] == [["events", 0, "outcome"]]


def test_a_case_must_be_an_object() -> None:
    assert _errors(INPUT, [CONTRACT_EXAMPLE])
    assert _errors(INPUT, "T4C-000123")


# -- the output schema ------------------------------------------------------------

AS_OF = dt.date(2026, 8, 1)

HAND_BUILT: list[dict[str, Any]] = [
    {"case_id": "EMPTY", "region": "england", "events": []},
    {
        "case_id": "SUPPORT-1",
        "region": "england",
        "placing_authority": "bristol",
        "local_authority": "wiltshire",
        "placement_date": "2025-06-02",
        "adoption_order_date": "2026-03-02",
        "events": [
            {"type": "referral_received", "date": "2026-01-05"},
            {"type": "screening_completed", "date": "2026-01-07", "outcome": "assessment"},
            {"type": "assessment_completed", "date": "2026-03-01"},
            {"type": "plan_proposed", "date": "2026-07-20"},
            {"type": "financial_support_agreed", "date": "2025-01-10"},
            {"type": "financial_support_reviewed", "date": "2026-01-05"},
        ],
    },
    {
        "case_id": "APPROVAL-1",
        "region": "england",
        "events": [
            {"type": "registration_of_interest", "date": "2025-09-01"},
            {"type": "stage1_completed", "date": "2025-10-20"},
            {"type": "stage2_started", "date": "2025-11-03"},
            {"type": "panel_held", "date": "2026-02-10"},
            {"type": "panel_minutes_received", "date": "2026-02-17"},
            {"type": "adm_decision", "date": "2026-02-24", "outcome": "not_approved"},
            {"type": "irm_application", "date": "2026-03-02"},
        ],
    },
    {
        "case_id": "PROVISIONAL-1",
        "region": "england",
        "events": [{"type": "adm_decision", "date": "2028-11-20", "outcome": "not_approved"}],
    },
]


@pytest.fixture(scope="module")
def results() -> list[Result]:
    registry = load_registry(installed=False)
    as_of = {"PROVISIONAL-1": dt.date(2028, 12, 20)}
    return [
        evaluate(structure_case(data), as_of.get(data["case_id"], AS_OF), registry=registry)
        for data in HAND_BUILT
    ]


def test_results_validate_against_the_output_schema(results: list[Result]) -> None:
    assert sum(len(r.obligations) for r in results) >= 6
    assert any(ob.provisional for r in results for ob in r.obligations)
    assert any(ob.due is None for r in results for ob in r.obligations)
    for result in results:
        data = unstructure(result)
        assert _errors(OUTPUT, data) == [], result.case_id
        json.dumps(data)  # JSON-ready


def test_errors_validate_against_the_output_schema() -> None:
    checked = 0
    for param in BAD_CASES:
        data = param.values[0]
        assert isinstance(data, dict)
        try:
            structure_case(data)
        except InputError as exc:
            error = unstructure(error_for(data.get("case_id"), exc))
            assert _errors(OUTPUT, error) == [], error
            checked += 1
    assert checked >= 15
    anonymous = unstructure(error_for(None, InputError("not_an_object", "a case must be...")))
    assert anonymous["case_id"] is None
    assert _errors(OUTPUT, anonymous) == []


def test_output_schema_refuses_what_the_library_never_writes(results: list[Result]) -> None:
    data = unstructure(results[1])
    bad_status = copy.deepcopy(data)
    bad_status["obligations"][0]["status"] = "late"
    assert _errors(OUTPUT, bad_status)
    missing = copy.deepcopy(data)
    del missing["obligations"][0]["due"]
    assert _errors(OUTPUT, missing)
    bad_date = copy.deepcopy(data)
    bad_date["as_of"] = "1 August 2026"
    assert _errors(OUTPUT, bad_date)
    assert _errors(OUTPUT, {"case_id": "X"})


# -- the command ------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="adoption-rules")
    register(parser.add_subparsers())
    return parser


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_command_prints_the_shipped_file(
    name: SchemaName, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parser().parse_args(["schema", name])
    assert args.handler(args) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == shipped_text(name)
    assert json.loads(out) == json.loads(shipped_text(name)) == schema_for(name)


def test_schema_command_refuses_an_unknown_schema(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        _parser().parse_args(["schema", "case"])
    assert info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
