"""Region ``england``: the national baseline alone, with no agency's own policy.

Use it for a council or agency whose local policy is not encoded: every
obligation then follows the national rules of :mod:`adoption_rules.plugins.england`.
"""

from __future__ import annotations

import sys

from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.hookspecs import hookimpl

NAME = "england"


@hookimpl
def adoption_rules_regions() -> list[RegionInfo]:
    return [
        RegionInfo(
            name=NAME,
            title="England (national baseline only)",
            councils=(),
            source="Adoption and Children Act 2002; ASSR 2005; AAR 2005 (rules catalogue E1-E14)",
            plugin=sys.modules[__name__],
        )
    ]
