"""``adoption-rules serve``: the HTTP service under uvicorn (the ``server`` extra).

Binds to 127.0.0.1 unless ``--host`` says otherwise; ``--port 0`` takes any
free port.  Once listening it writes one line to standard error,
``adoption-rules: serving on http://HOST:PORT``, so a program that started it
can read the port.  SIGTERM or Ctrl-C stops it gracefully: no new
connections, requests in flight finish (up to ``--graceful-timeout``), and the
command exits 0.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import signal
import socket
import sys
from typing import Any

import attrs

from adoption_rules.cli.common import Subparsers, UsageError
from adoption_rules.plugins.registry import default_registry
from adoption_rules.service.limits import LIMITS_ENV, Limits

__all__ = ["register"]


def _log_config(access_log: bool) -> dict[str, Any]:
    handler = {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "plain": {"format": "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"}
        },
        "handlers": {"stderr": handler},
        "loggers": {
            "uvicorn": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            "adoption_rules.service": {
                "handlers": ["stderr"],
                "level": "INFO",
                "propagate": False,
            },
            "adoption_rules.service.access": {
                "handlers": ["stderr"],
                "level": "INFO" if access_log else "WARNING",
                "propagate": False,
            },
        },
    }


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a {kind.__name__} above 0") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"expected a {kind.__name__} above 0")
        return value

    return parse


def _stopped(signum: int, frame: object) -> None:
    raise SystemExit(0)


def _listen(host: str, port: int, backlog: int) -> socket.socket:
    """A socket listening on ``host`` and ``port``: connections queue from this moment."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(backlog)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn
        from uvicorn.supervisors import Multiprocess
    except ImportError:
        raise UsageError(
            "the service needs the server extra: pip install 'adoption-rules[server]'"
        ) from None

    # Fail at once, with one line, when a plugin is broken (each worker loads its own).
    default_registry()
    limits = Limits(
        max_body_bytes=args.max_body_bytes,
        read_seconds=args.read_timeout,
        work_seconds=args.work_timeout,
    )
    os.environ[LIMITS_ENV] = json.dumps(attrs.asdict(limits))
    workers = args.workers or os.cpu_count() or 1
    config = uvicorn.Config(
        "adoption_rules.service.app:app_from_environment",
        factory=True,
        host=args.host,
        port=args.port,
        workers=workers,
        log_config=_log_config(not args.no_access_log),
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=args.graceful_timeout,
        timeout_keep_alive=5,
    )
    try:
        sock = _listen(args.host, args.port, config.backlog)
    except OSError:
        raise UsageError(f"cannot listen on {args.host} port {args.port}") from None
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(
        f"adoption-rules: serving on http://{shown}:{port} with {workers} worker"
        f"{'s' if workers > 1 else ''}; Ctrl-C or SIGTERM stops it",
        file=sys.stderr,
        flush=True,
    )
    # uvicorn stops gracefully on SIGINT or SIGTERM, then raises the signal again with
    # the handlers it found: these make that a plain exit 0 rather than death by signal.
    signal.signal(signal.SIGINT, _stopped)
    signal.signal(signal.SIGTERM, _stopped)
    if workers > 1:
        if "target" in inspect.signature(Multiprocess).parameters:  # uvicorn before 0.36
            server = uvicorn.Server(config)
            Multiprocess(config, target=server.run, sockets=[sock]).run()  # type: ignore[call-arg,unused-ignore]
        else:
            Multiprocess(config, sockets=[sock]).run()
    else:
        uvicorn.Server(config).run(sockets=[sock])
    return 0


def register(subparsers: Subparsers) -> None:
    """Add the ``serve`` command to the command line's sub-parsers."""
    p = subparsers.add_parser(
        "serve",
        help="the HTTP service (needs the server extra)",
        description=(
            "Serve the library over HTTP (docs/service.md): POST /v1/evaluate and the other "
            "/v1 routes, GET /openapi.json, /healthz and /readyz. The policy plugins load "
            "once, at start-up (ADOPTION_RULES_PLUGINS is honoured). Needs the server "
            "extra: pip install 'adoption-rules[server]'."
        ),
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument(
        "--port", type=int, default=8000, help="port to bind (default 8000; 0: any free port)"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0: one per core)",
    )
    p.add_argument(
        "--max-body-bytes",
        type=_positive(int),
        default=10 * 1024 * 1024,
        metavar="BYTES",
        help="largest request body accepted, else 413 (default 10 MiB)",
    )
    p.add_argument(
        "--read-timeout",
        type=_positive(float),
        default=30.0,
        metavar="SECONDS",
        help="time a client has to send its body, else 408 (default 30)",
    )
    p.add_argument(
        "--work-timeout",
        type=_positive(float),
        default=60.0,
        metavar="SECONDS",
        help="time one request's work may take, else 408 (default 60)",
    )
    p.add_argument(
        "--graceful-timeout",
        type=_positive(int),
        default=30,
        metavar="SECONDS",
        help="on shutdown, how long requests in flight may take to finish (default 30)",
    )
    p.add_argument("--no-access-log", action="store_true", help="do not log one line per request")
    p.set_defaults(handler=_cmd_serve)
