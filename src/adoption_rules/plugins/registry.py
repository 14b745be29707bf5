"""Finding and loading region plugins: the registry of regions.

:func:`load_registry` finds the regions: the library's own
(:data:`BUILTIN_REGION_MODULES`) and, when asked, those installed through the
:data:`ENTRY_POINT_GROUP` entry point group.  ``ADOPTION_RULES_PLUGINS`` (a
comma-separated list of entry point names, or ``none``) restricts which
installed plugins load.  Each region gets its own
:class:`~adoption_rules.plugins.policy.Policy`, built on first use.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterable, Mapping
from importlib.metadata import entry_points
from typing import Final

from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.plugins.declare import RegionInfo
from adoption_rules.plugins.dispatch import PluginError, new_manager, register
from adoption_rules.plugins.policy import ParamChange, Policy

__all__ = [
    "BUILTIN_REGION_MODULES",
    "ENTRY_POINT_GROUP",
    "PLUGINS_ENV",
    "ChangedRegistry",
    "PluginError",
    "Registry",
    "UnknownRegionError",
    "default_registry",
    "load_registry",
]

#: Environment variable restricting which installed region plugins load.
PLUGINS_ENV: Final = "ADOPTION_RULES_PLUGINS"

#: The entry point group a third-party region package registers its plugin in.
ENTRY_POINT_GROUP: Final = "adoption_rules.regions"

#: Regions that ship with the library, as importable plugin modules (imported by
#: name when a registry loads: the plugin layer never imports the regions layer).
BUILTIN_REGION_MODULES: Final[tuple[str, ...]] = (
    "adoption_rules.regions.england",
    "adoption_rules.regions.together4children",
    "adoption_rules.regions.adoption_at_heart",
    "adoption_rules.regions.adoption_west",
    "adoption_rules.regions.leicestershire",
)


class UnknownRegionError(AdoptionRulesError, LookupError):
    """A region no loaded plugin provides."""


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
            # The name given is not echoed: it may be anything (an error says what
            # was expected, never what was there).
            raise UnknownRegionError(
                f"not a region any loaded plugin provides; known regions: {', '.join(self.names)}"
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

    def with_params(self, change: ParamChange, source: str, title: str = "") -> Registry:
        """A registry whose policies are these with ``change`` applied to every rule parameter.

        ``source`` names where the change comes from (a file), ``title`` what it is.
        """
        return ChangedRegistry(self, change, source, title)


class ChangedRegistry(Registry):
    """A registry whose policies apply a parameter change to the base registry's policies."""

    def __init__(self, base: Registry, change: ParamChange, source: str, title: str = "") -> None:
        super().__init__(base.info(name) for name in base.names)
        # Share the base registry's configuration (its regions, add-ons, providers...),
        # whatever it holds; policies are built from the base's own, below.
        vars(self).update(vars(base))
        self._policies = {}  # never the base's cache
        self.base = base
        self.change = change
        self.source = source
        self.title = title
        self._changed: dict[str, Policy] = {}

    def policy(self, name: str) -> Policy:
        """The base registry's policy for ``name`` with the change applied, cached."""
        policy = self._changed.get(name)
        if policy is None:
            policy = self._changed[name] = self.base.policy(name).with_params(
                self.change, self.source
            )
        return policy


def _declared_regions(plugin: object, name: str) -> list[RegionInfo]:
    pm = new_manager()
    register(pm, plugin, name)
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
    declared, claims a council another region already has, or implements a
    hook with a wrong signature raises
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
    council_owners: dict[str, tuple[str, str]] = {}
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
            for council in region.councils:
                if council in council_owners:
                    other_region, other_plugin = council_owners[council]
                    raise PluginError(
                        name,
                        "adoption_rules_regions",
                        f"region {region.name!r} claims council {council!r}, already in region "
                        f"{other_region!r} of plugin {other_plugin!r}",
                    )
                council_owners[council] = (region.name, name)
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
