"""The ``adoption-rules`` command line.

Every command is registered by one module of this package (:data:`COMMANDS`),
whose ``register(subparsers)`` adds its sub-parser; the leaf sets
``handler``: a function taking the parsed arguments and returning the exit
status (0 done; 1 every case has its result or its error, and some had errors;
2 the command was misused, a file could not be read, a plugin failed to load, or
anything else that lost cases).  Errors go to standard error as one line each, never as a
traceback.  Shared plumbing is in :mod:`adoption_rules.cli.common`.

To add a command: a module here with ``register``, and one line in
:data:`COMMANDS`.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from typing import Final, NoReturn

from adoption_rules import __version__
from adoption_rules.cli.common import Handler, UsageError
from adoption_rules.core.errors import AdoptionRulesError

__all__ = ["COMMANDS", "build_parser", "console", "main"]

#: Each command and the module that registers it.  Running a command imports
#: only its own module: a case system may call a command once per case.
COMMANDS: Final[dict[str, str]] = {
    "deadline": "adoption_rules.cli.deadline",
    "evaluate": "adoption_rules.cli.evaluate",
    "explain": "adoption_rules.cli.explain",
    "demo": "adoption_rules.cli.demo",
    "schema": "adoption_rules.cli.schema",
    "diff": "adoption_rules.cli.policy",
    "fund": "adoption_rules.cli.fund",
    "route": "adoption_rules.cli.questions",
    "threshold": "adoption_rules.cli.questions",
    "transfer": "adoption_rules.cli.questions",
    "eligibility": "adoption_rules.cli.questions",
    "regions": "adoption_rules.cli.regions",
    "rules": "adoption_rules.cli.regions",
    "audit": "adoption_rules.cli.audit",
    "serve": "adoption_rules.cli.serve",
    "stream": "adoption_rules.cli.stream",
    "import": "adoption_rules.cli.analysis",
    "summary": "adoption_rules.cli.analysis",
    "report": "adoption_rules.cli.analysis",
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: every command, or only the module of command ``only``."""
    parser = argparse.ArgumentParser(
        prog="adoption-rules",
        description="The English adoption-support procedure and its deadlines.",
    )
    parser.add_argument("--version", action="version", version=f"adoption-rules {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    modules = [COMMANDS[only]] if only in COMMANDS else list(dict.fromkeys(COMMANDS.values()))
    for name in modules:
        importlib.import_module(name).register(sub)
    return parser


def _say(message: str) -> None:
    """One line on standard error, its control characters escaped."""
    # Imported here for start-up speed: only a failing command needs it.
    from adoption_rules.io.safe import printable

    print(f"adoption-rules: {printable(message)}", file=sys.stderr)


#: The cyclic garbage collector's thresholds in an ``adoption-rules`` process.  A
#: batch allocates and frees many small objects a case and keeps few; at Python's
#: default (a look every 700 objects allocated and not freed) the collector took
#: about 5% of a batch's time and found next to nothing.  Cycles (a failed case's
#: exception and traceback make one) are still collected, every 10,000 objects.
COLLECT_EVERY: Final = (10_000, 10, 10)


def console() -> NoReturn:
    """The ``adoption-rules`` program (and ``python -m adoption_rules``): :func:`main`
    in a process of its own, so the collector is tuned for a batch (``COLLECT_EVERY``;
    worker processes forked for ``--jobs`` inherit it).  :func:`main`, called in
    another program's process, leaves the collector as it is."""
    gc.set_threshold(*COLLECT_EVERY)
    sys.exit(main())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(arguments[0] if arguments else None)
    args = parser.parse_args(arguments)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return handler(args)
    except UsageError as exc:
        _say(str(exc))
        return 2
    except BrokenPipeError:  # pragma: no cover - `| head`
        return 0
    except KeyboardInterrupt:  # Ctrl-C: any workers are stopped already; no traceback
        print("adoption-rules: interrupted", file=sys.stderr)
        return 130
    except AdoptionRulesError as exc:
        # A plugin that fails to load, a file that stops half way: the batch is not
        # whole, which exit 1 ("every case has its result or its error") must not say.
        _say(str(exc))
        return 2
    except (Exception, RecursionError) as exc:
        # Never a traceback, never exit 1 for a batch that lost cases.
        print(
            f"adoption-rules: stopped by an internal error ({type(exc).__name__}); cases after "
            "the last one written were not processed; please report it",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
