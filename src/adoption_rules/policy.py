"""Loading plugins, one plugin manager per region, and the typed facade over the hooks.

:func:`load_registry` finds the regions: the library's own
(:data:`~adoption_rules.regions.BUILTIN_REGION_MODULES`) and, when asked,
those installed through the :data:`~adoption_rules.regions.ENTRY_POINT_GROUP`
entry point group.  ``ADOPTION_RULES_PLUGINS`` (a comma-separated list of
entry point names, or ``none``) restricts which installed plugins load.

:class:`Policy` is one region's evaluation context: a fresh
``pluggy.PluginManager`` holding the England baseline and the region's
plugin, and typed methods for every hook so callers never see ``Any``.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from collections.abc import Iterable, Mapping
from functools import cached_property
from importlib.metadata import entry_points
from typing import Any, Final

import attrs
import pluggy

from adoption_rules import hookspecs
from adoption_rules.authority import AuthorityAnswer
from adoption_rules.calendar import WorkingCalendar, england_calendar
from adoption_rules.errors import AdoptionRulesError
from adoption_rules.model import Case, CaseWarning, Obligation
from adoption_rules.plugins import england as england_baseline
from adoption_rules.regions import BUILTIN_REGION_MODULES, ENTRY_POINT_GROUP, RegionInfo
from adoption_rules.rules import NoRule, ObligationRule

__all__ = [
    "PLUGINS_ENV",
    "PluginError",
    "Policy",
    "Registry",
    "ResolvedRule",
    "UnknownRegionError",
    "default_registry",
    "load_registry",
]

#: Environment variable restricting which installed region plugins load.
PLUGINS_ENV: Final = "ADOPTION_RULES_PLUGINS"


class PluginError(AdoptionRulesError):
    """A plugin failed: at load (bad import, name clash, bad hook) or during a hook call."""

    def __init__(self, plugin: str, hook: str | None, message: str) -> None:
        self.plugin = plugin
        self.hook = hook
        where = f"plugin {plugin!r}" + (f", hook {hook}" if hook else "")
        super().__init__(f"{where}: {message}")


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


def _call(pm: pluggy.PluginManager, hook_name: str, kwargs: Mapping[str, Any]) -> tuple[Any, str]:
    """Call a firstresult hook implementation by implementation, in pluggy's order.

    Returns the first non-``None`` answer and the name of the plugin that gave it.
    Done by hand (rather than ``pm.hook.X(...)``) so the answer names its plugin.
    """
    hook = getattr(pm.hook, hook_name)
    for impl in reversed(hook.get_hookimpls()):
        args = [kwargs[name] for name in impl.argnames]
        try:
            answer = impl.function(*args)
        except Exception as exc:
            raise PluginError(impl.plugin_name, hook_name, f"raised {type(exc).__name__}") from exc
        if answer is not None:
            return answer, impl.plugin_name
    return None, ""


def _collect(pm: pluggy.PluginManager, hook_name: str, kwargs: Mapping[str, Any]) -> list[Any]:
    hook = getattr(pm.hook, hook_name)
    answers: list[Any] = []
    for impl in reversed(hook.get_hookimpls()):
        args = [kwargs[name] for name in impl.argnames]
        try:
            answer = impl.function(*args)
        except Exception as exc:
            raise PluginError(impl.plugin_name, hook_name, f"raised {type(exc).__name__}") from exc
        if answer:
            answers.extend(answer)
    return answers


class Policy:
    """One region's policy: the baseline plus the region's plugin, behind typed methods."""

    def __init__(self, region: RegionInfo) -> None:
        self.region = region
        self.pm = _new_manager()
        _register(self.pm, england_baseline, england_baseline.PLUGIN_NAME)
        # The region's plugin decides under the region's name; region ``england``
        # (the baseline alone) has a plugin that only declares the region.
        name = region.name if region.name != england_baseline.PLUGIN_NAME else "england.region"
        _register(self.pm, region.plugin, name)

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
        answer, plugin = _call(
            self.pm, "adoption_rules_obligation_rule", {"region": self.region.name, "kind": kind}
        )
        if answer is None or isinstance(answer, NoRule):
            return None
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


class Registry:
    """The regions that loaded, each with its :class:`Policy` (built on first use)."""

    def __init__(self, regions: Iterable[RegionInfo]) -> None:
        self._regions: dict[str, RegionInfo] = {}
        for region in regions:
            self._regions[region.name] = region
        self._policies: dict[str, Policy] = {}

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
            policy = self._policies[name] = Policy(self.info(name))
        return policy

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
        for region in answer if isinstance(answer, list) else ():
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
) -> Registry:
    """Load region plugins and return the registry.

    ``builtin``: module names of the library's own regions.  ``installed``:
    also load the entry point group ``adoption_rules.regions``; ``only``
    restricts that to the named entry points (default: the
    ``ADOPTION_RULES_PLUGINS`` environment variable if set, where ``none``
    loads no installed plugin).  ``extra``: ``(name, plugin)`` pairs to
    register as well (tests and notebooks).

    A plugin that fails to import, declares a region another plugin already
    declared, or implements a hook with a wrong signature raises
    :class:`PluginError` naming it.
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
    for name, plugin in sources:
        for region in _declared_regions(plugin, name):
            if region.name in owners:
                raise PluginError(
                    name,
                    "adoption_rules_regions",
                    f"region {region.name!r} is already provided by plugin {owners[region.name]!r}",
                )
            owners[region.name] = name
            regions.append(region)
    return Registry(regions)


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The registry of built-in and installed regions, loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_registry()
    return _DEFAULT
