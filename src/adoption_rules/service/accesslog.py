"""The access log: one line per request, with no case data.

Each line gives the method, the route's template (``/v1/regions/{region}/rules``,
never the path as sent, which could carry a region's or a case's text), the
status, the time taken in milliseconds and how many cases the request held::

    POST /v1/evaluate 200 3.1ms cases=1

Query strings, bodies, client addresses and headers are never logged.
"""

from __future__ import annotations

import logging
import time
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from adoption_rules.service.http import CASES_KEY

__all__ = ["ACCESS_LOGGER", "AccessLog"]

#: The logger the lines go to (INFO).
ACCESS_LOGGER: Final = "adoption_rules.service.access"

_log = logging.getLogger(ACCESS_LOGGER)


class AccessLog:
    """ASGI middleware writing one line to :data:`ACCESS_LOGGER` per HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            if _log.isEnabledFor(logging.INFO):
                route = scope.get("route")
                template = getattr(route, "path", None) or "(no route)"
                cases = scope.get(CASES_KEY)
                _log.info(
                    "%s %s %d %.1fms cases=%s",
                    scope.get("method", "-"),
                    template,
                    status,
                    (time.perf_counter() - start) * 1000,
                    "-" if cases is None else cases,
                )
