"""Speed benchmark: resource load time, words/s after load on one core, and peak RSS.

    python bench/speed.py [FILE.jsonl|FILE.txt ...] [--repeat N] [--warmup OTHER.jsonl]

Reads the ``spun`` (or ``text``) field of JSONL files, or plain text files; with no files it uses
../shared/eval/dev/news.jsonl when present, else bench/data/sample_clean.txt. Run it alone on a quiet machine:
it reports wall-clock time. Without ``--warmup`` the caches start empty (cold: a fresh process); with it,
other documents are repaired first, so the figure is what a long-running server or batch worker sustains.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_texts(files: list[Path]) -> list[str]:
    texts: list[str] = []
    for f in files:
        if f.suffix == ".jsonl":
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    row = json.loads(line)
                    texts.append(row.get("spun") or row.get("text") or "")
        else:
            texts.append(f.read_text(encoding="utf-8"))
    return [t for t in texts if t]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument(
        "--warmup",
        type=Path,
        action="append",
        default=[],
        help="repair these (other) documents first: steady-state speed, as a long-running server sees it",
    )
    a = ap.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the bar asks
    default = ROOT.parent / "shared" / "eval" / "dev" / "news.jsonl"
    files = [Path(f) for f in a.files] or [
        default if default.exists() else ROOT / "bench/data/sample_clean.txt"
    ]
    texts = load_texts(files)
    rss0 = peak_rss_mb()
    t0 = time.perf_counter()
    from app.resources import get_resources

    res = get_resources()
    parts = res.load_all()
    load_s = time.perf_counter() - t0
    from app import repair
    from app.engine.tokens import tokenize

    n_words = sum(1 for t in texts for tok in tokenize(t) if tok.kind == "word") * a.repeat
    warm = load_texts(a.warmup) if a.warmup else texts[:1]
    for t in warm:  # caches (thesaurus lookups, LM queries) fill up as a server's do
        repair(t)
    t1 = time.perf_counter()
    edits = 0
    for _ in range(a.repeat):
        for t in texts:
            edits += len(repair(t).edits)
    dt = time.perf_counter() - t1
    print(
        json.dumps(
            {
                "files": [str(f) for f in files],
                "documents": len(texts) * a.repeat,
                "warmup_documents": len(warm),
                "words": n_words,
                "load_seconds": round(load_s, 2),
                "load_parts": parts,
                "lm": res.lm.name,
                "words_per_second_one_core": round(n_words / dt),
                "ms_per_1000_words": round(1000 * dt / max(1, n_words) * 1000, 1),
                "edits": edits,
                "peak_rss_mb": round(peak_rss_mb(), 1),
                "rss_before_load_mb": round(rss0, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
