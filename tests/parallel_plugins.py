"""Test-only plugins and registry factories for tests/test_parallel.py.

They live in a module of their own (not in the test file) so that worker
processes, started with ``spawn``, can import them by name: pytest puts
``tests/`` on ``sys.path`` and a spawned worker inherits the parent's path.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from adoption_rules.core.model import Case, CaseWarning, Obligation
from adoption_rules.plugins.hookspecs import hookimpl
from adoption_rules.plugins.registry import Registry, load_registry

#: A case whose id starts with this kills the worker evaluating it, every time.
CRASH = "CRASH-"
#: A case whose id starts with this kills the first worker evaluating it only; the
#: marker file (in the folder named by ONCE_DIR) remembers it already did.
CRASH_ONCE = "CRASH1-"
ONCE_DIR = "ADOPTION_RULES_TEST_CRASH_DIR"


class Crasher:
    """An add-on (it declares no region): ends its process on a marked case, else says nothing."""

    @hookimpl
    def adoption_rules_case_warnings(
        self, region: str, case: Case, obligations: list[Obligation], as_of: dt.date
    ) -> list[CaseWarning]:
        if case.case_id.startswith(CRASH):
            os._exit(70)
        if case.case_id.startswith(CRASH_ONCE):
            marker = Path(os.environ[ONCE_DIR]) / case.case_id
            try:
                marker.touch(exist_ok=False)
            except FileExistsError:
                return []
            os._exit(70)
        return []


def crashing_registry() -> Registry:
    """The built-in regions with :class:`Crasher` added."""
    return load_registry(installed=False, extra=[("crasher", Crasher())])


def builtin_registry() -> Registry:
    """The built-in regions only (no installed plugin), as the tests' ``registry`` fixture."""
    return load_registry(installed=False)


def failing_registry() -> Registry:
    """A factory that cannot build a registry."""
    raise RuntimeError("no registry here")
