"""Running the CPU-bound engine off the event loop in a bounded thread pool, with a deadline.

A pool sized to the cores keeps a burst of requests from spawning dozens of threads fighting for the GIL,
while the event loop stays free to answer ``/healthz`` and reject over-limit requests. A request that waited
its whole timeout in the queue is withdrawn and gets 503 (retry later); one whose repair itself ran past the
timeout gets 504. Python threads cannot be killed, so an abandoned repair keeps its worker until it ends:
the pool therefore never holds more running repairs than it has workers, however many requests time out.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from app.api.errors import ApiError
from app.engine.types import RepairTimeout

T = TypeVar("T")
ENGINE_MARGIN_S = 1.5


def default_threads(workers: int = 1) -> int:
    """Cores shared out between the uvicorn worker processes: the GIL lets one thread per process compute
    at a time, so more threads than that only interleave requests and stretch every latency."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


@dataclass
class CpuRunner:
    timeout_s: float
    threads: int = field(default_factory=default_threads)
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    @property
    def pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="unspin-cpu")
            return self._pool

    def deadline(self) -> float:
        """The ``RepairOptions.deadline`` of a request arriving now. The engine checks it between stages,
        sections and sentences, which can overrun it by a section's bulk step (about a second for 10,000
        words), so it comes ``ENGINE_MARGIN_S`` (at most a quarter of the timeout) before the request's
        timeout: the repair stops by itself, its worker is free for the next request, and a batch answers
        what it finished instead of a 504."""
        return time.monotonic() + self.timeout_s - min(ENGINE_MARGIN_S, self.timeout_s / 4)

    async def run(self, fn: Callable[[], T]) -> T:
        started = threading.Event()

        def work() -> T:
            started.set()
            try:
                return fn()
            except RepairTimeout:
                raise ApiError(504, "timeout", f"request took longer than {self.timeout_s:g} s") from None

        future = self.pool.submit(work)
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), self.timeout_s)
        except TimeoutError:
            if future.cancel() or not started.is_set():
                raise ApiError(
                    503, "overloaded", "server busy; retry later", headers={"Retry-After": "1"}
                ) from None
            raise ApiError(504, "timeout", f"request took longer than {self.timeout_s:g} s") from None
        except asyncio.CancelledError:
            future.cancel()  # client went away or server stopping: drop it if it has not started
            raise

    def shutdown(self) -> None:
        """Stop the workers (lifespan end); a later ``run`` starts a fresh pool (e.g. an app restarted in tests)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
