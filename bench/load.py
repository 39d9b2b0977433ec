"""Bounded load test of the REST API on loopback: req/s, latency percentiles and server memory.

Starts ``unspin serve`` on a free 127.0.0.1 port, waits for ``/readyz``, then POSTs generated ~1,000-word
articles to ``/v1/repair`` at each concurrency level (default 1, 4, 16) and prints one line per level: req/s,
latency percentiles, and the server's own time per request (``engine p50``: the rest is queueing and HTTP).
Server RSS (all worker processes) is read from /proc every ``--rss-every`` requests, so a leak shows as growth.

    .venv/bin/python bench/load.py                                  # 100 requests per level
    .venv/bin/python bench/load.py --requests 2000 --concurrency 4  # memory over 2,000 requests
    .venv/bin/python bench/load.py --workers 2                      # one uvicorn worker per core
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000      # a running server (no RSS then)

Articles are generated here from a few dozen sentences written for this benchmark, with some spinner-style
swaps ("officers stated", "by way of") mixed in so that the engine has real work to do.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

SENTENCES = [
    "The city council met on Tuesday evening to discuss the new budget for the coming year.",
    "Officers stated that the road would remain closed until the repairs were finished.",
    "Local farmers have seen a dry summer, and many of them worry about the harvest.",
    "The museum opened a small exhibition of maps drawn by sailors in the last century.",
    "Parents asked the school board for more buses on the northern routes.",
    "A spokesperson for the hospital said the new wing would open by way of a phased plan.",
    "Residents gathered in the park to hear the band and to share food with their neighbours.",
    "The company reported higher sales in the spring but warned that costs were rising.",
    "Engineers tested the bridge with heavy trucks before it was opened to the public.",
    "The library will extend its hours during the exam season, the director announced.",
    "Volunteers cleaned the river bank and collected more than forty bags of rubbish.",
    "The mayor stated that the plan would create jobs and improve the town centre.",
    "Several shops on the high street have closed, while two new cafes have opened.",
    "The weather service expects heavy rain over the weekend and strong winds near the coast.",
    "Students presented their science projects to a panel of teachers and local experts.",
    "The football club signed a young player from a team in the south of the country.",
    "Police officers asked drivers to take care on the icy roads early in the morning.",
    "The theatre group is rehearsing a new play about the history of the harbour.",
    "Doctors advised people to drink plenty of water during the hot days ahead.",
    "The report found that most households recycle paper, glass and plastic every week.",
    "A new train line will link the airport to the main station by the end of next year.",
    "The festival attracted thousands of visitors and raised money for local charities.",
    "Officials said the water supply was safe after tests carried out on Monday.",
    "The bakery on the corner has served the same bread recipe for more than fifty years.",
    "Experts believe the old castle walls could be repaired with stone from a nearby quarry.",
    "The council is able to't approve the plan until the public consultation has ended.",
    "Researchers at the university have studied the birds that nest along the cliffs.",
    "The new park will have a playground, a pond and paths for cyclists and walkers.",
]


def article(rng: random.Random, words: int = 1000) -> str:
    """A plausible news article of about ``words`` words, in paragraphs of three to six sentences."""
    paras: list[str] = []
    n = 0
    while n < words:
        para = [rng.choice(SENTENCES) for _ in range(rng.randint(3, 6))]
        n += sum(len(s.split()) for s in para)
        paras.append(" ".join(para))
    return "\n\n".join(paras) + "\n"


def free_port() -> int:
    ports = list(range(18000, 19000))
    random.shuffle(ports)
    for p in ports:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                continue
            return p
    raise SystemExit("bench/load.py: error: no free port in 18000-18999")


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants (uvicorn workers), in MB."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as f:
                total += next(int(ln.split()[1]) for ln in f if ln.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as f:
                    stack.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue
    return total / 1024


@dataclass
class Level:
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    engine_ms: list[float] = field(default_factory=list)  # server-side time per request (stats.elapsed_ms)
    errors: dict[str, int] = field(default_factory=dict)
    words: int = 0
    elapsed: float = 0.0

    def pct(self, q: float) -> float:
        xs = sorted(self.latencies)
        if not xs:
            return float("nan")
        return xs[min(len(xs) - 1, round(q / 100 * (len(xs) - 1)))] * 1000

    def row(self) -> dict[str, object]:
        n = len(self.latencies)
        return {
            "concurrency": self.concurrency,
            "requests": n + sum(self.errors.values()),
            "errors": dict(self.errors),
            "req_per_s": round(n / self.elapsed, 2) if self.elapsed else 0.0,
            "words_per_s": round(self.words / self.elapsed) if self.elapsed else 0,
            "p50_ms": round(self.pct(50), 1),
            "p95_ms": round(self.pct(95), 1),
            "p99_ms": round(self.pct(99), 1),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000, 1) if n else float("nan"),
            "engine_p50_ms": round(statistics.median(self.engine_ms), 1) if n else float("nan"),
        }


@dataclass
class Memory:
    """Server RSS sampled every ``every`` requests, to show growth (a leak) or a flat line."""

    pid: int | None
    every: int = 500
    done: int = 0
    samples: list[tuple[int, float]] = field(default_factory=list)

    def tick(self) -> None:
        self.done += 1
        if self.pid is not None and self.done % self.every == 0:
            self.samples.append((self.done, round(rss_mb(self.pid), 1)))


async def run_level(
    url: str, docs: list[str], concurrency: int, requests: int, headers: dict[str, str], memory: Memory
) -> Level:
    level = Level(concurrency)
    counter = iter(range(requests))
    # no keep-alive: each request opens its own connection, so the kernel spreads them over all server workers
    # (with kept-alive connections all four can land on one worker and the other idles)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=0)

    async def worker(client: httpx.AsyncClient) -> None:
        for i in counter:
            t0 = time.perf_counter()
            try:
                r = await client.post(f"{url}/v1/repair", json={"text": docs[i % len(docs)]}, headers=headers)
            except httpx.HTTPError as e:
                level.errors[type(e).__name__] = level.errors.get(type(e).__name__, 0) + 1
                continue
            if r.status_code != 200:
                level.errors[str(r.status_code)] = level.errors.get(str(r.status_code), 0) + 1
                continue
            level.latencies.append(time.perf_counter() - t0)
            memory.tick()
            stats = r.json()["stats"]
            level.words += int(stats["words"])
            level.engine_ms.append(float(stats["elapsed_ms"]))

    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        t0 = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        level.elapsed = time.perf_counter() - t0
    return level


def start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    unspin = Path(sys.executable).with_name("unspin")
    cmd = [str(unspin), "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    env = {**os.environ, "UNSPIN_LOG_LEVEL": "WARNING"}  # keep access logs out of the measurement
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(url: str, proc: subprocess.Popen[bytes] | None, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            err = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"bench/load.py: error: server exited early:\n{err}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"bench/load.py: error: {url} not ready after {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--requests", type=int, default=100, help="requests per concurrency level (default 100)")
    ap.add_argument("--concurrency", default="1,4,16", help="comma-separated levels (default 1,4,16)")
    ap.add_argument("--words", type=int, default=1000, help="words per article (default 1000)")
    ap.add_argument("--workers", type=int, default=1, help="uvicorn workers for the started server")
    ap.add_argument("--url", help="benchmark this running server instead of starting one (no RSS then)")
    ap.add_argument("--api-key", default=os.environ.get("UNSPIN_BENCH_KEY", ""), help="Bearer key, if needed")
    ap.add_argument("--json", action="store_true", help="print one JSON object per level instead of a table")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rss-every", type=int, default=500, help="sample server RSS every N requests")
    args = ap.parse_args(argv)
    if min(args.requests, args.words, args.workers, args.rss_every) < 1:
        ap.error("--requests, --words, --workers and --rss-every must be positive")
    try:
        levels = [int(c) for c in args.concurrency.split(",")]
    except ValueError:
        ap.error("--concurrency must be comma-separated integers")
    if any(c < 1 for c in levels):
        ap.error("--concurrency levels must be positive")

    rng = random.Random(args.seed)
    docs = [article(rng, args.words) for _ in range(50)]
    headers = {"authorization": f"Bearer {args.api_key}"} if args.api_key else {}
    proc = None
    url = args.url.rstrip("/") if args.url else ""
    if not url:
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        proc = start_server(port, args.workers)
    try:
        wait_ready(url, proc)
        memory = Memory(proc.pid if proc else None, every=args.rss_every)
        asyncio.run(run_level(url, docs, 2, 10, headers, Memory(None)))  # warm-up: caches, connections
        rss0 = rss_mb(proc.pid) if proc else float("nan")
        memory.samples.append((0, round(rss0, 1)))
        words = statistics.fmean(len(d.split()) for d in docs)
        if not args.json:
            print(f"server {url} workers={args.workers} cores={os.cpu_count()} article≈{words:.0f} words")
            print(
                f"{'conc':>4} {'reqs':>6} {'errors':>6} {'req/s':>7} {'words/s':>8} "
                f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'engine p50':>10}"
            )
        for c in levels:
            row = asyncio.run(run_level(url, docs, c, args.requests, headers, memory)).row()
            if args.json:
                print(json.dumps(row))
            else:
                errs = sum(row["errors"].values()) if isinstance(row["errors"], dict) else 0
                print(
                    f"{c:>4} {row['requests']:>6} {errs:>6} {row['req_per_s']:>7} {row['words_per_s']:>8} "
                    f"{row['p50_ms']:>7} {row['p95_ms']:>7} {row['p99_ms']:>7} {row['engine_p50_ms']:>10}"
                )
        rss1 = rss_mb(proc.pid) if proc else float("nan")
        total = args.requests * len(levels)
        mem = {
            "rss_mb_before": round(rss0, 1),
            "rss_mb_after": round(rss1, 1),
            "requests": total,
            "rss_mb_by_requests": memory.samples,
        }
        if args.json:
            print(json.dumps(mem))
        else:
            print(
                f"server RSS {rss0:.1f} MB before, {rss1:.1f} MB after {total} requests ({rss1 - rss0:+.1f} MB)"
            )
            print("RSS MB by requests served: " + ", ".join(f"{n}: {m}" for n, m in memory.samples))
    finally:
        if proc is not None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
