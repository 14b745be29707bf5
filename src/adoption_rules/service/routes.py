"""The service's routes: each a thin layer over the library's own functions.

Every route checks its query parameters, content type and body, then runs the
library's code in a worker thread.  The per-case results and errors are the
command line's; a request refused as a whole gets a 4xx whose body is the
contract's error shape with ``case_id`` null.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adoption_rules.core.calendar import today_in_england
from adoption_rules.documents.regions import regions_json, rules_json
from adoption_rules.io.schema import SCHEMA_NAMES, shipped_text
from adoption_rules.plugins.registry import Registry
from adoption_rules.service.http import (
    CASE_TYPES,
    CASES_KEY,
    date_value,
    json_response,
    params,
    query_date,
    read_body,
    read_json,
    run_work,
)
from adoption_rules.service.limits import Limits, RequestError
from adoption_rules.service.state import ServiceState
from adoption_rules.service.work import (
    deadline_answer,
    diff_items,
    evaluate_text,
    explain_items,
    fund_items,
    question_items,
)

__all__ = ["ROUTES"]


def _state(request: Request) -> ServiceState:
    state: ServiceState = request.app.state.service
    return state


async def _ready(request: Request) -> tuple[Registry, Limits]:
    state = _state(request)
    return await state.registry(), state.limits


def _as_of(query: dict[str, list[str]]) -> dt.date:
    return query_date(query, "as_of") or today_in_england()


async def healthz(request: Request) -> Response:
    """200 while the process is up."""
    return json_response({"status": "ok"})


async def readyz(request: Request) -> Response:
    """200 once the plugins are loaded; 503 before (or when they failed to load)."""
    state = _state(request)
    if state.ready:
        return json_response({"status": "ready", "regions": list(state.loaded_names())})
    if state.failure is not None:
        return json_response(
            {"status": "failed", "error": {"code": "plugin_failed", "message": state.failure}},
            503,
        )
    return json_response({"status": "loading"}, 503)


async def evaluate(request: Request) -> Response:
    """One case, a JSON array or JSON Lines: the same bytes as ``evaluate --format json``."""
    query = params(request, {"as_of"})
    as_of = _as_of(query)
    registry, limits = await _ready(request)
    body = await read_body(request, limits, CASE_TYPES)
    text, ok, bad = await run_work(
        limits,
        lambda deadline: evaluate_text(body, as_of, registry, deadline, limits.work_seconds),
    )
    request.scope[CASES_KEY] = ok + bad
    return Response(
        text,
        media_type="application/json",
        headers={"X-Cases": str(ok + bad), "X-Case-Errors": str(bad)},
    )


async def explain(request: Request) -> Response:
    """Why each obligation is due when it is, in words (``explain``), per case."""
    query = params(request, {"as_of", "kind"})
    as_of = _as_of(query)
    kind = query["kind"][0] if "kind" in query else None
    registry, limits = await _ready(request)
    body = await read_body(request, limits, CASE_TYPES)
    items, _ = await run_work(
        limits,
        lambda deadline: explain_items(body, as_of, registry, kind, deadline, limits.work_seconds),
    )
    request.scope[CASES_KEY] = len(items)
    return json_response(items)


def _question(name: str, dated: bool) -> Callable[[Request], Awaitable[Response]]:
    async def question(request: Request) -> Response:
        query = params(request, {"as_of"} if dated else ())
        as_of = _as_of(query)
        registry, limits = await _ready(request)
        body = await read_body(request, limits, CASE_TYPES)
        items, _ = await run_work(
            limits,
            lambda deadline: question_items(
                body, name, as_of, registry, deadline, limits.work_seconds
            ),
        )
        request.scope[CASES_KEY] = len(items)
        return json_response(items)

    question.__name__ = question.__qualname__ = name
    question.__doc__ = f"``adoption-rules {name} FILE --format json`` of the questions posted."
    return question


async def fund_check(request: Request) -> Response:
    """``adoption-rules fund check FILE --format json``: one application or an array."""
    params(request, ())
    _, limits = await _ready(request)
    data = await read_json(request, limits, parse_float=decimal.Decimal)
    applications = data if isinstance(data, list) else [data]
    items, _ = await run_work(
        limits, lambda deadline: fund_items(applications, deadline, limits.work_seconds)
    )
    request.scope[CASES_KEY] = len(items)
    return json_response(items)


async def diff(request: Request) -> Response:
    """``adoption-rules diff --policy CHANGES --format json``: policy document and cases posted."""
    query = params(request, {"as_of"})
    as_of = _as_of(query)
    registry, limits = await _ready(request)
    data = await read_json(request, limits)
    items, _ = await run_work(
        limits,
        lambda deadline: diff_items(data, as_of, registry, deadline, limits.work_seconds),
    )
    request.scope[CASES_KEY] = len(items)
    return json_response(items)


async def deadline(request: Request) -> Response:
    """``adoption-rules deadline START PERIOD --json``; ``closure`` may be repeated."""
    query = params(request, {"start", "period", "closure"}, repeat={"closure"})
    for name in ("start", "period"):
        if name not in query:
            raise RequestError(400, "missing_parameter", f"this route needs {name}", name)
    start = date_value(query["start"][0], "start")
    closures = [date_value(text, "closure") for text in query.get("closure", [])]
    text = deadline_answer(start, query["period"][0], closures)
    return Response(text, media_type="application/json")


async def regions(request: Request) -> Response:
    """``adoption-rules regions --format json``: every region installed."""
    params(request, ())
    registry, _ = await _ready(request)
    return json_response(regions_json(registry))


async def rules(request: Request) -> Response:
    """``adoption-rules rules --region NAME --on DAY --format json``."""
    query = params(request, {"on"})
    on = query_date(query, "on") or today_in_england()
    registry, _ = await _ready(request)
    region: str = request.path_params["region"]
    if region not in registry.names:
        raise RequestError(
            404, "unknown_region", "no region of that name is installed; see /v1/regions", "region"
        )
    return json_response(rules_json(registry, region, on))


async def schemas(request: Request) -> Response:
    """The names of the JSON Schemas the library ships."""
    params(request, ())
    return json_response(
        {"schemas": [{"name": n, "href": f"/v1/schemas/{n}"} for n in SCHEMA_NAMES]}
    )


async def schema(request: Request) -> Response:
    """One shipped JSON Schema, byte for byte as ``adoption-rules schema NAME`` prints it."""
    params(request, ())
    name: Any = request.path_params["name"]
    if name not in SCHEMA_NAMES:
        raise RequestError(
            404, "unknown_schema", f"the schemas are: {', '.join(SCHEMA_NAMES)}", "name"
        )
    return Response(shipped_text(name), media_type="application/schema+json")


ROUTES = [
    Route("/healthz", healthz, methods=["GET"]),
    Route("/readyz", readyz, methods=["GET"]),
    Route("/v1/evaluate", evaluate, methods=["POST"]),
    Route("/v1/explain", explain, methods=["POST"]),
    Route("/v1/deadline", deadline, methods=["GET"]),
    Route("/v1/regions", regions, methods=["GET"]),
    Route("/v1/regions/{region}/rules", rules, methods=["GET"]),
    Route("/v1/route", _question("route", True), methods=["POST"]),
    Route("/v1/threshold", _question("threshold", True), methods=["POST"]),
    Route("/v1/transfer", _question("transfer", True), methods=["POST"]),
    Route("/v1/eligibility", _question("eligibility", False), methods=["POST"]),
    Route("/v1/fund/check", fund_check, methods=["POST"]),
    Route("/v1/diff", diff, methods=["POST"]),
    Route("/v1/schemas", schemas, methods=["GET"]),
    Route("/v1/schemas/{name}", schema, methods=["GET"]),
]
