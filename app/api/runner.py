"""Running the CPU-bound engine off the event loop in a bounded thread pool, with admission and a deadline.

A pool sized to the cores keeps a burst of requests from spawning dozens of threads fighting for the GIL,
while the event loop stays free to answer ``/healthz`` and reject over-limit requests. Requests wait for a
free worker in the event loop, not in the pool, so that a waiting request can still be withdrawn:

* when more than ``max_queue`` requests already wait, it gets 503 ``overloaded`` at once, with a Retry-After
  reckoned from the queue and the recent repair time (not after a full timeout of waiting);
* when its client has gone away by the time a worker is free, it is dropped unrun (a crawler that gave up
  and retried would otherwise have every document computed twice, and the queue would feed on itself);
* when most of its timeout went to waiting, it gets 503 ``overloaded`` (retry later), not 504: the server
  was busy, the document was not too slow. 504 ``timeout`` is for a repair that itself ran past the deadline.

Python threads cannot be killed, so the engine stops itself at the request's deadline
(``RepairOptions.deadline``), and a worker counts as free only when its repair has really ended.
"""

from __future__ import annotations

import asyncio
import math
import os
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from app.api.errors import ApiError
from app.engine.types import RepairTimeout

T = TypeVar("T")
ENGINE_MARGIN_S = 1.5
DEFAULT_MAX_QUEUE = 64
# a request that has waited this share of its timeout for a worker is answered 503 rather than started: what
# is left would end in a 504 for all but the shortest documents
WAITED_SHARE = 0.5


def default_threads(workers: int = 1) -> int:
    """Cores shared out between the uvicorn worker processes: the GIL lets one thread per process compute
    at a time, so more threads than that only interleave requests and stretch every latency."""
    return max(1, (os.cpu_count() or 1) // max(1, workers))


class ClientGone(ApiError):
    """The client closed the connection while its request waited: nothing is computed, nothing is sent."""

    def __init__(self) -> None:
        super().__init__(499, "client_closed_request", "the client went away before the request was run")


@dataclass
class CpuRunner:
    timeout_s: float
    threads: int = field(default_factory=default_threads)
    max_queue: int = DEFAULT_MAX_QUEUE
    _pool: ThreadPoolExecutor | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _slots: asyncio.Semaphore | None = field(default=None, init=False, repr=False)
    _slots_loop: asyncio.AbstractEventLoop | None = field(default=None, init=False, repr=False)
    _waiting: int = field(default=0, init=False, repr=False)
    _mean_s: float = field(default=1.0, init=False, repr=False)  # recent seconds per repair (moving average)

    @property
    def pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="unspin-cpu")
            return self._pool

    @property
    def waiting(self) -> int:
        """Requests waiting for a worker now."""
        return self._waiting

    def deadline(self) -> float:
        """The ``RepairOptions.deadline`` of a request arriving now. The engine checks it between stages,
        sections and sentences, which can overrun it by a section's bulk step (about a second for 10,000
        words), so it comes ``ENGINE_MARGIN_S`` (at most a quarter of the timeout) before the request's
        timeout: the repair stops by itself, its worker is free for the next request, and a batch answers
        what it finished instead of a 504."""
        return time.monotonic() + self.timeout_s - min(ENGINE_MARGIN_S, self.timeout_s / 4)

    def retry_after(self) -> int:
        """Seconds until the queue ahead of a new request has likely drained: a crawler that honours it does
        not come back into the same queue."""
        ahead = (self._waiting + self.threads) * self._mean_s / self.threads
        return max(1, min(math.ceil(ahead), math.ceil(self.timeout_s)))

    def _overloaded(self) -> ApiError:
        seconds = str(self.retry_after())
        return ApiError(503, "overloaded", "server busy; retry later", headers={"Retry-After": seconds})

    def _timeout(self) -> ApiError:
        return ApiError(504, "timeout", f"request took longer than {self.timeout_s:g} s")

    def _semaphore(self, loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
        # a new event loop (an app restarted in tests) gets slots of its own
        if self._slots is None or self._slots_loop is not loop:
            self._slots, self._slots_loop = asyncio.Semaphore(self.threads), loop
        return self._slots

    async def run(
        self, fn: Callable[[], T], is_disconnected: Callable[[], Awaitable[bool]] | None = None
    ) -> T:
        arrived = time.monotonic()
        loop = asyncio.get_running_loop()
        slots = self._semaphore(loop)
        if self._waiting >= self.max_queue:
            raise self._overloaded()
        self._waiting += 1
        try:
            await asyncio.wait_for(slots.acquire(), self.timeout_s * WAITED_SHARE)
        except TimeoutError:
            raise self._overloaded() from None
        finally:
            self._waiting -= 1
        waited = time.monotonic() - arrived
        try:
            if is_disconnected is not None and await is_disconnected():
                raise ClientGone()
            future = self.pool.submit(self._timed, fn)
        except BaseException:
            slots.release()
            raise
        # the worker is free when the repair ends, whether or not anyone still awaits it
        future.add_done_callback(lambda _: loop.call_soon_threadsafe(slots.release))
        try:
            remaining = self.timeout_s - (time.monotonic() - arrived)
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), max(0.001, remaining))
        except TimeoutError:
            raise self._timeout() from None
        except RepairTimeout:
            # a request that queued for a quarter of its timeout or more before running out of it was slowed
            # by the server's load as much as by its document: busy, retry later
            if waited > self.timeout_s * WAITED_SHARE / 2:
                raise self._overloaded() from None
            raise self._timeout() from None

    def _timed(self, fn: Callable[[], T]) -> T:
        t0 = time.monotonic()
        try:
            return fn()
        finally:
            self._mean_s = 0.8 * self._mean_s + 0.2 * (time.monotonic() - t0)

    def shutdown(self) -> None:
        """Stop the workers (lifespan end); a later ``run`` starts a fresh pool (e.g. an app restarted in tests)."""
        with self._lock:
            pool, self._pool = self._pool, None
        self._slots = None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
