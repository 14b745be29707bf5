"""Shared fixtures: a registry of the library's own regions, never installed plugins."""

from __future__ import annotations

import pytest

from adoption_rules.plugins.registry import Registry, load_registry


@pytest.fixture(scope="session")
def registry() -> Registry:
    """Built-in regions only: installed entry points never leak into a test run."""
    return load_registry(installed=False)


# The example region package's own tests run inside tests/test_plugins.py, against the
# installed package; collected here they could only skip.
collect_ignore = ["example_region"]
