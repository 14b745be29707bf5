"""What a region plugin declares, and the shared code that builds its declaration hooks.

:class:`RegionInfo` names a region (its name in the contract, councils, source
document) and the plugin carrying its policy.  :func:`region_hooks` builds the
three hooks every region implements the same way from the region module's data.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from adoption_rules.core.rules import NoRule, ObligationRule
from adoption_rules.plugins.markers import hookimpl

__all__ = ["RegionHooks", "RegionInfo", "region_hooks"]


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
