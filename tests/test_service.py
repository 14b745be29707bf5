"""The HTTP service in process (Starlette's test client): routes, bytes, errors, limits."""

from __future__ import annotations

import io
import json
import logging
import re
import tomllib
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the server extra is not installed")
pytest.importorskip("httpx", reason="httpx (the test client) is not installed")

with warnings.catch_warnings():  # starlette 1.x would rather have httpx2; httpx works
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from adoption_rules import cli
from adoption_rules.io.schema import SCHEMA_NAMES, SchemaName, shipped_text
from adoption_rules.plugins.registry import Registry
from adoption_rules.service.accesslog import ACCESS_LOGGER
from adoption_rules.service.app import create_app
from adoption_rules.service.limits import DEFAULT_LIMITS, Limits

ROOT = Path(__file__).resolve().parents[1]
CASELOAD = ROOT / "examples" / "caseload.jsonl"
AS_OF = "2026-02-02"
JSON = {"content-type": "application/json"}
NDJSON = {"content-type": "application/x-ndjson"}


def _client(registry: Registry, limits: Limits = DEFAULT_LIMITS) -> TestClient:
    return TestClient(create_app(registry=registry, limits=limits), raise_server_exceptions=True)


@pytest.fixture(scope="module")
def client(registry: Registry) -> Iterator[TestClient]:
    with _client(registry) as c:
        yield c


def _cli_json(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, int]:
    status = cli.main(["evaluate", str(path), "--as-of", AS_OF, "--format", "json"])
    return capsys.readouterr().out, status


def _case(case_id: str = "S-1", **extra: Any) -> dict[str, Any]:
    case: dict[str, Any] = {
        "case_id": case_id,
        "region": "together4children",
        "placing_authority": "stoke-on-trent",
        "events": [
            {"type": "referral_received", "date": "2026-01-05"},
            {"type": "detailed_referral_completed", "date": "2026-01-12"},
        ],
    }
    case.update(extra)
    return case


def _is_error(body: Any, code: str, field: str | None = None) -> None:
    assert set(body) == {"case_id", "error"}
    assert body["case_id"] is None
    assert set(body["error"]) == {"code", "message", "field"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert body["error"]["field"] == field


# -- evaluate: the command line's bytes ---------------------------------------------------


def test_evaluate_json_lines_gives_the_command_lines_bytes(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    expected, status = _cli_json(CASELOAD, capsys)
    assert status == 0
    r = client.post(f"/v1/evaluate?as_of={AS_OF}", content=CASELOAD.read_bytes(), headers=NDJSON)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    assert r.text == expected
    assert r.headers["x-cases"] == str(len(CASELOAD.read_text().splitlines()))
    assert r.headers["x-case-errors"] == "0"


@pytest.mark.parametrize("shape", ["array", "one case", "pretty"])
def test_evaluate_array_and_single_case_give_the_command_lines_bytes(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path, shape: str
) -> None:
    cases = [json.loads(line) for line in CASELOAD.read_text().splitlines()[:7]]
    text = {
        "array": json.dumps(cases),
        "one case": json.dumps(cases[0]),
        "pretty": json.dumps(cases[0], indent=2),
    }[shape]
    path = tmp_path / "cases.json"
    path.write_text(text)
    expected, _ = _cli_json(path, capsys)
    r = client.post(f"/v1/evaluate?as_of={AS_OF}", content=text.encode(), headers=JSON)
    assert r.status_code == 200
    assert r.text == expected
    assert len(r.json()) == (7 if shape == "array" else 1)


def test_case_errors_are_items_in_input_order_as_on_the_command_line(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    lines = [
        json.dumps(_case("A")),
        '{"case_id": "B", "region": "together4children", "events": [{"type": "nope", '
        '"date": "2026-01-05"}]}',
        "{not json",
        json.dumps(_case("D", region="atlantis")),
        json.dumps(_case("A")),
        json.dumps(_case("F")),
        b"\xff\xfe".decode("latin-1"),
    ]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    path = tmp_path / "cases.jsonl"
    path.write_bytes(body)
    expected, status = _cli_json(path, capsys)
    assert status == 1
    r = client.post(f"/v1/evaluate?as_of={AS_OF}", content=body, headers=NDJSON)
    assert r.status_code == 200
    assert r.text == expected
    items = r.json()
    assert [i.get("case_id") for i in items] == ["A", "B", None, "D", "A", "F", None]
    codes = [i["error"]["code"] if "error" in i else None for i in items]
    assert codes == [None, "unknown_event_type", "invalid_json", "unknown_region",
                     "duplicate_case_id", None, "invalid_json"]  # fmt: skip
    assert r.headers["x-case-errors"] == "5"


def test_as_of_is_per_request(client: TestClient) -> None:
    body = json.dumps(_case()).encode()
    early = client.post("/v1/evaluate?as_of=2026-01-13", content=body, headers=JSON).json()[0]
    late = client.post("/v1/evaluate?as_of=2026-03-01", content=body, headers=JSON).json()[0]
    assert (early["as_of"], late["as_of"]) == ("2026-01-13", "2026-03-01")
    statuses = {o["kind"]: o["status"] for o in early["obligations"]}
    assert statuses["referral_sign_off"] == "pending"
    assert {o["kind"]: o["status"] for o in late["obligations"]}["referral_sign_off"] == "overdue"


def test_explain_words_each_obligation(client: TestClient) -> None:
    r = client.post(
        "/v1/explain?as_of=2026-03-01&kind=referral_sign_off",
        content=json.dumps([_case("X"), _case("Y", region="atlantis")]).encode(),
        headers=JSON,
    )
    assert r.status_code == 200
    first, second = r.json()
    assert first["case_id"] == "X"
    [ex] = first["explanations"]
    assert ex["kind"] == "referral_sign_off"
    assert "Due 2026-01-19: 5 working days after detailed_referral_completed" in ex["text"]
    assert "Rule together4children.referral_sign_off" in ex["text"]
    assert second["error"]["code"] == "unknown_region"


# -- health, readiness, schemas, OpenAPI --------------------------------------------------


def test_health_and_readiness(client: TestClient, registry: Registry) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json()["regions"] == list(registry.names)


def test_readiness_waits_for_the_plugins_and_reports_a_failure() -> None:
    from adoption_rules.plugins.dispatch import PluginError

    def broken() -> Registry:
        raise PluginError("bad_plugin", None, "failed to import 'bad_plugin' (ImportError)")

    with TestClient(create_app(load=broken)) as c:
        r = c.get("/readyz")
        assert r.status_code == 503
        assert r.json()["status"] == "failed"
        assert c.get("/healthz").status_code == 200
        r = c.post("/v1/evaluate", content=json.dumps(_case()).encode(), headers=JSON)
        assert r.status_code == 503
        assert r.json()["error"]["code"] == "plugin_failed"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_each_shipped_schema_is_served_byte_for_byte(client: TestClient, name: SchemaName) -> None:
    r = client.get(f"/v1/schemas/{name}")
    assert r.status_code == 200
    assert r.text == shipped_text(name)
    assert {"name": name, "href": f"/v1/schemas/{name}"} in client.get("/v1/schemas").json()[
        "schemas"
    ]


def test_openapi_documents_every_route_with_the_shipped_schemas(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    app_paths = {
        getattr(r, "path", None)
        for r in client.app.routes  # type: ignore[attr-defined]
    }
    assert set(doc["paths"]) == app_paths
    components = doc["components"]["schemas"]
    shipped = {name: json.loads(shipped_text(name)) for name in SCHEMA_NAMES}
    assert set(shipped) <= set(components)
    ids = {s["$id"]: name for name, s in shipped.items()}
    for name, schema in shipped.items():
        # the shipped schema, once its references point back into itself and its $id is back
        back = _unembed(components[name], name, {v: k for k, v in ids.items()})
        assert {**back, "$schema": schema["$schema"], "$id": schema["$id"]} == schema
    # every reference the document makes resolves inside it
    for ref in set(_refs(doc)):
        node: Any = doc
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert isinstance(node, dict), ref


def test_openapi_document_is_valid_openapi_3_1(client: TestClient) -> None:
    validator = pytest.importorskip("openapi_spec_validator", reason="openapi-spec-validator")
    validator.validate(client.get("/openapi.json").json())


def _unembed(node: Any, name: str, urls: dict[str, str]) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and value.startswith(f"#/components/schemas/{name}/"):
                value = "#/" + value.removeprefix(f"#/components/schemas/{name}/")
            elif key == "$ref" and value.removeprefix("#/components/schemas/") in urls:
                value = urls[value.removeprefix("#/components/schemas/")]
            out[key] = _unembed(value, name, urls)
        return out
    if isinstance(node, list):
        return [_unembed(v, name, urls) for v in node]
    return node


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


# -- bad input: a 4xx in the contract's error shape, never a 500 --------------------------


def test_malformed_json_is_400(client: TestClient) -> None:
    r = client.post("/v1/evaluate", content=b'{"case_id": "A", ', headers=JSON)
    assert r.status_code == 400
    _is_error(r.json(), "invalid_json")
    assert "case_id" not in r.json()["error"]["message"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"content-type": "text/plain"}, {"content-type": "application/json; charset=latin-1"}],
    ids=["none", "text", "latin-1"],
)
def test_wrong_content_type_is_415(client: TestClient, headers: dict[str, str]) -> None:
    r = client.post("/v1/evaluate", content=json.dumps(_case()).encode(), headers=headers)
    assert r.status_code == 415
    _is_error(r.json(), "unsupported_media_type")


@pytest.mark.parametrize("value", ["2026-02-30", "02/02/2026", "", "2026-2-2"])
def test_bad_as_of_is_400_naming_the_parameter_not_its_value(
    client: TestClient, value: str
) -> None:
    r = client.post(f"/v1/evaluate?as_of={value}", content=b"{}", headers=JSON)
    assert r.status_code == 400
    _is_error(r.json(), "invalid_date", "as_of")
    if value:
        assert value not in r.text


def test_unknown_and_repeated_parameters_are_400(client: TestClient) -> None:
    r = client.post("/v1/evaluate?asof=2026-01-01", content=b"{}", headers=JSON)
    assert r.status_code == 400
    _is_error(r.json(), "unknown_parameter", "asof")
    r = client.post("/v1/evaluate?as_of=2026-01-01&as_of=2026-01-02", content=b"{}", headers=JSON)
    assert r.status_code == 400
    _is_error(r.json(), "repeated_parameter", "as_of")


def test_unknown_route_and_method_keep_the_error_shape(client: TestClient) -> None:
    r = client.get("/v1/nothing-here")
    assert r.status_code == 404
    _is_error(r.json(), "not_found")
    r = client.get("/v1/evaluate")
    assert r.status_code == 405
    _is_error(r.json(), "method_not_allowed")
    r = client.get("/v1/schemas/secret")
    assert r.status_code == 404
    _is_error(r.json(), "unknown_schema", "name")


def test_oversized_body_is_413(registry: Registry) -> None:
    body = (json.dumps(_case()) + "\n").encode() * 20
    with _client(registry, Limits(max_body_bytes=len(body) - 1)) as c:
        r = c.post("/v1/evaluate", content=body, headers=NDJSON)
        assert r.status_code == 413
        _is_error(r.json(), "too_large")

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield from (body[i : i + 100] for i in range(0, len(body), 100))

        r = c.post("/v1/evaluate", content=chunks(), headers=NDJSON)
        assert r.status_code == 413
        assert c.post("/v1/evaluate", content=body[: len(body) // 2], headers=NDJSON).is_success


def test_work_over_the_time_limit_is_408(registry: Registry) -> None:
    with _client(registry, Limits(work_seconds=1e-9)) as c:
        body = ("\n".join(json.dumps(_case(f"C{i}")) for i in range(50)) + "\n").encode()
        r = c.post("/v1/evaluate", content=body, headers=NDJSON)
        assert r.status_code == 408
        _is_error(r.json(), "request_timeout")


def test_an_internal_error_is_500_in_the_error_shape_without_its_text(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    from adoption_rules.service import routes

    def boom(*args: object) -> tuple[str, int, int]:
        raise RuntimeError("S-1 lives at 1 Secret Street")

    monkeypatch.setattr(routes, "evaluate_text", boom)
    with TestClient(create_app(registry=registry), raise_server_exceptions=False) as c:
        r = c.post("/v1/evaluate", content=json.dumps(_case()).encode(), headers=JSON)
    assert r.status_code == 500
    _is_error(r.json(), "internal_error")
    assert "Secret" not in r.text


def test_access_log_has_route_status_timing_and_count_but_no_case_data(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger=ACCESS_LOGGER):
        client.post(
            "/v1/evaluate?as_of=2026-02-02",
            content=(json.dumps(_case("SECRET-ID-1")) + "\n" + json.dumps(_case("S2"))).encode(),
            headers=NDJSON,
        )
        client.get("/v1/schemas/input?x=SECRET-Q")
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS_LOGGER]
    assert len(lines) == 2
    method, route, status, ms, cases = lines[0].split(" ")
    assert (method, route, status, cases) == ("POST", "/v1/evaluate", "200", "cases=2")
    assert ms.endswith("ms") and float(ms[:-2]) >= 0
    assert lines[1].startswith("GET /v1/schemas/{name} 400 ")
    text = "\n".join(lines)
    assert "SECRET" not in text and "2026-02-02" not in text


def test_bodies_that_are_not_utf8_fail_only_their_case(client: TestClient) -> None:
    good = json.dumps(_case("G")).encode()
    bad = b'{"case_id": "\xff", "region": "england", "events": []}'
    r = client.post("/v1/evaluate", content=good + b"\n" + bad + b"\n", headers=NDJSON)
    assert r.status_code == 200
    first, second = r.json()
    assert first["case_id"] == "G" and "obligations" in first
    assert second["case_id"] is None
    assert second["error"]["field"] == "case_id"


def test_stdin_is_not_read_by_the_service(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("poison"))
    r = client.post("/v1/evaluate", content=b"[]", headers=JSON)
    assert r.status_code == 200 and r.json() == []


# -- every other route: the command line's JSON ---------------------------------------------

QUESTIONS_DOC = ROOT / "docs" / "questions.md"
QUESTION_EXAMPLES = dict(
    re.findall(
        r"<!-- question: (\w+) -->\n```json\n(.*?)\n```",
        QUESTIONS_DOC.read_text(encoding="utf-8"),
        re.S,
    )
)


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    cli.main(list(args))
    return capsys.readouterr().out


@pytest.mark.parametrize("name", ["route", "threshold", "transfer", "eligibility"])
def test_each_question_route_gives_the_command_lines_json(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    body = QUESTION_EXAMPLES[name] + "\n" + json.dumps({"case_id": "Q", "region": "atlantis"})
    path = tmp_path / "q.jsonl"
    path.write_text(body + "\n")
    dated = name != "eligibility"
    expected = _cli(
        capsys, name, str(path), *(["--as-of", AS_OF] if dated else []), "--format", "json"
    )
    query = f"?as_of={AS_OF}" if dated else ""
    r = client.post(f"/v1/{name}{query}", content=body.encode(), headers=NDJSON)
    assert r.status_code == 200
    assert r.text == expected
    answered, failed = r.json()
    assert answered["question"] == name and "answer" in answered
    assert failed["error"]["code"] in ("unknown_region", "missing_field")


def test_eligibility_takes_no_as_of(client: TestClient) -> None:
    r = client.post(
        f"/v1/eligibility?as_of={AS_OF}", content=QUESTION_EXAMPLES["eligibility"], headers=JSON
    )
    assert r.status_code == 400
    _is_error(r.json(), "unknown_parameter", "as_of")


def test_fund_check_gives_the_command_lines_json(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ROOT / "examples" / "fund" / "applications.json"
    expected = _cli(capsys, "fund", "check", str(path), "--format", "json")
    r = client.post("/v1/fund/check", content=path.read_bytes(), headers=JSON)
    assert r.status_code == 200
    assert r.text == expected
    bad = client.post("/v1/fund/check", content=b'[{"id": "A", "child": 3}]', headers=JSON)
    assert bad.json() == [
        {"id": "A", "error": {"code": "invalid_type", "message": "child: expected an object",
                              "field": "child"}}
    ]  # fmt: skip


def _policy_json() -> Any:
    with open(ROOT / "examples" / "policy-change.toml", "rb") as f:
        return json.loads(json.dumps(tomllib.load(f), default=str))  # TOML dates as text


def test_diff_gives_the_command_lines_json(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = ROOT / "examples" / "policy-change.toml"
    expected = _cli(
        capsys, "diff", str(CASELOAD), "--policy", str(policy), "--as-of", "2026-11-23",
        "--format", "json",
    )  # fmt: skip
    cases = [json.loads(line) for line in CASELOAD.read_text().splitlines()]
    body = json.dumps({"policy": _policy_json(), "cases": cases}).encode()
    r = client.post("/v1/diff?as_of=2026-11-23", content=body, headers=JSON)
    assert r.status_code == 200
    assert r.text == expected
    assert any(item.get("changes") for item in r.json())


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"cases": []}, "missing_field", "policy"),
        ({"policy": {}, "cases": {}}, "wrong_type", "cases"),
        ({"policy": {"change": "nonsense"}, "cases": []}, "invalid_policy", "policy"),
        ([], "wrong_type", None),
        ({"policy": {}, "cases": [], "extra": 1}, "unknown_field", None),
    ],
)
def test_a_bad_diff_request_is_400(
    client: TestClient, body: Any, code: str, field: str | None
) -> None:
    r = client.post("/v1/diff", content=json.dumps(body).encode(), headers=JSON)
    assert r.status_code == 400
    _is_error(r.json(), code, field)


def test_deadline_gives_the_command_lines_json(
    client: TestClient, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    closures = tmp_path / "closures.txt"
    closures.write_text("2026-01-06\n2026-01-07\n")
    expected = _cli(
        capsys, "deadline", "2026-01-05", "5 working days", "--closures", str(closures), "--json"
    )
    r = client.get(
        "/v1/deadline",
        params=[("start", "2026-01-05"), ("period", "5 working days"),
                ("closure", "2026-01-06"), ("closure", "2026-01-07")],
    )  # fmt: skip
    assert r.status_code == 200
    assert r.text == expected
    assert r.json()["due"] == "2026-01-14"


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ({"period": "5 working days"}, "missing_parameter", "start"),
        ({"start": "2026-01-05"}, "missing_parameter", "period"),
        ({"start": "2026-13-05", "period": "5 days"}, "invalid_date", "start"),
        ({"start": "2026-01-05", "period": "five fortnights"}, "invalid_period", "period"),
        ({"start": "2026-01-05", "period": "5 days", "closure": "soon"}, "invalid_date", "closure"),
        ({"start": "9999-12-30", "period": "2 years"}, "out_of_range", "start"),
    ],
)
def test_a_bad_deadline_request_is_400(
    client: TestClient, query: dict[str, str], code: str, field: str
) -> None:
    r = client.get("/v1/deadline", params=query)
    assert r.status_code == 400
    _is_error(r.json(), code, field)
    for value in query.values():
        assert value not in r.json()["error"]["message"]


def test_regions_and_rules_give_the_command_lines_json(
    client: TestClient, capsys: pytest.CaptureFixture[str], registry: Registry
) -> None:
    assert client.get("/v1/regions").text == _cli(capsys, "regions", "--format", "json")
    for region in registry.names:
        expected = _cli(capsys, "rules", "--region", region, "--on", AS_OF, "--format", "json")
        r = client.get(f"/v1/regions/{region}/rules?on={AS_OF}")
        assert r.status_code == 200
        assert r.text == expected


def test_rules_of_an_unknown_region_is_404_and_a_bad_on_is_400(client: TestClient) -> None:
    r = client.get("/v1/regions/atlantis/rules")
    assert r.status_code == 404
    _is_error(r.json(), "unknown_region", "region")
    assert "atlantis" not in r.text
    r = client.get("/v1/regions/england/rules?on=yesterday")
    assert r.status_code == 400
    _is_error(r.json(), "invalid_date", "on")


# -- bad input on every route that takes a body ---------------------------------------------

POST_ROUTES = [
    ("/v1/evaluate", True),
    ("/v1/explain", True),
    ("/v1/route", True),
    ("/v1/threshold", True),
    ("/v1/transfer", True),
    ("/v1/eligibility", False),
    ("/v1/fund/check", False),
    ("/v1/diff", True),
]
GARBAGE = [
    b"{",
    b"[1, ",
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b"\xff\xfe\x00",
    b"null",
    b'"text"',
    b"[1, 2]",
    b"{}",
    b'{"case": 1}',
    b'{"policy": 1, "cases": [1]}',
    b'{"policy": {}, "cases": [null, {}]}',
]


@pytest.mark.parametrize(("path", "dated"), POST_ROUTES, ids=[p for p, _ in POST_ROUTES])
def test_every_route_refuses_bad_input_with_a_4xx_in_the_error_shape(
    registry: Registry, path: str, dated: bool
) -> None:
    with _client(registry, Limits(max_body_bytes=2_000_000)) as c:
        r = c.post(path, content=b"{", headers=JSON)
        assert r.status_code == 400
        _is_error(r.json(), "invalid_json")
        r = c.post(path, content=b"{}", headers={"content-type": "text/csv"})
        assert r.status_code == 415
        _is_error(r.json(), "unsupported_media_type")
        r = c.post(path, content=b" " * 2_000_001, headers=JSON)
        assert r.status_code == 413
        _is_error(r.json(), "too_large")
        if dated:
            r = c.post(f"{path}?as_of=2026-02-29", content=b"{}", headers=JSON)
            assert r.status_code == 400
            _is_error(r.json(), "invalid_date", "as_of")
        for body in GARBAGE:
            r = c.post(path, content=body, headers=JSON)
            assert r.status_code < 500, (body[:20], r.text)
            if r.status_code >= 400:
                assert set(r.json()) == {"case_id", "error"}


@pytest.mark.parametrize("path", ["/v1/evaluate", "/v1/route", "/v1/explain"])
def test_an_unknown_region_is_that_cases_error(client: TestClient, path: str) -> None:
    body = json.dumps([_case("OK"), _case("NOPE", region="atlantis")]).encode()
    r = client.post(path, content=body, headers=JSON)
    assert r.status_code == 200
    ok, nope = r.json()
    assert "error" not in ok
    assert nope["error"]["code"] == "unknown_region"


@pytest.mark.parametrize(
    "path",
    ["/healthz", "/readyz", "/openapi.json", "/v1/regions", "/v1/regions/england/rules",
     "/v1/schemas", "/v1/schemas/input", "/v1/deadline"],
)  # fmt: skip
def test_every_get_route_refuses_an_unknown_parameter_and_a_body_method(
    client: TestClient, path: str
) -> None:
    r = client.get(f"{path}?secret=SECRET-VALUE")
    if path in ("/healthz", "/readyz", "/openapi.json"):
        assert r.status_code == 200  # probes and the document take no parameters to check
    else:
        assert r.status_code == 400
        _is_error(r.json(), "unknown_parameter", "secret")
        assert "SECRET-VALUE" not in r.text
    r = client.post(path, content=b"{}", headers=JSON)
    assert r.status_code == 405
    _is_error(r.json(), "method_not_allowed")


@pytest.mark.parametrize(
    "body",
    [b'{"x": ' + b"[" * 5000 + b"]" * 5000 + b"}", b'{"x": ' + b"1" * 5000 + b"}"],
    ids=["deep nesting", "huge integer"],
)
def test_a_body_past_the_decoders_limits_is_too_large(client: TestClient, body: bytes) -> None:
    """Issue 12: the same limits, and code, as a case in a file: a case's error where
    the body holds cases, a 400 where it is one JSON document."""
    r = client.post("/v1/evaluate", content=body, headers=JSON)
    assert r.status_code == 200
    assert [item["error"]["code"] for item in r.json()] == ["too_large"]
    r = client.post("/v1/fund/check", content=body, headers=JSON)
    assert r.status_code == 400
    _is_error(r.json(), "too_large")
