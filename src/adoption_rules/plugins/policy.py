"""Loading plugins, one plugin manager per region, and the typed facade over the hooks.

:func:`~adoption_rules.plugins.registry.load_registry` finds the regions: the library's own
(:data:`~adoption_rules.regions.BUILTIN_REGION_MODULES`) and, when asked,
those installed through the :data:`~adoption_rules.regions.ENTRY_POINT_GROUP`
entry point group.  ``ADOPTION_RULES_PLUGINS`` (a comma-separated list of
entry point names, or ``none``) restricts which installed plugins load.

:class:`Policy` is one region's evaluation context: a fresh
``pluggy.PluginManager`` holding the England baseline, the region's plugin
and any *add-on* plugins, and typed methods for every hook so callers never
see ``Any``.

An add-on is a plugin that declares no region of its own but implements
hooks for one or more regions (it answers ``None`` for the others), loaded
from the entry point group or passed as ``extra``; it is registered in every
region's policy.  That is how a region gets more than one plugin.  Two
plugins of the same priority giving different answers to one ``firstresult``
hook for one region is a :class:`PluginError` naming both: at load for the
hooks that take no case (every obligation kind, closure days, eligibility,
information duties, support offer), on the call for the others.  A plugin
overrides on purpose with ``tryfirst=True``; the baseline is ``trylast``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cached_property
from typing import Any, TypeVar

import attrs

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
from adoption_rules.core.calendar import MAX_DATE, MIN_DATE, WorkingCalendar, england_calendar
from adoption_rules.core.engine import CaseAnswers, Item, ResolvedRule
from adoption_rules.core.errors import AdoptionRulesError, DateOutOfRangeError
from adoption_rules.core.model import AdoptionRoute, Case, CaseWarning, Obligation
from adoption_rules.core.params import Param
from adoption_rules.core.periods import Period
from adoption_rules.core.rules import NoRule, ObligationRule
from adoption_rules.plugins import england as england_baseline
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.dispatch import PluginError, call_first, collect, new_manager, register

__all__ = ["ChangedPolicy", "ParamChange", "Policy", "ResolvedNoRule", "ResolvedRule"]

#: A change to rule parameters: each parameter in, the same or a changed one out.
ParamChange = Callable[[Param[Period | None]], Param[Period | None]]

# ResolvedRule is the core engine's compiled rule; re-exported here, where a policy builds it.

_Answer = TypeVar("_Answer")


@attrs.frozen
class ResolvedNoRule:
    """An explicit "no such obligation in this region", and the plugin that said so."""

    no_rule: NoRule
    decided_by: str


_T = TypeVar("_T")


def _within_range(
    ask: Callable[[Mapping[str, Any]], _T],
    kwargs: Mapping[str, Any],
    answer: str,
    warnings: list[CaseWarning],
) -> _T | None:
    """``ask(kwargs)``, or ``None`` with a warning when the answer needs a date past the
    calendar's range (an order in 2097 plus three years, say): that one answer is
    unknown, the case still has its others."""
    try:
        return ask(kwargs)
    except PluginError as exc:
        if not isinstance(exc.__cause__, DateOutOfRangeError):
            raise
        warnings.append(
            CaseWarning(
                "date_out_of_range",
                f"{answer} is unknown: it needs a date outside the supported range "
                f"{MIN_DATE.isoformat()} to {MAX_DATE.isoformat()}",
            )
        )
        return None


def _is_warning(value: object) -> bool:
    return isinstance(value, CaseWarning) and type(value.code) is str and type(value.message) is str


class Policy:
    """One region's policy: the baseline, the region's plugin and add-ons, behind typed methods.

    ``addons`` are ``(name, plugin)`` pairs registered after the region's
    plugin (see the module docstring).  :meth:`check` asks every hook that
    takes no case, so a conflict or a failing plugin shows when the policy
    is built.
    """

    def __init__(self, region: RegionInfo, addons: Iterable[tuple[str, object]] = ()) -> None:
        self.region = region
        self.pm = new_manager()
        register(self.pm, england_baseline, england_baseline.PLUGIN_NAME)
        # The region's plugin decides under the region's name; region ``england``
        # (the baseline alone) has a plugin that only declares the region.
        name = region.name if region.name != england_baseline.PLUGIN_NAME else "england.region"
        register(self.pm, region.plugin, name)
        for addon_name, addon in addons:
            register(self.pm, addon, addon_name)

    def __repr__(self) -> str:
        return f"Policy(region={self.region.name!r})"

    def with_params(self, change: ParamChange, source: str) -> Policy:
        """This policy with ``change`` applied to every rule parameter (``source`` names why)."""
        return ChangedPolicy(self, change, source)

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """Every obligation kind any plugin names for this region, first-named first."""
        named = collect(
            self.pm,
            "adoption_rules_obligation_kinds",
            {"region": self.region.name},
            lambda kind: type(kind) is str,
            "strings (obligation kinds)",
        )
        return tuple(dict.fromkeys(named))

    @cached_property
    def rules(self) -> tuple[ResolvedRule, ...]:
        """The rule of every kind this region's process has (kinds with ``NO_RULE`` left out)."""
        out = []
        for kind in self.kinds:
            resolved = self.rule(kind)
            if resolved is not None:
                out.append(resolved)
        return tuple(out)

    def rule(self, kind: str) -> ResolvedRule | None:
        """The rule for ``kind``, or ``None`` when the region has none."""
        resolved = self.resolve(kind)
        return resolved if isinstance(resolved, ResolvedRule) else None

    def resolve(self, kind: str) -> ResolvedRule | ResolvedNoRule:
        """The rule for ``kind``, or the explicit answer that there is none, with its plugin."""
        cache = self._resolved
        cached = cache.get(kind)
        if cached is None:
            cached = cache[kind] = self._resolve(kind)
        return cached

    @cached_property
    def _resolved(self) -> dict[str, ResolvedRule | ResolvedNoRule]:
        return {}

    def _resolve(self, kind: str) -> ResolvedRule | ResolvedNoRule:
        answer, plugin = call_first(
            self.pm, "adoption_rules_obligation_rule", {"region": self.region.name, "kind": kind}
        )
        if answer is None:
            return ResolvedNoRule(NoRule("no plugin has a rule"), "")
        if isinstance(answer, NoRule):
            return ResolvedNoRule(answer, plugin)
        if not isinstance(answer, ObligationRule):
            raise PluginError(
                plugin, "adoption_rules_obligation_rule", "did not return an ObligationRule"
            )
        if answer.kind != kind:
            raise PluginError(
                plugin,
                "adoption_rules_obligation_rule",
                f"asked for kind {kind!r}, returned a rule for {answer.kind!r}",
            )
        return ResolvedRule(answer, plugin)

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar: bank holidays plus the agency's closure days."""
        answer, plugin = self._closure_days
        try:
            return england_calendar(answer or ())
        except AdoptionRulesError as exc:
            raise PluginError(plugin, "adoption_rules_closure_days", str(exc)) from None

    @cached_property
    def closure_days_decided_by(self) -> str | None:
        """The plugin that answered the closure-days hook; ``None`` when none did."""
        return self._closure_days[1] or None

    @cached_property
    def _closure_days(self) -> tuple[list[dt.date] | None, str]:
        hook = "adoption_rules_closure_days"
        answer, plugin = call_first(self.pm, hook, {"region": self.region.name})
        if answer is not None and (
            type(answer) not in (list, tuple)
            or not all(type(day) is dt.date for day in answer)  # a datetime is refused
        ):
            raise PluginError(plugin, hook, "must return a list of dates")
        return answer, plugin if answer is not None else ""

    def responsible_authority(self, case: Case, as_of: dt.date) -> AuthorityAnswer | None:
        """The council responsible for the case's support on ``as_of``."""
        return self._authority({"region": self.region.name, "case": case, "as_of": as_of})

    def _authority(self, kwargs: Mapping[str, Any]) -> AuthorityAnswer | None:
        hook = "adoption_rules_responsible_authority"
        answer, plugin = call_first(self.pm, hook, kwargs)
        if answer is None:
            return None
        if not isinstance(answer, AuthorityAnswer) or not isinstance(answer.authority, str | None):
            raise PluginError(
                plugin, hook, "must return an AuthorityAnswer whose authority is a string or None"
            )
        return answer

    def warnings(
        self, case: Case, obligations: Sequence[Obligation], as_of: dt.date
    ) -> list[CaseWarning]:
        """Every plugin's warnings about the case (plugins get the obligations as a tuple:
        immutable, like every value a hook is handed)."""
        return self._warnings(
            {
                "region": self.region.name,
                "case": case,
                "obligations": tuple(obligations),
                "as_of": as_of,
            }
        )

    def _warnings(self, kwargs: Mapping[str, Any]) -> list[CaseWarning]:
        return collect(
            self.pm,
            "adoption_rules_case_warnings",
            kwargs,
            _is_warning,
            "CaseWarning values whose code and message are strings",
        )

    def case_answers(
        self,
        case: Case,
        as_of: dt.date,
        obligations: Sequence[Obligation],
        items: Sequence[Item],
    ) -> CaseAnswers:
        """Everything the engine asks about a whole case, in one call (``EnginePolicy``).

        England's stages and out-of-order warnings come from the baseline's
        procedure (:mod:`adoption_rules.plugins.england`); the plugins' warnings,
        the responsible authority and the transfer from their hooks.
        """
        # The arguments of the three per-case hooks (warnings, responsible
        # authority, transfer) are built once; each implementation picks its own.
        kwargs = {
            "region": self.region.name,
            "case": case,
            "obligations": tuple(obligations),
            "as_of": as_of,
        }
        warnings = list(england_baseline.structural_warnings(items, obligations))
        warnings.extend(self._warnings(kwargs))
        authority = _within_range(self._authority, kwargs, "responsible_authority", warnings)
        stage, approval_stage = england_baseline.stages(items)
        transfer = _within_range(self._transfer, kwargs, "transfer", warnings)
        return CaseAnswers(
            tuple(warnings),
            None if authority is None else authority.authority,
            stage,
            approval_stage,
            transfer,
        )

    def block_answers(
        self, asks: Sequence[tuple[Case, dt.date, Sequence[Obligation], Sequence[Item]]]
    ) -> list[CaseAnswers | Exception]:
        """:meth:`case_answers` for each ``(case, as_of, obligations, items)``, in order.

        A case whose hook raises gets the exception in its place; the others go on.
        (Asking each hook over the whole block in turn measured no faster than
        this, case by case, in more code: ``docs/performance.md``.)
        """
        out: list[CaseAnswers | Exception] = []
        for case, as_of, obligations, items in asks:
            try:
                out.append(self.case_answers(case, as_of, obligations, items))
            except Exception as exc:  # that case's error; the others go on
                out.append(exc)
        return out

    # -- questions beyond deadlines (adoption_rules.questions) --

    def check(self) -> None:
        """Ask every hook that takes no case, raising :class:`PluginError` on a conflict."""
        for kind in self.kinds:
            self.resolve(kind)
        self.calendar  # noqa: B018 - asks (and checks) the closure days hook
        self.information_duties()
        self.support_offer()
        for requester in Requester:
            for route in AdoptionRoute:
                self.assessment_eligibility(requester, route)

    def _kwargs(self, **kwargs: Any) -> dict[str, Any]:
        """A hook call's arguments: ``region`` and ``kwargs``."""
        return {"region": self.region.name, **kwargs}

    def _answer(self, hook: str, kwargs: Mapping[str, Any], cls: type[_Answer]) -> _Answer:
        """The first answer to ``hook``, named by its plugin; ``kwargs`` hold ``region``."""
        answer, plugin = call_first(self.pm, hook, kwargs)
        if answer is None:
            raise PluginError(england_baseline.PLUGIN_NAME, hook, "no plugin answered")
        if not isinstance(answer, cls):
            raise PluginError(plugin, hook, f"did not return a {cls.__name__}")
        if answer.decided_by == plugin:  # type: ignore[attr-defined]
            return answer
        evolved: _Answer = attrs.evolve(answer, decided_by=plugin)  # type: ignore[misc]
        return evolved

    def referral_route(self, case: Case, as_of: dt.date) -> ReferralRoute:
        """Who receives the family's request for support, and what screening may decide."""
        return self._answer(
            "adoption_rules_referral_route", self._kwargs(case=case, as_of=as_of), ReferralRoute
        )

    def statutory_threshold(
        self, case: Case, as_of: dt.date, concerns: frozenset[Concern]
    ) -> ThresholdAnswer:
        """Whether ``concerns`` meet the threshold, and where the referral goes."""
        return self._answer(
            "adoption_rules_statutory_threshold",
            self._kwargs(case=case, as_of=as_of, concerns=concerns),
            ThresholdAnswer,
        )

    @cached_property
    def responsibility_matters(self) -> tuple[str, ...]:
        """Every responsibility any plugin answers for in this region, first-named first."""
        named = collect(
            self.pm,
            "adoption_rules_responsibility_matters",
            {"region": self.region.name},
            lambda matter: type(matter) is str,
            "strings (responsibility matters)",
        )
        return tuple(dict.fromkeys(named))

    def responsibilities(self, case: Case, as_of: dt.date) -> tuple[Responsibility, ...]:
        """Who holds each responsibility for ``case`` on ``as_of`` (matters that do not arise
        for the case are left out)."""
        hook = "adoption_rules_responsibility"
        out = []
        for matter in self.responsibility_matters:
            answer, plugin = call_first(
                self.pm,
                hook,
                self._kwargs(matter=matter, case=case, as_of=as_of),
            )
            if answer is None:
                continue
            if not isinstance(answer, Responsibility) or answer.matter != matter:
                raise PluginError(plugin, hook, f"did not return a Responsibility for {matter!r}")
            out.append(attrs.evolve(answer, decided_by=plugin))
        return tuple(out)

    def priority_child(self, case: Case, child: ChildFacts, as_of: dt.date) -> PriorityAnswer:
        """Whether the case's child is a priority child."""
        return self._answer(
            "adoption_rules_priority_child",
            self._kwargs(case=case, child=child, as_of=as_of),
            PriorityAnswer,
        )

    def assessment_eligibility(
        self, requester: Requester, adoption_route: AdoptionRoute
    ) -> Eligibility:
        """Whether ``requester`` may ask for an assessment of need (E2-E5)."""
        return self._answer(
            "adoption_rules_assessment_eligibility",
            self._kwargs(requester=requester, adoption_route=adoption_route),
            Eligibility,
        )

    def transfer(self, case: Case, as_of: dt.date) -> TransferAnswer:
        """Whether a transfer of support to the council where the family lives is due."""
        return self._transfer({"region": self.region.name, "case": case, "as_of": as_of})

    def _transfer(self, kwargs: Mapping[str, Any]) -> TransferAnswer:
        return self._answer("adoption_rules_transfer", kwargs, TransferAnswer)

    def information_duties(self) -> InformationDuties:
        """Who must be given information about adoption support, and about what."""
        return self._answer("adoption_rules_information_duties", self._kwargs(), InformationDuties)

    def support_offer(self) -> SupportOffer:
        """The core and specialist offers and the graduated levels of support."""
        return self._answer("adoption_rules_support_offer", self._kwargs(), SupportOffer)


class ChangedPolicy(Policy):
    """A region's policy with some rule parameters' histories changed (a policy file).

    Shares the base policy's plugin manager: the same plugins answer every
    hook (kinds, calendar, warnings, responsible authority); only the dated
    parameters of the rules differ.  Built by :meth:`Policy.with_params`.
    """

    def __init__(self, base: Policy, change: ParamChange, source: str) -> None:
        # Deliberately not Policy.__init__: the plugins are the base policy's.
        self.region = base.region
        self.pm = base.pm
        self.base = base
        self.change = change
        self.source = source

    def __repr__(self) -> str:
        return f"ChangedPolicy(region={self.region.name!r}, source={self.source!r})"

    def _rewrite(self, resolved: ResolvedRule) -> ResolvedRule:
        rule: ObligationRule = resolved.rule.map_params(self.change)
        return resolved if rule is resolved.rule else ResolvedRule(rule, resolved.decided_by)

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """As the base policy's."""
        return self.base.kinds

    @cached_property
    def rules(self) -> tuple[ResolvedRule, ...]:
        """The base policy's rules, their parameters changed."""
        return tuple(self._rewrite(r) for r in self.base.rules)

    def rule(self, kind: str) -> ResolvedRule | None:
        """The base policy's rule for ``kind``, its parameters changed."""
        resolved = self.base.rule(kind)
        return None if resolved is None else self._rewrite(resolved)

    def resolve(self, kind: str) -> ResolvedRule | ResolvedNoRule:
        """As the base policy's answer, a rule's parameters changed."""
        answer = self.base.resolve(kind)
        return self._rewrite(answer) if isinstance(answer, ResolvedRule) else answer

    @cached_property
    def calendar(self) -> WorkingCalendar:
        """As the base policy's."""
        return self.base.calendar
