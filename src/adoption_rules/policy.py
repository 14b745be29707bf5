"""Loading plugins, one plugin manager per region, and the typed facade over the hooks.

:func:`load_registry` finds the regions: the library's own
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
import importlib
import operator
import os
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from importlib.metadata import entry_points
from typing import Any, Final, TypeVar

import attrs
import pluggy

from adoption_rules import hookspecs
from adoption_rules.authority import AuthorityAnswer
from adoption_rules.calendar import WorkingCalendar, england_calendar
from adoption_rules.errors import AdoptionRulesError
from adoption_rules.model import AdoptionRoute, Case, CaseWarning, Obligation
from adoption_rules.plugins import england as england_baseline
from adoption_rules.questions import (
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
from adoption_rules.regions import BUILTIN_REGION_MODULES, ENTRY_POINT_GROUP, RegionInfo
from adoption_rules.rules import Anchored, DatedValue, NoRule, ObligationRule, Rolling, Trigger

__all__ = [
    "PLUGINS_ENV",
    "PluginError",
    "Policy",
    "Registry",
    "ResolvedNoRule",
    "ResolvedRule",
    "UnknownRegionError",
    "default_registry",
    "load_registry",
]

#: Environment variable restricting which installed region plugins load.
PLUGINS_ENV: Final = "ADOPTION_RULES_PLUGINS"

_Answer = TypeVar("_Answer")


class PluginError(AdoptionRulesError):
    """A plugin failed: at load (bad import, name clash, bad hook) or during a hook call."""

    def __init__(self, plugin: str, hook: str | None, message: str) -> None:
        self.plugin = plugin
        self.hook = hook
        where = f"plugin {plugin!r}" + (f", hook {hook}" if hook else "")
        # One line: the command line prints each error on a line of its own.
        flat = "; ".join(part.strip() for part in message.splitlines() if part.strip())
        super().__init__(f"{where}: {flat}")


class UnknownRegionError(AdoptionRulesError, LookupError):
    """A region no loaded plugin provides."""


@attrs.frozen
class ResolvedRule:
    """An obligation rule and the plugin whose hook implementation set it."""

    rule: ObligationRule
    decided_by: str
    #: Event types (and case facts) that can open an occurrence: a case with none
    #: of them cannot have an obligation under this rule, so the engine skips it.
    trigger_tags: frozenset[str] = attrs.field(init=False)
    #: Every event type (and case fact) the rule reads; the engine looks at no other.
    relevant_tags: frozenset[str] = attrs.field(init=False)

    #: Event types that do the obligation, and that end it (``only_while``'s end included).
    done_tags: frozenset[str] = attrs.field(init=False)
    ender_tags: frozenset[str] = attrs.field(init=False)

    #: The rule's triggers by event type, and the done and ender event types that
    #: match whatever the event's fields (no ``where``): the engine's dispatch tables.
    triggers_by_tag: Mapping[str, tuple[Trigger, ...]] = attrs.field(init=False)
    plain_done: frozenset[str] = attrs.field(init=False)
    plain_enders: frozenset[str] = attrs.field(init=False)

    #: The text of each period value the rule can use (``str`` of the period), by
    #: the ``id`` of its :class:`~adoption_rules.rules.DatedValue`: the rule
    #: holds every such value, so the ids stay theirs while this object lives.
    period_texts: Mapping[int, str | None] = attrs.field(init=False, repr=False, eq=False)

    #: What the engine reads of the rule for every case, gathered in one tuple:
    #: (rule, routes, relevant_tags, done_tags, ender_tags, triggers_by_tag,
    #: plain_done, plain_enders, extension, recurrence, only_while, window,
    #: by_trigger, anchored, rolling, period_texts, decided_by).
    plan: tuple[Any, ...] = attrs.field(init=False, repr=False, eq=False)

    @period_texts.default
    def _period_texts(self) -> Mapping[int, str | None]:
        texts: dict[int, str | None] = {}
        for param in self.rule.params():
            for entry in param.history:
                if isinstance(entry, DatedValue):
                    texts[id(entry)] = None if entry.value is None else str(entry.value)
        return texts

    @plan.default
    def _plan(self) -> tuple[Any, ...]:
        rule = self.rule
        return (
            rule,
            rule.routes,
            self.relevant_tags,
            self.done_tags,
            self.ender_tags,
            self.triggers_by_tag,
            self.plain_done,
            self.plain_enders,
            rule.extension,
            rule.recurrence,
            rule.only_while,
            rule.window,
            rule.value_date == "trigger",
            isinstance(rule.recurrence, Anchored),
            isinstance(rule.recurrence, Rolling),
            self.period_texts,
            self.decided_by,
        )

    @triggers_by_tag.default
    def _triggers_by_tag(self) -> Mapping[str, tuple[Trigger, ...]]:
        table: dict[str, list[Trigger]] = {}
        for trigger in self.rule.triggers:
            table.setdefault(trigger.event, []).append(trigger)
        return {tag: tuple(triggers) for tag, triggers in table.items()}

    @plain_done.default
    def _plain_done(self) -> frozenset[str]:
        return frozenset(d.event for d in self.rule.done_by if not d.where)

    @plain_enders.default
    def _plain_enders(self) -> frozenset[str]:
        tags = {e.event for e in self.rule.ends_on if not e.where}
        if self.rule.only_while is not None:
            tags.add(self.rule.only_while.ended_by)
        return frozenset(tags)

    @done_tags.default
    def _done_tags(self) -> frozenset[str]:
        return frozenset(d.event for d in self.rule.done_by)

    @ender_tags.default
    def _ender_tags(self) -> frozenset[str]:
        tags = {e.event for e in self.rule.ends_on}
        if self.rule.only_while is not None:
            tags.add(self.rule.only_while.ended_by)
        return frozenset(tags)

    @trigger_tags.default
    def _trigger_tags(self) -> frozenset[str]:
        return frozenset(t.event for t in self.rule.triggers)

    @relevant_tags.default
    def _relevant_tags(self) -> frozenset[str]:
        rule = self.rule
        tags = set(self.trigger_tags)
        tags.update(d.event for d in rule.done_by)
        tags.update(e.event for e in rule.ends_on)
        if rule.extension is not None:
            tags.add(rule.extension.event)
        if rule.only_while is not None:
            tags.update((rule.only_while.started_by, rule.only_while.ended_by))
        return frozenset(tags)


@attrs.frozen
class ResolvedNoRule:
    """An explicit "no such obligation in this region", and the plugin that said so."""

    no_rule: NoRule
    decided_by: str


def _new_manager() -> pluggy.PluginManager:
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    return pm


def _register(pm: pluggy.PluginManager, plugin: object, name: str) -> None:
    try:
        pm.register(plugin, name=name)
        pm.check_pending()
    except (ValueError, pluggy.PluginValidationError) as exc:
        raise PluginError(name, None, f"refused at load: {exc}") from None


def _priority(impl: pluggy.HookImpl) -> int:
    return 0 if impl.tryfirst else 2 if impl.trylast else 1


def _asked(kwargs: Mapping[str, Any]) -> str:
    """The question's arguments that carry no case data (for a conflict's message)."""
    shown = [f"{k}={str(v)!r}" for k, v in kwargs.items() if isinstance(v, str)]
    return ", ".join(shown)


_Impl = tuple[Callable[..., Any], Callable[[Mapping[str, Any]], tuple[Any, ...]], str, int]


def _arguments(argnames: tuple[str, ...]) -> Callable[[Mapping[str, Any]], tuple[Any, ...]]:
    """A function picking an implementation's arguments, in order, out of the call's."""
    if len(argnames) > 1:
        return operator.itemgetter(*argnames)
    if argnames:
        (only,) = argnames
        return lambda kwargs: (kwargs[only],)
    return lambda kwargs: ()


_IMPLS_ATTRIBUTE: Final = "_adoption_rules_impls"


def _impls(pm: pluggy.PluginManager, hook_name: str) -> list[_Impl]:
    """A hook's implementations in pluggy's calling order, wrappers left out (cached).

    Plugins are registered when a :class:`Policy` is built and never after, so
    the list is worked out once per manager and hook, and kept on the manager:
    this is the per-case path.
    """
    per_pm: dict[str, list[_Impl]] | None = getattr(pm, _IMPLS_ATTRIBUTE, None)
    if per_pm is None:
        per_pm = {}
        setattr(pm, _IMPLS_ATTRIBUTE, per_pm)
    impls = per_pm.get(hook_name)
    if impls is None:
        hook = getattr(pm.hook, hook_name)
        impls = per_pm[hook_name] = [
            (impl.function, _arguments(tuple(impl.argnames)), impl.plugin_name, _priority(impl))
            for impl in reversed(hook.get_hookimpls())
            if not (impl.hookwrapper or impl.wrapper)
        ]
    return impls


def _call(pm: pluggy.PluginManager, hook_name: str, kwargs: Mapping[str, Any]) -> tuple[Any, str]:
    """Call a firstresult hook implementation by implementation, in pluggy's order.

    Returns the first non-``None`` answer and the name of the plugin that gave it.
    Done by hand (rather than ``pm.hook.X(...)``) so the answer names its plugin,
    and so that the other implementations of the same priority (``tryfirst``,
    plain, ``trylast``) are asked too: one that answers differently is a
    conflict, raised as :class:`PluginError` naming both plugins.
    """
    chosen: Any = None
    chosen_by = ""
    chosen_priority = -1
    for function, arguments, plugin_name, priority in _impls(pm, hook_name):
        if chosen is not None and priority != chosen_priority:
            break
        try:
            answer = function(*arguments(kwargs))
        except Exception as exc:
            raise PluginError(plugin_name, hook_name, f"raised {type(exc).__name__}") from exc
        if answer is None:
            continue
        if chosen is None:
            chosen, chosen_by, chosen_priority = answer, plugin_name, priority
        elif answer != chosen:
            raise PluginError(
                chosen_by,
                hook_name,
                f"conflicts with plugin {plugin_name!r}: different answers "
                f"({_asked(kwargs)}); mark the one meant to win tryfirst=True",
            )
    return chosen, chosen_by


def _collect(pm: pluggy.PluginManager, hook_name: str, kwargs: Mapping[str, Any]) -> list[Any]:
    answers: list[Any] = []
    for function, arguments, plugin_name, _ in _impls(pm, hook_name):
        try:
            answer = function(*arguments(kwargs))
        except Exception as exc:
            raise PluginError(plugin_name, hook_name, f"raised {type(exc).__name__}") from exc
        if answer:
            answers.extend(answer)
    return answers


class Policy:
    """One region's policy: the baseline, the region's plugin and add-ons, behind typed methods.

    ``addons`` are ``(name, plugin)`` pairs registered after the region's
    plugin (see the module docstring).  :meth:`check` asks every hook that
    takes no case, so a conflict or a failing plugin shows when the policy
    is built.
    """

    def __init__(self, region: RegionInfo, addons: Iterable[tuple[str, object]] = ()) -> None:
        self.region = region
        self.pm = _new_manager()
        _register(self.pm, england_baseline, england_baseline.PLUGIN_NAME)
        # The region's plugin decides under the region's name; region ``england``
        # (the baseline alone) has a plugin that only declares the region.
        name = region.name if region.name != england_baseline.PLUGIN_NAME else "england.region"
        _register(self.pm, region.plugin, name)
        for addon_name, addon in addons:
            _register(self.pm, addon, addon_name)

    def __repr__(self) -> str:
        return f"Policy(region={self.region.name!r})"

    @cached_property
    def kinds(self) -> tuple[str, ...]:
        """Every obligation kind any plugin names for this region, first-named first."""
        named = _collect(self.pm, "adoption_rules_obligation_kinds", {"region": self.region.name})
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
        answer, plugin = _call(
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
        answer, _ = _call(self.pm, "adoption_rules_closure_days", {"region": self.region.name})
        return england_calendar(answer or ())

    def responsible_authority(self, case: Case, as_of: dt.date) -> AuthorityAnswer | None:
        """The council responsible for the case's support on ``as_of``."""
        answer, _ = _call(
            self.pm,
            "adoption_rules_responsible_authority",
            {"region": self.region.name, "case": case, "as_of": as_of},
        )
        return answer if isinstance(answer, AuthorityAnswer) else None

    def warnings(
        self, case: Case, obligations: list[Obligation], as_of: dt.date
    ) -> list[CaseWarning]:
        """Every plugin's warnings about the case."""
        answers = _collect(
            self.pm,
            "adoption_rules_case_warnings",
            {"region": self.region.name, "case": case, "obligations": obligations, "as_of": as_of},
        )
        return [w for w in answers if isinstance(w, CaseWarning)]

    # -- questions beyond deadlines (adoption_rules.questions) --

    def check(self) -> None:
        """Ask every hook that takes no case, raising :class:`PluginError` on a conflict."""
        for kind in self.kinds:
            self.resolve(kind)
        _call(self.pm, "adoption_rules_closure_days", {"region": self.region.name})
        self.information_duties()
        self.support_offer()
        for requester in Requester:
            for route in AdoptionRoute:
                self.assessment_eligibility(requester, route)

    def _answer(self, hook: str, kwargs: Mapping[str, Any], cls: type[_Answer]) -> _Answer:
        answer, plugin = _call(self.pm, hook, {"region": self.region.name, **kwargs})
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
            "adoption_rules_referral_route", {"case": case, "as_of": as_of}, ReferralRoute
        )

    def statutory_threshold(
        self, case: Case, as_of: dt.date, concerns: frozenset[Concern]
    ) -> ThresholdAnswer:
        """Whether ``concerns`` meet the threshold, and where the referral goes."""
        return self._answer(
            "adoption_rules_statutory_threshold",
            {"case": case, "as_of": as_of, "concerns": concerns},
            ThresholdAnswer,
        )

    @cached_property
    def responsibility_matters(self) -> tuple[str, ...]:
        """Every responsibility any plugin answers for in this region, first-named first."""
        named = _collect(
            self.pm, "adoption_rules_responsibility_matters", {"region": self.region.name}
        )
        return tuple(dict.fromkeys(named))

    def responsibilities(self, case: Case, as_of: dt.date) -> tuple[Responsibility, ...]:
        """Who holds each responsibility for ``case`` on ``as_of`` (matters that do not arise
        for the case are left out)."""
        hook = "adoption_rules_responsibility"
        out = []
        for matter in self.responsibility_matters:
            answer, plugin = _call(
                self.pm,
                hook,
                {"region": self.region.name, "matter": matter, "case": case, "as_of": as_of},
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
            {"case": case, "child": child, "as_of": as_of},
            PriorityAnswer,
        )

    def assessment_eligibility(
        self, requester: Requester, adoption_route: AdoptionRoute
    ) -> Eligibility:
        """Whether ``requester`` may ask for an assessment of need (E2-E5)."""
        return self._answer(
            "adoption_rules_assessment_eligibility",
            {"requester": requester, "adoption_route": adoption_route},
            Eligibility,
        )

    def transfer(self, case: Case, as_of: dt.date) -> TransferAnswer:
        """Whether a transfer of support to the council where the family lives is due."""
        return self._answer(
            "adoption_rules_transfer", {"case": case, "as_of": as_of}, TransferAnswer
        )

    def information_duties(self) -> InformationDuties:
        """Who must be given information about adoption support, and about what."""
        return self._answer("adoption_rules_information_duties", {}, InformationDuties)

    def support_offer(self) -> SupportOffer:
        """The core and specialist offers and the graduated levels of support."""
        return self._answer("adoption_rules_support_offer", {}, SupportOffer)


class Registry:
    """The regions that loaded, each with its :class:`Policy` (built on first use).

    ``addons`` are registered in every region's policy; ``providers`` names
    the plugin (module or entry point) that declared each region.
    """

    def __init__(
        self,
        regions: Iterable[RegionInfo],
        addons: Iterable[tuple[str, object]] = (),
        providers: Mapping[str, str] | None = None,
    ) -> None:
        self._regions: dict[str, RegionInfo] = {}
        for region in regions:
            self._regions[region.name] = region
        self._policies: dict[str, Policy] = {}
        self.addons: tuple[tuple[str, object], ...] = tuple(addons)
        self._providers = dict(providers or {})

    @property
    def names(self) -> tuple[str, ...]:
        """Region names, sorted."""
        return tuple(sorted(self._regions))

    def info(self, name: str) -> RegionInfo:
        """The region called ``name``."""
        try:
            return self._regions[name]
        except KeyError:
            raise UnknownRegionError(
                f"unknown region {name!r}; known regions: {', '.join(self.names)}"
            ) from None

    def policy(self, name: str) -> Policy:
        """The region's policy (plugin manager and facade), cached."""
        policy = self._policies.get(name)
        if policy is None:
            policy = self._policies[name] = Policy(self.info(name), self.addons)
        return policy

    def provider(self, name: str) -> str:
        """The plugin that declared region ``name`` (its module or entry point name)."""
        info = self.info(name)
        return self._providers.get(name) or getattr(info.plugin, "__name__", "") or name

    def check(self) -> None:
        """Build every region's policy and ask the hooks that take no case (Policy.check)."""
        for name in self.names:
            self.policy(name).check()

    def __contains__(self, name: object) -> bool:
        return name in self._regions


def _declared_regions(plugin: object, name: str) -> list[RegionInfo]:
    pm = _new_manager()
    _register(pm, plugin, name)
    hook = pm.hook.adoption_rules_regions
    regions: list[RegionInfo] = []
    for impl in hook.get_hookimpls():
        try:
            answer: object = impl.function()
        except Exception as exc:
            raise PluginError(
                name, "adoption_rules_regions", f"raised {type(exc).__name__}"
            ) from exc
        if answer is None:
            continue
        if not isinstance(answer, list):
            raise PluginError(
                name,
                "adoption_rules_regions",
                f"returned {type(answer).__name__}, not a list of RegionInfo",
            )
        for region in answer:
            if not isinstance(region, RegionInfo):
                raise PluginError(name, "adoption_rules_regions", "returned a non-RegionInfo")
            regions.append(region)
    return regions


def load_registry(
    *,
    builtin: Iterable[str] = BUILTIN_REGION_MODULES,
    installed: bool = True,
    only: Iterable[str] | None = None,
    extra: Iterable[tuple[str, object]] = (),
    check: bool = True,
) -> Registry:
    """Load region plugins and return the registry.

    ``builtin``: module names of the library's own regions.  ``installed``:
    also load the entry point group ``adoption_rules.regions``; ``only``
    restricts that to the named entry points (default: the
    ``ADOPTION_RULES_PLUGINS`` environment variable if set, where ``none``
    loads no installed plugin).  ``extra``: ``(name, plugin)`` pairs to
    register as well (tests and notebooks).  A plugin that declares no region
    is an add-on, registered in every region's policy.

    A plugin that fails to import, declares a region another plugin already
    declared, or implements a hook with a wrong signature raises
    :class:`PluginError` naming it.  With ``check`` (the default) every
    region's policy is built and its hooks that take no case asked
    (:meth:`Registry.check`), so two plugins answering one such question
    differently, or a plugin failing on one, is refused here too.
    """
    sources: list[tuple[str, object]] = []
    for module_name in builtin:
        sources.append((module_name.rsplit(".", 1)[-1], importlib.import_module(module_name)))
    if installed:
        allowed: set[str] | None = None
        if only is not None:
            allowed = set(only)
        elif PLUGINS_ENV in os.environ:
            value = os.environ[PLUGINS_ENV].strip()
            allowed = (
                set()
                if value.lower() == "none"
                else {v.strip() for v in value.split(",") if v.strip()}
            )
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if allowed is not None and ep.name not in allowed:
                continue
            try:
                plugin = ep.load()
            except Exception as exc:
                raise PluginError(
                    ep.name, None, f"failed to import {ep.value!r} ({type(exc).__name__})"
                ) from None
            sources.append((ep.name, plugin))
    sources.extend(extra)
    owners: dict[str, str] = {}
    regions: list[RegionInfo] = []
    addons: list[tuple[str, object]] = []
    for name, plugin in sources:
        declared = _declared_regions(plugin, name)
        if not declared:
            addons.append((name, plugin))
        for region in declared:
            if region.name in owners:
                raise PluginError(
                    name,
                    "adoption_rules_regions",
                    f"region {region.name!r} is already provided by plugin {owners[region.name]!r}",
                )
            owners[region.name] = name
            regions.append(region)
    registry = Registry(regions, addons, owners)
    if check:
        registry.check()
    return registry


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The registry of built-in and installed regions, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_registry()
    return _DEFAULT
