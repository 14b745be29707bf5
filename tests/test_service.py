"""The HTTP service in process (Starlette's test client): routes, bytes, errors, limits."""

from __future__ import annotations

import io
import json
import logging
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
    for name in SCHEMA_NAMES:
        assert doc["components"]["schemas"][name] == json.loads(shipped_text(name))
    # every reference the document makes resolves to a component
    refs = set(_refs(doc["paths"]))
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in doc["components"]["schemas"]


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
