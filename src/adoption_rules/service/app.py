"""The ASGI application: :func:`create_app`, and :func:`app_from_environment` for uvicorn.

The application is Starlette's; every error a client can cause is a 4xx in
the contract's error shape (a route that does not exist, a method it does not
take, a body that is not JSON, a limit passed), and an error of the library's
own is a 500 in the same shape with no detail of the request.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator, Callable
from typing import Final

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from adoption_rules.plugins.registry import Registry, default_registry
from adoption_rules.service.accesslog import AccessLog
from adoption_rules.service.http import error_response, json_response
from adoption_rules.service.limits import DEFAULT_LIMITS, LIMITS_ENV, Limits, RequestError
from adoption_rules.service.openapi import openapi_document
from adoption_rules.service.routes import ROUTES
from adoption_rules.service.state import ServiceState

__all__ = ["LIMITS_ENV", "app_from_environment", "create_app"]

_log = logging.getLogger("adoption_rules.service")

_HTTP_CODES: Final = {
    404: ("not_found", "no such route; GET /openapi.json lists them"),
    405: ("method_not_allowed", "this route does not take that method; see /openapi.json"),
}


async def _request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    return error_response(exc.status, exc.code, str(exc), exc.field)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code, message = _HTTP_CODES.get(exc.status_code, ("bad_request", "the request was refused"))
    response = error_response(exc.status_code, code, message)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    return error_response(
        500,
        "internal_error",
        f"the service failed on this request ({type(exc).__name__}); please report it",
    )


async def _openapi(request: Request) -> Response:
    return json_response(request.app.state.openapi)


class _Service(Starlette):
    """Starlette, except that an exception never reaches the server's log with its text.

    Starlette answers an unexpected exception with the 500 of :func:`_server_error`
    and then raises it again for the server to log, traceback and message included;
    a message may hold a case's data, so here it stops, logged by its type only.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        try:
            await super().__call__(scope, receive, send)
        except Exception as exc:
            _log.error("internal error: %s", type(exc).__name__)


def create_app(
    *,
    registry: Registry | None = None,
    load: Callable[[], Registry] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Starlette:
    """The service as an ASGI application.

    ``registry``: the policy registry to use (default: the default registry
    of built-in and installed regions, loaded when the application starts,
    honouring ``ADOPTION_RULES_PLUGINS``); ``load``: how to load it instead;
    ``limits``: request body size and time limits.
    """
    state = ServiceState(load or default_registry, limits, registry)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state.begin()
        async with anyio.create_task_group() as tasks:
            tasks.start_soon(state.load)
            yield
            tasks.cancel_scope.cancel()

    app = _Service(
        routes=[Route("/openapi.json", _openapi, methods=["GET"]), *ROUTES],
        middleware=[Middleware(AccessLog)],
        exception_handlers={
            RequestError: _request_error,
            HTTPException: _http_error,
            Exception: _server_error,
        },
        lifespan=lifespan,
    )
    app.state.service = state
    app.state.openapi = openapi_document()
    return app


def app_from_environment() -> Starlette:
    """The application as ``serve`` starts it in each worker (uvicorn's factory)."""
    raw = os.environ.get(LIMITS_ENV)
    limits = Limits(**json.loads(raw)) if raw else DEFAULT_LIMITS
    return create_app(limits=limits)
