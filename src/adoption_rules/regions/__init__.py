"""Regions: the agencies whose policy the library knows, and how they are found.

A region is a plugin module (or object) implementing some hooks of
:mod:`adoption_rules.hookspecs`, including ``adoption_rules_regions`` to
declare itself.  The library's own regions are listed in
:data:`BUILTIN_REGION_MODULES`; other packages add theirs through the entry
point group :data:`ENTRY_POINT_GROUP` (see ``docs/writing-a-region-plugin.md``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

if TYPE_CHECKING:  # pragma: no cover
    from adoption_rules.rules import NoRule, ObligationRule

__all__ = ["BUILTIN_REGION_MODULES", "ENTRY_POINT_GROUP", "RegionInfo", "region_hooks"]

#: The entry point group a third-party region package registers its plugin in.
ENTRY_POINT_GROUP: Final = "adoption_rules.regions"

#: Regions that ship with the library, as importable plugin modules.
BUILTIN_REGION_MODULES: Final[tuple[str, ...]] = (
    "adoption_rules.regions.england",
    "adoption_rules.regions.together4children",
    "adoption_rules.regions.adoption_at_heart",
    "adoption_rules.regions.adoption_west",
    "adoption_rules.regions.leicestershire",
)


@attrs.frozen
class RegionInfo:
    """A region: its name in the contract, the councils in it, and its source document.

    ``plugin`` is the object whose hook implementations carry the region's
    policy; it is registered, with the England baseline, in the region's own
    plugin manager.
    """

    name: str
    title: str
    councils: tuple[str, ...]
    source: str
    plugin: object = attrs.field(eq=False, repr=False)


RegionHooks = tuple[Callable[..., Any], Callable[..., Any], Callable[..., Any]]


def region_hooks(
    *,
    name: str,
    title: str,
    councils: tuple[str, ...],
    source: str,
    module: str,
    rules: Mapping[str, ObligationRule],
    no_rules: Mapping[str, NoRule] | None = None,
) -> RegionHooks:
    """The three hooks every region implements the same way, built from its data.

    Assign them at the top level of the region's module, which is the plugin::

        (
            adoption_rules_regions,
            adoption_rules_obligation_kinds,
            adoption_rules_obligation_rule,
        ) = region_hooks(name=NAME, title=TITLE, councils=COUNCILS, source=SOURCE,
                         module=__name__, rules=RULES, no_rules=NO_RULES)

    ``adoption_rules_regions`` declares the region (its plugin is ``module``);
    the other two answer for ``name`` only, and ``None`` (no opinion) for any
    other region: ``rules`` by kind, then ``no_rules`` (explicit "this region
    has no such obligation"), else the next plugin (the England baseline).
    """
    from adoption_rules.hookspecs import hookimpl

    absent: Mapping[str, NoRule] = no_rules or {}

    @hookimpl
    def adoption_rules_regions() -> list[RegionInfo]:
        return [
            RegionInfo(
                name=name,
                title=title,
                councils=councils,
                source=source,
                plugin=sys.modules[module],
            )
        ]

    @hookimpl
    def adoption_rules_obligation_kinds(region: str) -> list[str] | None:
        if region != name:
            return None
        return list(rules)

    @hookimpl
    def adoption_rules_obligation_rule(region: str, kind: str) -> ObligationRule | NoRule | None:
        if region != name:
            return None
        return rules.get(kind) or absent.get(kind)

    return adoption_rules_regions, adoption_rules_obligation_kinds, adoption_rules_obligation_rule
