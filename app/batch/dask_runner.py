"""Run the same per-file tasks on a Dask distributed cluster (``--dask tcp://scheduler:8786``).

Workers need the same Python environment (unspin installed, same dictionaries and ``UNSPIN_*`` settings) and
must see the inputs and --out at the same paths (a shared filesystem): each task reads its input and writes
its output itself, and only the small :class:`FileResult` travels back. The manifest stays with this client
process. If a worker dies, Dask reruns the task elsewhere and the checkpoint lets it resume. See
docs/batch.md.
"""

from __future__ import annotations

from app.batch.plan import Task
from app.batch.runner import OnResult
from app.batch.worker import BatchConfig, FileResult, process_file, warm_up

_warm: set[int] = set()  # per worker process: resources are loaded once, on the first task


def dask_task(task: Task, cfg: BatchConfig) -> FileResult:
    import os

    if os.getpid() not in _warm:
        warm_up(cfg.options)
        _warm.add(os.getpid())
    return process_file(task, cfg)


def run_dask(address: str, tasks: list[Task], cfg: BatchConfig, on_result: OnResult) -> None:
    from distributed import Client, as_completed

    from app.cli import CliError

    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as e:  # ValueError: no port, an unknown protocol
        raise CliError(f"cannot reach Dask scheduler at {address}: {e}") from None
    with client:
        order = iter(enumerate(sorted(tasks, key=lambda t: -t.size)))
        futures: dict[object, Task] = {}

        def submit() -> object | None:
            nxt = next(order, None)
            if nxt is None:
                return None
            i, t = nxt
            fut = client.submit(dask_task, t, cfg, key=f"unspin-{cfg.job_id}-{i}", pure=False)
            futures[fut] = t
            return fut

        # a bounded window: a million-file archive must not become a million futures in this process
        window = max(64, 4 * sum(client.nthreads().values()))
        queue = as_completed([f for f in (submit() for _ in range(window)) if f is not None])
        for fut in queue:
            t = futures.pop(fut)
            try:
                res = fut.result()
            except Exception as e:
                res = FileResult(t.src, t.out_rel, False, f"Dask task failed: {e.__class__.__name__}: {e}")
            on_result(t, res)
            # a result held here is a result the scheduler keeps: when its worker dies, Dask would run the
            # task again (session 22's audit: repairs redone, and piece files left behind after the join)
            fut.release()
            nxt = submit()
            if nxt is not None:
                queue.add(nxt)
