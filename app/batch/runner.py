"""Run per-file tasks on a local process pool; each worker loads the engine's resources once.

Files are submitted largest first so a big WARC does not start last and leave the other workers idle. Workers
send document counts through a queue after every checkpoint for the progress bar. If a worker dies (say, the
kernel's OOM killer), the files still in flight are reported as failed; their checkpoints make a rerun cheap.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import wait as wait_for_ready
from typing import Any

from app.batch.plan import Task
from app.batch.worker import BatchConfig, FileResult, process_file, set_progress_hook, warm_up
from app.engine.types import RepairOptions

OnResult = Callable[[Task, FileResult], None]
OnDocs = Callable[[int, int, str, int], None]  # (documents, words, out_rel, stored bytes read so far)


def _die_with_parent() -> None:
    """A worker must not outlive a killed manager: it would idle forever (or keep writing) after SIGKILL."""
    parent = mp.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait_for_ready([parent.sentinel])  # readable once the manager is gone, however it died
        os._exit(70)

    threading.Thread(target=watch, name="unspin-parent-watch", daemon=True).start()


def _init(options: RepairOptions, q: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the manager's to handle
    _die_with_parent()
    set_progress_hook(lambda *report: q.put(report))
    warm_up(options)


def _drain(q: Any, on_docs: OnDocs, stop: threading.Event) -> None:
    while not stop.is_set() or not q.empty():
        try:
            report = q.get(timeout=0.2)
        except queue.Empty:
            continue
        except (EOFError, OSError):
            return
        on_docs(*report)


def run_inline(tasks: list[Task], cfg: BatchConfig, on_result: OnResult, on_docs: OnDocs) -> None:
    """--workers 0: everything in this process (debugging, profiling)."""
    set_progress_hook(on_docs)
    try:
        for t in tasks:
            on_result(t, process_file(t, cfg))
    finally:
        set_progress_hook(None)


def run_local(
    tasks: list[Task], cfg: BatchConfig, workers: int, on_result: OnResult, on_docs: OnDocs
) -> None:
    if workers == 0:
        return run_inline(tasks, cfg, on_result, on_docs)
    ctx = mp.get_context("forkserver" if sys.platform.startswith("linux") else "spawn")
    q = ctx.Queue()
    stop = threading.Event()
    drain = threading.Thread(target=_drain, args=(q, on_docs, stop), daemon=True)
    drain.start()
    order = sorted(tasks, key=lambda t: -t.size)
    try:
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=ctx, initializer=_init, initargs=(cfg.options, q)
        )
        try:
            _feed(pool, order, cfg, workers, on_result)
        except BaseException:  # Ctrl-C or a bug in the manager: stop now, checkpoints keep the work
            _terminate(pool)
            raise
        pool.shutdown(wait=True)
    finally:
        stop.set()
        drain.join(timeout=5)
        q.close()


def _feed(
    pool: ProcessPoolExecutor, order: list[Task], cfg: BatchConfig, workers: int, on_result: OnResult
) -> None:
    pending: dict[Future[FileResult], Task] = {}
    it = iter(order)
    # keep a bounded window in flight so a million-file archive does not become a million futures
    for t in it:
        pending[pool.submit(process_file, t, cfg)] = t
        if len(pending) >= workers * 4:
            break
    while pending:
        done, _ = wait(pending, return_when=FIRST_COMPLETED)
        for f in done:
            t = pending.pop(f)
            on_result(t, _result(f, t))
            nxt = next(it, None)
            if nxt is not None:
                pending[pool.submit(process_file, nxt, cfg)] = nxt


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Kill the workers instead of waiting for their current files (a killed file resumes next time)."""
    for proc in list(getattr(pool, "_processes", {}).values()):
        proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)


def _result(f: Future[FileResult], t: Task) -> FileResult:
    try:
        return f.result()
    except BrokenProcessPool:
        return FileResult(t.src, t.out_rel, False, "worker process died (out of memory?); rerun to resume")
    except Exception as e:
        return FileResult(t.src, t.out_rel, False, f"internal error: {e.__class__.__name__}: {e}")
