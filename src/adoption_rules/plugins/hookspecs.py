"""The hook specifications: every policy choice the engine makes, as a pluggy hook.

A region (or any plugin) implements some of these with
``@adoption_rules.hookimpl``.  The England baseline
(:mod:`adoption_rules.plugins.england`) implements every one with
``trylast=True``, so a region's answer wins and the baseline answers what the
region leaves open.

Conventions, as in pytest and pluggy:

* ``firstresult`` hooks stop at the first answer that is not ``None``;
  ``None`` means "no opinion".  An explicit "no" has its own value
  (:data:`adoption_rules.core.rules.NO_RULE` for "this region has no such rule").
* Implementations run last-registered first; the baseline runs last.
* Hook calls return ``Any``: call them through :class:`adoption_rules.plugins.policy.Policy`,
  the typed facade, never directly.
* A default value on an implementation's parameter is never passed: take every
  parameter you name.
* Two plugins of the same priority giving different answers to a
  ``firstresult`` hook for one region is an error, not last-registered-wins
  (:class:`adoption_rules.plugins.dispatch.PluginError` naming both).  Mark an
  implementation ``tryfirst=True`` to override on purpose; the baseline is
  ``trylast=True``.  Hooks that take no case are checked when the region's
  policy is built (at load); the others on each call.

The hooks after :func:`adoption_rules_case_warnings` answer the questions of
:mod:`adoption_rules.questions`: each returns a frozen answer carrying its
``reason`` and ``citation``; the policy sets its ``decided_by``.

Each hook takes ``region``, the region being evaluated, so that one plugin
can serve several regions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from adoption_rules.plugins.markers import PROJECT, hookimpl, hookspec

if TYPE_CHECKING:  # pragma: no cover
    from adoption_rules.core.answers import (
        ChildFacts,
        Concern,
        Eligibility,
        InformationDuties,
        PriorityAnswer,
        ReferralRoute,
        Requester,
        Responsibility,
        SupportOffer,
        ThresholdAnswer,
        TransferAnswer,
    )
    from adoption_rules.core.authority import AuthorityAnswer
    from adoption_rules.core.model import AdoptionRoute, Case, CaseWarning, Obligation
    from adoption_rules.core.rules import NoRule, ObligationRule
    from adoption_rules.plugins.declare import RegionInfo

__all__ = ["PROJECT", "hookimpl", "hookspec"]


@hookspec
def adoption_rules_regions() -> list[RegionInfo]:
    """Declare the regions this plugin provides.

    Called once when plugins load; every answer is collected.  A region name
    declared twice, or a council claimed by two regions, is refused at load
    with an error naming both plugins.
    """


@hookspec
def adoption_rules_obligation_kinds(region: str) -> list[str]:
    """Name the obligation kinds this plugin has rules for in ``region``.

    Every answer is collected; the engine asks :func:`adoption_rules_obligation_rule`
    about each kind named by any plugin.  A region's own kinds are named
    ``<region>.<kind>`` (``Region.rule(..., own_kind=True)`` names them so).
    """


@hookspec(firstresult=True)
def adoption_rules_obligation_rule(region: str, kind: str) -> ObligationRule | NoRule | None:
    """The rule that creates obligations of ``kind`` in ``region``.

    Return an :class:`~adoption_rules.core.rules.ObligationRule` (its triggers and
    periods, what does it, what ends it, its cadence and its citation),
    :data:`~adoption_rules.core.rules.NO_RULE` when the region's process creates no
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

    Return an :class:`~adoption_rules.core.authority.AuthorityAnswer` (its
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


# -- questions beyond deadlines (adoption_rules.questions) ------------------------------


@hookspec(firstresult=True)
def adoption_rules_referral_route(region: str, case: Case, as_of: dt.date) -> ReferralRoute | None:
    """Who receives the family's request for support in ``region``, and what screening may decide.

    Return a :class:`~adoption_rules.core.answers.ReferralRoute` (the receiving
    hub, team or agency in the source's words, how to refer, the screening
    outcomes with what each means) or ``None`` for no opinion.  The baseline
    answers with the council responsible under rule E1.
    """


@hookspec(firstresult=True)
def adoption_rules_statutory_threshold(
    region: str, case: Case, as_of: dt.date, concerns: frozenset[Concern]
) -> ThresholdAnswer | None:
    """Whether ``concerns`` meet the safeguarding or statutory services threshold, and where to.

    ``concerns`` are the :class:`~adoption_rules.core.answers.Concern` values
    recorded (possibly none).  Return a
    :class:`~adoption_rules.core.answers.ThresholdAnswer` (met or not, which
    concerns meet it, the route, the council concerned and its hub or
    service, the steps the source requires) or ``None`` for no opinion, for
    example when the region's source covers none of these concerns.
    """


@hookspec
def adoption_rules_responsibility_matters(region: str) -> list[str]:
    """Name the responsibilities (``matter`` codes) this plugin answers for in ``region``.

    Every answer is collected, like :func:`adoption_rules_obligation_kinds`;
    :func:`adoption_rules_responsibility` is asked about each matter named.
    """


@hookspec(firstresult=True)
def adoption_rules_responsibility(
    region: str, matter: str, case: Case, as_of: dt.date
) -> Responsibility | None:
    """Who holds the responsibility ``matter`` for ``case`` on ``as_of``, and who pays.

    Return a :class:`~adoption_rules.core.answers.Responsibility` or ``None``
    for no opinion (also when the matter does not arise for this case, such
    as case responsibility after the adoption order where the source is
    silent).
    """


@hookspec(firstresult=True)
def adoption_rules_priority_child(
    region: str, case: Case, child: ChildFacts, as_of: dt.date
) -> PriorityAnswer | None:
    """Whether the case's child is a priority child in ``region`` on ``as_of``.

    The child's age comes from ``case.child_date_of_birth``; ``child`` holds
    the facts the case does not carry.  Return a
    :class:`~adoption_rules.core.answers.PriorityAnswer` or ``None`` for no
    opinion.  The baseline answers that there are no national criteria.
    """


@hookspec(firstresult=True)
def adoption_rules_assessment_eligibility(
    region: str, requester: Requester, adoption_route: AdoptionRoute
) -> Eligibility | None:
    """Whether ``requester`` may ask for an assessment of need after an adoption by this route.

    Return an :class:`~adoption_rules.core.answers.Eligibility` or ``None`` for
    no opinion.  The baseline applies rules E2-E5.  Asked for every
    requester and route when the region's policy is built.
    """


@hookspec(firstresult=True)
def adoption_rules_transfer(region: str, case: Case, as_of: dt.date) -> TransferAnswer | None:
    """Whether support should transfer to the council where the family lives (T13, E1).

    Return a :class:`~adoption_rules.core.answers.TransferAnswer` (due or not,
    from when, to where, and any condition on a recent assessment or review)
    or ``None`` for no opinion.  The baseline applies rule E1's handover
    three years after the order.
    """


@hookspec(firstresult=True)
def adoption_rules_information_duties(region: str) -> InformationDuties | None:
    """Who the agency must give information about adoption support to, and about what.

    Return an :class:`~adoption_rules.core.answers.InformationDuties` or
    ``None`` for no opinion.  Asked when the region's policy is built.
    """


@hookspec(firstresult=True)
def adoption_rules_support_offer(region: str) -> SupportOffer | None:
    """The agency's core offer, its specialist offer, and the graduated levels of support.

    Return a :class:`~adoption_rules.core.answers.SupportOffer` or ``None`` for
    no opinion.  The baseline gives the graduated levels of rule E14 with no
    offer of its own.  Asked when the region's policy is built.
    """
