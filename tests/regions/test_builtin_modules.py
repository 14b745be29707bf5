"""Every module in ``adoption_rules/regions/`` is a registered built-in region, and back.

A region module left out of :data:`BUILTIN_REGION_MODULES` would never load (its
rules silently unused); a name registered with no module would fail every load.
"""

from __future__ import annotations

import importlib
import pkgutil

import adoption_rules.regions
from adoption_rules.plugins.declare import Region
from adoption_rules.plugins.registry import BUILTIN_REGION_MODULES, load_registry

#: The modules in the ``regions`` package, found on disk.
ON_DISK = {
    f"adoption_rules.regions.{info.name}"
    for info in pkgutil.iter_modules(adoption_rules.regions.__path__)
}


def test_the_regions_folder_is_found() -> None:
    assert "adoption_rules.regions.together4children" in ON_DISK
    assert len(ON_DISK) >= 5


def test_every_module_in_regions_is_registered() -> None:
    assert ON_DISK - set(BUILTIN_REGION_MODULES) == set(), "add it to BUILTIN_REGION_MODULES"


def test_every_registered_builtin_has_a_module_in_regions() -> None:
    assert set(BUILTIN_REGION_MODULES) - ON_DISK == set(), "no such module in regions/"
    assert len(BUILTIN_REGION_MODULES) == len(set(BUILTIN_REGION_MODULES))


def test_every_registered_module_declares_the_region_named_after_it() -> None:
    registry = load_registry(installed=False)
    for name in BUILTIN_REGION_MODULES:
        module = importlib.import_module(name)
        region_name = name.rsplit(".", 1)[-1]
        assert registry.info(region_name).plugin is module
        region = getattr(module, "REGION", None)
        if region is not None:
            assert isinstance(region, Region)
            assert (region.name, region.module) == (region_name, name)
