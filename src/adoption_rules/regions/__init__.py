"""Regions: the agencies whose policy the library knows, one declaration each.

Each module here is a region plugin: cited policy data and the few hook
functions its policy needs, registered by name in
:data:`~adoption_rules.plugins.registry.BUILTIN_REGION_MODULES`.  Other
packages add their regions through the entry point group
:data:`~adoption_rules.plugins.registry.ENTRY_POINT_GROUP` (see
``docs/writing-a-region-plugin.md``).
"""

from __future__ import annotations

from adoption_rules.plugins.declare import RegionInfo, region_hooks
from adoption_rules.plugins.registry import BUILTIN_REGION_MODULES, ENTRY_POINT_GROUP

__all__ = ["BUILTIN_REGION_MODULES", "ENTRY_POINT_GROUP", "RegionInfo", "region_hooks"]
