"""What one service process holds: its limits and the policy registry, loaded once.

The registry loads in a worker thread when the process starts (``/healthz``
answers meanwhile; ``/readyz`` says 503 until it is loaded) and is kept until
the process stops: a change of plugins or of ``ADOPTION_RULES_PLUGINS`` takes a
restart.  A request that needs the registry before it is loaded waits for it.
"""

from __future__ import annotations

from collections.abc import Callable

import anyio
import anyio.to_thread

from adoption_rules.core.errors import AdoptionRulesError
from adoption_rules.plugins.registry import Registry
from adoption_rules.service.limits import Limits, RequestError

__all__ = ["ServiceState"]


class ServiceState:
    """The registry (once loaded) and the limits of one service process."""

    def __init__(
        self, load: Callable[[], Registry], limits: Limits, registry: Registry | None = None
    ) -> None:
        self.limits = limits
        self._load = load
        #: Given (tests, an embedding program) or loaded by :meth:`load`.
        self._registry: Registry | None = registry
        self.failure: str | None = None
        self._loaded: anyio.Event | None = None

    @property
    def ready(self) -> bool:
        return self._registry is not None

    def loaded_names(self) -> tuple[str, ...]:
        return () if self._registry is None else self._registry.names

    def begin(self) -> None:
        """Get ready to load (in the event loop, before :meth:`load` and any request)."""
        self._loaded = anyio.Event()

    async def load(self) -> None:
        """Load the registry (in a worker thread); a failure is kept for ``/readyz``."""
        assert self._loaded is not None, "begin() first"
        if self._registry is not None:  # given when the application was made
            self._loaded.set()
            return
        try:
            self._registry = await anyio.to_thread.run_sync(self._load)
        except AdoptionRulesError as exc:
            self.failure = str(exc)
        finally:
            self._loaded.set()

    async def registry(self) -> Registry:
        """The registry, waiting for it to load; 503 when it failed to."""
        if self._registry is None and self._loaded is not None:
            await self._loaded.wait()
        if self._registry is None:
            raise RequestError(
                503, "plugin_failed", f"the policy plugins failed to load: {self.failure}"
            )
        return self._registry
