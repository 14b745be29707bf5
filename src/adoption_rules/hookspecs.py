"""The hook specifications: every policy choice the engine makes, as a pluggy hook.

A region (or any plugin) implements some of these with
``@adoption_rules.hookimpl``.  The England baseline
(:mod:`adoption_rules.plugins.england`) implements every one with
``trylast=True``, so a region's answer wins and the baseline answers what the
region leaves open.

Conventions, as in pytest and pluggy:

* ``firstresult`` hooks stop at the first answer that is not ``None``;
  ``None`` means "no opinion".  An explicit "no" has its own value
  (:data:`adoption_rules.rules.NO_RULE` for "this region has no such rule").
* Implementations run last-registered first; the baseline runs last.
* Hook calls return ``Any``: call them through :class:`adoption_rules.policy.Policy`,
  the typed facade, never directly.
* A default value on an implementation's parameter is never passed: take every
  parameter you name.

Each hook takes ``region``, the region being evaluated, so that one plugin
can serve several regions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from adoption_rules.authority import AuthorityAnswer
    from adoption_rules.model import Case, CaseWarning, Obligation
    from adoption_rules.regions import RegionInfo
    from adoption_rules.rules import NoRule, ObligationRule

PROJECT = "adoption_rules"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def adoption_rules_regions() -> list[RegionInfo]:
    """Declare the regions this plugin provides.

    Called once when plugins load; every answer is collected.  A region name
    declared twice is refused at load with an error naming both plugins.
    """


@hookspec
def adoption_rules_obligation_kinds(region: str) -> list[str]:
    """Name the obligation kinds this plugin has rules for in ``region``.

    Every answer is collected; the engine asks :func:`adoption_rules_obligation_rule`
    about each kind named by any plugin.  A region's own kinds are named
    ``<region>.<kind>``.
    """


@hookspec(firstresult=True)
def adoption_rules_obligation_rule(region: str, kind: str) -> ObligationRule | NoRule | None:
    """The rule that creates obligations of ``kind`` in ``region``.

    Return an :class:`~adoption_rules.rules.ObligationRule` (its triggers and
    periods, what does it, what ends it, its cadence and its citation),
    :data:`~adoption_rules.rules.NO_RULE` when the region's process creates no
    such obligation, or ``None`` for no opinion (the next plugin, and finally
    the England baseline, answers).  Rules are asked for once per region and
    cached, so an answer must not depend on a case: case conditions are part
    of the rule (``routes``, ``before_order``, ``only_while``...).
    """


@hookspec(firstresult=True)
def adoption_rules_responsible_authority(
    region: str, case: Case, as_of: dt.date
) -> AuthorityAnswer | None:
    """Which council is responsible for the case's support on ``as_of``.

    Return an :class:`~adoption_rules.authority.AuthorityAnswer` (its
    ``authority`` may be ``None`` when the facts needed are missing) or
    ``None`` for no opinion.  The baseline applies rule E1.
    """


@hookspec(firstresult=True)
def adoption_rules_closure_days(region: str) -> list[dt.date] | None:
    """The agency's own closure days (not working days) in ``region``.

    Return a list (empty for none) or ``None`` for no opinion.
    """


@hookspec
def adoption_rules_case_warnings(
    region: str, case: Case, obligations: list[Obligation], as_of: dt.date
) -> list[CaseWarning]:
    """Warnings about a case as it stood on ``as_of``; every answer is collected.

    ``obligations`` are the case's obligations as the engine computed them.
    Return a list (empty for none).  Never put names or free text from the
    case in a message.
    """
