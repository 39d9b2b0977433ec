"""What one app instance shares between requests: settings, resources, metrics, the CPU runner."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from app.api.metrics import Metrics
from app.api.runner import CpuRunner
from app.settings import Settings
from app.sites import SiteRegistry

log = logging.getLogger("unspin.api")


class Loadable(Protocol):
    """The part of :class:`app.resources.Resources` the service needs (tests pass a stand-in)."""

    @property
    def ready(self) -> bool: ...

    def load_all(self) -> dict[str, float]: ...


@dataclass
class Readiness:
    """Background loading of the resources, so the port opens at once and ``/readyz`` tells when to route.

    Ready means ``load_all()`` returned and the warm-up call (a tiny repair that fills the engine's lazy
    caches) finished, so the first routed request is as fast as the rest. Without a loader (an app used
    without its lifespan) readiness falls back to the resources' own ``ready``.
    """

    resources: Loadable
    warmup: Callable[[], object] | None = None
    error: str | None = None
    load_seconds: dict[str, float] = field(default_factory=dict)
    _thread: threading.Thread | None = field(default=None, init=False, repr=False)
    _done: threading.Event = field(default_factory=threading.Event, init=False, repr=False)

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._load, name="unspin-load", daemon=True)
            self._thread.start()

    def _load(self) -> None:
        t0 = time.perf_counter()
        try:
            self.load_seconds = dict(self.resources.load_all())
            if self.warmup is not None:
                w0 = time.perf_counter()
                self.warmup()
                self.load_seconds["warmup"] = round(time.perf_counter() - w0, 3)
        except Exception as e:  # the install is broken: report it on /readyz rather than crash the worker
            self.error = f"{type(e).__name__}: {e}"
            log.exception("resources failed to load")
            return
        self._done.set()
        elapsed = round(time.perf_counter() - t0, 3)
        log.info("resources ready", extra={"load_seconds": self.load_seconds, "elapsed_s": elapsed})

    @property
    def ready(self) -> bool:
        if self._thread is None:
            return self.resources.ready
        return self._done.is_set()


@dataclass
class AppState:
    settings: Settings
    readiness: Readiness
    metrics: Metrics = field(default_factory=Metrics)
    runner: CpuRunner = field(default_factory=lambda: CpuRunner(timeout_s=60.0))
    sites: SiteRegistry = field(default_factory=lambda: SiteRegistry(None))
