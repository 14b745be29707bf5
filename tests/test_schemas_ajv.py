"""Every JSON the library writes validates against its shipped schema: jsonschema and ajv.

The instances are real output: each command run on the examples (evaluate,
explain, the four questions, fund check, diff, deadline, regions, rules), the
stream protocol's lines and the service's error shape.  ajv runs under Node in
its default strict mode (``new Ajv2020()``), installed into ``tests/node`` by
``make test`` (``npm ci``); the ajv tests skip, with the reason, only where
Node is not installed.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry as SchemaRegistry
from referencing import Resource

from adoption_rules import cli
from adoption_rules.io.schema import SCHEMA_NAMES, schema_for, shipped_text
from adoption_rules.plugins.registry import Registry
from adoption_rules.service.limits import error_body
from adoption_rules.service.stream import serve_stream
from adoption_rules.service.work import explain_items

ROOT = Path(__file__).resolve().parents[1]
NODE_DIR = ROOT / "tests" / "node"
SCHEMA_DIR = ROOT / "src" / "adoption_rules" / "schemas"
QUESTIONS_DOC = ROOT / "docs" / "questions.md"
AS_OF = "2026-02-02"

SCHEMAS: dict[str, Any] = {name: json.loads(shipped_text(name)) for name in SCHEMA_NAMES}
# The policy override file (docs/dated-policy.md) is input the library reads; its schema
# is written by hand and ships beside the others.
SCHEMAS["policy-override"] = json.loads((SCHEMA_DIR / "policy-override.schema.json").read_text())
REFS = SchemaRegistry().with_resources(
    (s["$id"], Resource.from_contents(s)) for s in SCHEMAS.values()
)


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(SCHEMAS[name], registry=REFS)


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    cli.main(list(args))
    return json.loads(capsys.readouterr().out)


def _question_examples() -> Iterator[tuple[str, str]]:
    import re

    text = QUESTIONS_DOC.read_text(encoding="utf-8")
    yield from re.findall(r"<!-- question: (\w+) -->\n```json\n(.*?)\n```", text, re.S)


@pytest.fixture(scope="module")
def instances(
    tmp_path_factory: pytest.TempPathFactory, registry: Registry
) -> list[tuple[str, Any]]:
    """(schema name, a JSON value the library wrote) for every kind of output."""
    capsys_free: list[tuple[str, Any]] = []
    folder = tmp_path_factory.mktemp("outputs")
    caseload = ROOT / "examples" / "caseload.jsonl"
    lines = caseload.read_text().splitlines()
    bad_cases = folder / "bad.jsonl"
    bad_cases.write_text(
        "\n".join(
            [
                lines[0],
                lines[0],
                "{oops",
                json.dumps({"case_id": "X", "region": "atlantis", "events": []}),
                json.dumps({"case_id": "Y", "region": "england", "events": [{"type": "nope"}]}),
            ]
        )
        + "\n"
    )
    for line in lines:
        capsys_free.append(("input", json.loads(line)))
    return capsys_free + _command_outputs(folder, caseload, bad_cases, registry)


def _command_outputs(
    folder: Path, caseload: Path, bad_cases: Path, registry: Registry
) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []

    def run(*args: str) -> Any:
        buffer = io.StringIO()
        import contextlib

        with contextlib.redirect_stdout(buffer):
            cli.main(list(args))
        return json.loads(buffer.getvalue())

    for path in (caseload, bad_cases):
        out += [
            ("output", i) for i in run("evaluate", str(path), "--as-of", AS_OF, "--format", "json")
        ]
    for command, body in _question_examples():
        path = folder / f"{command}.json"
        path.write_text(body)
        dated = [] if command == "eligibility" else ["--as-of", AS_OF]
        out += [(command, i) for i in run(command, str(path), *dated, "--format", "json")]
        out += [(command, i) for i in run(command, str(bad_cases), "--format", "json")]
    fund = ROOT / "examples" / "fund" / "applications.json"
    out += [("fund-check", i) for i in run("fund", "check", str(fund), "--format", "json")]
    bad_fund = folder / "fund.json"
    bad_fund.write_text(json.dumps([{"id": "A-1", "child": {}}]))
    out += [("fund-check", i) for i in run("fund", "check", str(bad_fund), "--format", "json")]
    policy = ROOT / "examples" / "policy-change.toml"
    for path in (caseload, bad_cases):
        out += [
            ("diff", i)
            for i in run(
                "diff", str(path), "--policy", str(policy), "--as-of", AS_OF, "--format", "json"
            )
        ]
    for start, period in [("2026-01-05", "5 working days"), ("2031-12-19", "10 working days")]:
        out.append(("deadline", run("deadline", start, period, "--json")))
    # Issue 16: deadline backward, evaluate --time-left/--explain, explain --format json.
    for end, period in [("2026-01-12", "5 working days"), ("2025-03-31", "1 month")]:
        out.append(("deadline", run("deadline", "--latest-start", end, period, "--json")))
    for path in (caseload, bad_cases):
        for extra in ("--time-left", "--explain"):
            out += [
                ("output", i)
                for i in run("evaluate", str(path), "--as-of", AS_OF, "--format", "json", extra)
            ]
        out += [
            ("trace", i) for i in run("explain", str(path), "--as-of", AS_OF, "--format", "json")
        ]
    out.append(("regions", run("regions", "--format", "json")))
    for region in registry.names:
        for on in ("2025-01-01", AS_OF):
            out.append(("rules", run("rules", "--region", region, "--on", on, "--format", "json")))
    cases = caseload.read_bytes() + bad_cases.read_bytes()
    items, _ = explain_items(cases, dt.date(2026, 2, 2), registry, None, float("inf"), 1.0)
    out += [("explain", i) for i in items]
    requests = [
        {
            "id": 1,
            "as_of": AS_OF,
            "cases": [json.loads(line) for line in caseload.read_text().splitlines()[:3]],
        },
        {"id": "two", "case": {"case_id": "Z", "region": "atlantis", "events": []}},
    ]
    text = "\n".join(json.dumps(r) for r in requests) + "\n{bad\n"
    answers = io.StringIO()
    serve_stream(io.StringIO(text), answers, registry, lambda: dt.date(2026, 2, 2))
    out += [("stream-request", r) for r in requests]
    out += [("stream-response", json.loads(line)) for line in answers.getvalue().splitlines()]
    with open(ROOT / "examples" / "policy-change.toml", "rb") as toml:
        # as JSON holds it: TOML's dates are text there
        out.append(("policy-override", json.loads(json.dumps(tomllib.load(toml), default=str))))
    out.append(("error", error_body("too_large", "the body is larger than the limit")))
    out.append(("error", error_body("invalid_date", "as_of must be a date", "as_of")))
    return out


def test_every_schema_has_real_instances(instances: list[tuple[str, Any]]) -> None:
    assert {name for name, _ in instances} == {*SCHEMA_NAMES, "policy-override"}


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_shipped_schema_is_what_the_generator_produces(name: Any) -> None:
    assert SCHEMAS[name] == schema_for(name)
    Draft202012Validator.check_schema(SCHEMAS[name])
    assert "discriminator" not in shipped_text(name)


def test_real_outputs_validate_with_jsonschema(instances: list[tuple[str, Any]]) -> None:
    for name, data in instances:
        errors = [e.message for e in _validator(name).iter_errors(data)]
        assert not errors, f"{name}: {errors[:3]}"


# -- ajv, under Node -------------------------------------------------------------------------


def _ajv(cases: list[tuple[str, Any]], tmp_path: Path) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node is not installed (.ci/run installs Debian's nodejs)")
    if not (NODE_DIR / "node_modules" / "ajv").is_dir():
        pytest.fail("ajv is not installed in tests/node: run `make test` (it runs npm ci there)")
    path = tmp_path / "cases.json"
    path.write_text(json.dumps([{"schema": n, "data": d} for n, d in cases]))
    done = subprocess.run(
        [node, str(NODE_DIR / "validate.js"), str(SCHEMA_DIR), str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_ajv_strict_compiles_every_schema_and_accepts_every_real_output(
    instances: list[tuple[str, Any]], tmp_path: Path
) -> None:
    report = _ajv(instances, tmp_path)
    assert sorted(report["compiled"]) == sorted([*SCHEMA_NAMES, "policy-override"])
    assert report["warnings"] == []
    failures = [
        (name, r["errors"][:2])
        for (name, _), r in zip(instances, report["results"], strict=True)
        if not r["valid"]
    ]
    assert failures == []


def test_ajv_gives_one_clear_error_for_an_unknown_event_type(tmp_path: Path) -> None:
    case = {
        "case_id": "T4C-1",
        "region": "together4children",
        "events": [
            {"type": "referral_received", "date": "2026-01-05"},
            {"type": "screening_complete", "date": "2026-01-07", "outcome": "assessment"},
        ],
    }
    bad_outcome = {
        **case,
        "events": [{"type": "screening_completed", "date": "2026-01-07", "outcome": "maybe"}],
    }
    report = _ajv([("input", case), ("input", bad_outcome)], tmp_path)
    unknown, outcome = report["results"]
    assert not unknown["valid"]
    [error] = unknown["errors"]
    assert error["instancePath"] == "/events/1/type"
    assert error["keyword"] == "enum"
    assert not outcome["valid"]
    first, *rest = outcome["errors"]  # the field, then ajv's "must match then schema"
    assert (first["instancePath"], first["keyword"]) == ("/events/0/outcome", "enum")
    assert [(e["instancePath"], e["keyword"]) for e in rest] == [("/events/0", "if")]


def test_ajv_refuses_what_the_library_never_writes(tmp_path: Path) -> None:
    deadline = {
        "start": "2026-01-05",
        "period": "5 working days",
        "due": "2026-01-12",
        "provisional": False,
    }
    report = _ajv(
        [
            ("deadline", deadline),
            ("deadline", {**deadline, "extra": 1}),
            ("deadline", {**deadline, "due": "12/01/2026"}),
            ("error", {"case_id": None, "error": {"code": "x", "message": "y"}}),
        ],
        tmp_path,
    )
    assert [r["valid"] for r in report["results"]] == [True, False, False, False]
