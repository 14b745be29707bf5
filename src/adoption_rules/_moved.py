"""Old module paths that still import, with a warning, for one release (0.2).

Version 0.2 moved the flat package into layers (``docs/architecture.md``):
``adoption_rules.calendar`` is now ``adoption_rules.core.calendar``, and so
on.  Code that imports an old path gets the new module itself (the same
object, so ``isinstance`` checks and monkeypatching keep working) and a
:class:`DeprecationWarning` naming the new path.  Installed through
:func:`install` by ``adoption_rules/__init__.py``; removed in 0.3.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import types
import warnings
from collections.abc import Sequence
from typing import Final

__all__ = ["MOVED", "install"]

#: Old module path -> the modules its names moved to (first match wins).
MOVED: Final[dict[str, tuple[str, ...]]] = {
    "adoption_rules.errors": ("adoption_rules.core.errors",),
    "adoption_rules.calendar": ("adoption_rules.core.calendar",),
    "adoption_rules.periods": ("adoption_rules.core.periods",),
    "adoption_rules.schedules": ("adoption_rules.core.schedules",),
    "adoption_rules.rules": ("adoption_rules.core.rules",),
    "adoption_rules.model": ("adoption_rules.core.model",),
    "adoption_rules.authority": ("adoption_rules.core.authority",),
    "adoption_rules.engine": (
        "adoption_rules.core.engine",
        "adoption_rules.api",
        "adoption_rules.core.calendar",
    ),
    "adoption_rules.hookspecs": ("adoption_rules.plugins.hookspecs",),
    "adoption_rules.policy": (
        "adoption_rules.plugins.registry",
        "adoption_rules.plugins.policy",
        "adoption_rules.plugins.dispatch",
    ),
    "adoption_rules.converter": ("adoption_rules.io.converter",),
    "adoption_rules.output": ("adoption_rules.io.output",),
    "adoption_rules.schema": ("adoption_rules.io.schema",),
    "adoption_rules.overrides": ("adoption_rules.io.overrides",),
    "adoption_rules.batch": ("adoption_rules.io.records", "adoption_rules.api"),
}


class _Alias:  # an importlib Loader (no importlib.abc: it costs start-up time)
    def __init__(self, new: tuple[str, ...]) -> None:
        self.new = new

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return None

    def exec_module(self, module: types.ModuleType) -> None:
        warnings.warn(
            f"{module.__name__} moved to {' and '.join(self.new)} in adoption-rules 0.2; "
            "the old path is removed in 0.3",
            DeprecationWarning,
            stacklevel=2,
        )
        targets = [importlib.import_module(name) for name in self.new]
        if len(targets) == 1:
            # The import system returns what sys.modules holds once this returns:
            # the new module itself, not a copy.
            sys.modules[module.__name__] = targets[0]
            return

        def __getattr__(name: str) -> object:
            for target in targets:
                if hasattr(target, name):
                    return getattr(target, name)
            raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        module.__doc__ = f"Moved to {' and '.join(self.new)} (adoption-rules 0.2)."


class _Finder:  # an importlib MetaPathFinder
    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: types.ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _Alias(new))  # type: ignore[arg-type]


def install() -> None:
    """Make the old module paths importable (once per process)."""
    if not any(isinstance(finder, _Finder) for finder in sys.meta_path):
        sys.meta_path.append(_Finder())
