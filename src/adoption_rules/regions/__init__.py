"""Regions: the agencies whose policy the library knows, and how they are found.

A region is a plugin module (or object) implementing some hooks of
:mod:`adoption_rules.hookspecs`, including ``adoption_rules_regions`` to
declare itself.  The library's own regions are listed in
:data:`BUILTIN_REGION_MODULES`; other packages add theirs through the entry
point group :data:`ENTRY_POINT_GROUP` (see ``docs/writing-a-region-plugin.md``).
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = ["BUILTIN_REGION_MODULES", "ENTRY_POINT_GROUP", "RegionInfo"]

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
