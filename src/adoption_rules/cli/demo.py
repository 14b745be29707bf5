"""``adoption-rules demo``: worked examples on bundled data."""

from __future__ import annotations

import argparse
import sys

from adoption_rules.cli.common import Subparsers
from adoption_rules.demo import run_demo

__all__ = ["register"]


def _cmd_demo(args: argparse.Namespace) -> int:
    return run_demo(sys.stdout)


def register(subparsers: Subparsers) -> None:
    """Add the ``demo`` command."""
    p = subparsers.add_parser("demo", help="worked examples on bundled data")
    p.set_defaults(handler=_cmd_demo)
