"""``adoption-rules schema input|output``: print the contract's JSON Schema.

Prints the schema file shipped with the package (the same text as
``docs/schema/<name>.schema.json``), so a case system can validate its JSON
without Python: ``adoption-rules schema input > case.schema.json``.
"""

from __future__ import annotations

import argparse
import sys

from adoption_rules.io.schema import SCHEMA_NAMES, SchemaName, shipped_text

__all__ = ["register"]


def _cmd_schema(args: argparse.Namespace) -> int:
    name: SchemaName = args.which
    sys.stdout.write(shipped_text(name))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``schema`` command to the command line's sub-parsers."""
    p = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of an input case or of an output item",
        description=(
            "Print the JSON Schema (draft 2020-12) of the contract v1: 'input' is one "
            "case (a file may hold one case, an array of cases or JSON Lines; each case "
            "is validated by it); 'output' is one item of the output array, a result or "
            "an error; 'trace' is one item of 'explain --format json' "
            "(adoption-rules.trace.v1)."
        ),
    )
    p.add_argument(
        "which",
        choices=SCHEMA_NAMES,
        help="which schema: input, output, trace (explain --format json), or another output",
    )
    p.set_defaults(handler=_cmd_schema)
