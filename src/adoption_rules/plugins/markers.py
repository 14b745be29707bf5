"""The pluggy markers of the ``adoption_rules`` project (its hook specifications' and
implementations').  Region plugins import :data:`hookimpl` from here or from
:mod:`adoption_rules.plugins.hookspecs`, where the specifications are."""

from __future__ import annotations

import pluggy

__all__ = ["PROJECT", "hookimpl", "hookspec"]

PROJECT = "adoption_rules"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)
