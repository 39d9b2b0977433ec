"""Batch throughput: words/s with 1 and 2 worker processes, scaling efficiency, peak RSS per worker.

Generates its own archive (no external data): ``--docs`` documents (default 10,000) of templated news-like
sentences with some spinner-style swaps, as 80% JSONL (half gzip-compressed) and 20% plain .txt files. Each
configuration runs the real command line, ``unspin batch --workers N``, in a fresh output folder; words/s counts
wall time from start to exit, so it includes worker start-up and resource loading (``--workers`` processes
each load the engine once). Peak RSS comes from each worker's ``ru_maxrss`` in the run report.

    .venv/bin/python bench/batch.py            # 10,000 docs, workers 1 and 2
    .venv/bin/python bench/batch.py --docs 2000 --workers 1 2 4 --no-ocr
    .venv/bin/python bench/batch.py --one-file --split-mb 0.5 --docs 4000   # one big JSONL, cut in pieces
    .venv/bin/python bench/batch.py --one-file --gzip --docs 15000          # the same, gzip-compressed
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = [
    "The council",
    "Local officers",
    "A small bakery",
    "The harbour board",
    "Three volunteers",
    "The county museum",
    "A retired teacher",
    "The ferry company",
    "Our reporter",
    "The school choir",
]
VERBS = ["announced", "reported", "celebrated", "postponed", "described", "welcomed", "questioned", "planned"]
OBJECTS = [
    "a new cycle lane",
    "the spring flea bazaar",
    "plans for the old mill",
    "a motion picture night",
    "repairs to the sea wall",
    "longer library hours",
    "the winter food drive",
    "a vote on parking fees",
]
TAILS = [
    "on Tuesday",
    "after a long debate",
    "by way of a short statement",
    "despite the rain",
    "for the third year running",
    "with little fuss",
    "before the holiday weekend",
    "at the town hall",
]
EXTRA = [
    "Officials said more details would follow.",
    "Residents can comment until the end of the month.",
    "The decision surprised nobody who attended.",
    "Tickets are free but places are limited.",
]


def document(rng: random.Random) -> str:
    parts = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."]
    parts += rng.sample(EXTRA, rng.randint(0, 2))
    return " ".join(parts)


def generate_one_file(root: Path, n_docs: int, seed: int = 7, gz: bool = False) -> int:
    """Every document in one JSONL file (gzip-compressed with ``gz``): the archive that only cutting the
    file can parallelise."""
    rng = random.Random(seed)
    root.mkdir(parents=True)
    rows = [json.dumps({"id": i, "text": document(rng)}) for i in range(n_docs)]
    data = ("\n".join(rows) + "\n").encode("utf-8")
    if gz:
        (root / "feed.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
    else:
        (root / "feed.jsonl").write_bytes(data)
    return n_docs


def generate(root: Path, n_docs: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    n_jsonl = n_docs * 8 // 10
    per_file = 250
    (root / "feeds").mkdir(parents=True)
    (root / "notes").mkdir(parents=True)
    for f in range(0, n_jsonl, per_file):
        rows = [json.dumps({"id": i, "text": document(rng)}) for i in range(f, min(n_jsonl, f + per_file))]
        data = ("\n".join(rows) + "\n").encode()
        if (f // per_file) % 2:
            (root / "feeds" / f"feed{f // per_file:03d}.jsonl.gz").write_bytes(gzip.compress(data, mtime=0))
        else:
            (root / "feeds" / f"feed{f // per_file:03d}.jsonl").write_bytes(data)
    for i in range(n_docs - n_jsonl):
        (root / "notes" / f"note{i:05d}.txt").write_text(document(rng) + "\n", encoding="utf-8")
    return n_docs


def run(src: Path, out: Path, workers: int, extra: list[str]) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "app.cli",
        "batch",
        str(src),
        "--out",
        str(out),
        "--workers",
        str(workers),
        "--progress",
        "none",
        *extra,
    ]
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if p.returncode != 0:
        raise SystemExit(f"batch failed ({p.returncode}): {p.stderr[-2000:]}")
    rep = json.loads((out / ".unspin" / "report.json").read_text())
    rss = list(rep["workers"]["peak_rss_mb"].values())
    return {
        "workers": workers,
        "wall_s": round(wall, 2),
        "documents": rep["documents"],
        "words": rep["words"],
        "edits": rep["edits"],
        "words_per_s": round(rep["words"] / wall, 1),
        # CPU-side rate: words over the time spent inside the engine, summed over workers
        "engine_words_per_s_per_worker": round(
            rep["words"] / max(1e-9, rep["timings"]["engine_seconds_all_runs"]), 1
        ),
        "peak_rss_mb_per_worker": rss,
        "max_worker_rss_mb": max(rss) if rss else None,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--no-ocr", action="store_true", help="pass --no-ocr to the batch runs")
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it")
    ap.add_argument("--one-file", action="store_true", help="one plain JSONL file instead of a mixed archive")
    ap.add_argument("--gzip", action="store_true", help="with --one-file: the file is gzip-compressed")
    ap.add_argument("--split-mb", type=float, help="pass --split-mb to the batch runs")
    args = ap.parse_args()
    extra = ["--no-ocr"] if args.no_ocr else []
    if args.split_mb is not None:
        extra += ["--split-mb", str(args.split_mb)]
    with tempfile.TemporaryDirectory(prefix="unspin-bench-") as tmp:
        root = Path(args.keep) if args.keep else Path(tmp)
        src = root / "archive"
        n = generate_one_file(src, args.docs, gz=args.gzip) if args.one_file else generate(src, args.docs)
        print(
            f"archive: {n} documents in {sum(1 for p in src.rglob('*') if p.is_file())} files; "
            f"cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f}",
            flush=True,
        )
        results: list[dict[str, Any]] = []
        for w in args.workers:
            r = run(src, root / f"out-w{w}", w, extra)
            results.append(r)
            print(
                f"workers={w}: {r['words']} words in {r['wall_s']} s = {r['words_per_s']:,.0f} words/s; "
                f"{r['documents']} docs, {r['edits']} edits; {r['engine_words_per_s_per_worker']:,.0f} words/s "
                "per worker inside the engine; peak RSS per worker "
                f"{', '.join(f'{x:.0f}' for x in r['peak_rss_mb_per_worker'])} MB",
                flush=True,
            )
        base = results[0]
        for r in results[1:]:
            speedup = r["words_per_s"] / base["words_per_s"]
            eff = speedup / (r["workers"] / base["workers"])
            r["speedup"], r["scaling_efficiency"] = round(speedup, 3), round(eff, 3)
            print(
                f"workers={r['workers']} vs {base['workers']}: speedup {speedup:.2f}x, "
                f"scaling efficiency {eff:.0%}"
            )
        print(
            json.dumps(
                {"bench": "batch", "docs": n, "load_avg_1m": round(os.getloadavg()[0], 2), "results": results}
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
