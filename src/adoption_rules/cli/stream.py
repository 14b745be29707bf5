"""``adoption-rules stream``: the JSON Lines request/response protocol on stdin and stdout.

One request a line in, one response a line out, each flushed at once, in
order; ``as_of`` is each request's own.  The protocol:
:mod:`adoption_rules.service.stream` and ``docs/service.md``.
"""

from __future__ import annotations

import argparse
import sys

from adoption_rules.cli.common import Subparsers, add_policy_option, open_input, registry_for
from adoption_rules.core.calendar import today_in_england
from adoption_rules.service.stream import serve_stream

__all__ = ["register"]


def _cmd_stream(args: argparse.Namespace) -> int:
    registry = registry_for(args)
    serve_stream(open_input("-"), sys.stdout, registry, today_in_england)
    return 0


def register(subparsers: Subparsers) -> None:
    """Add the ``stream`` command to the command line's sub-parsers."""
    p = subparsers.add_parser(
        "stream",
        help="answer JSON Lines requests on standard input, one response line each",
        description=(
            "Read requests from standard input, one JSON object a line: "
            '{"id": ..., "as_of": "YYYY-MM-DD", "cases": [...]} (or "case": {...}), and '
            'write one line for each, flushed at once, in order: {"id": ..., "results": '
            "[...]}, each result or error exactly as evaluate --format json writes it; or "
            '{"id": ..., "error": {...}} for a request that cannot be read. Ends, status 0, '
            "at the end of the input (docs/service.md)."
        ),
    )
    add_policy_option(p)
    p.set_defaults(handler=_cmd_stream)
