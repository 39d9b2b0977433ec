#!/usr/bin/env python3
"""Build unspin's topic vectors (``dictionaries/vectors/``): which words keep company with which.

Why: a trigram model sees two words either side, so it cannot tell that "wagers the Presley role on degree"
wants *stage* (the article is about a show) or that *whistle* is out of place in a story about a chart
single. A sense-blind spinner picks a synonym from the wrong sense, and the wrong sense is usually off-topic
for the document. Word vectors from co-occurrence counts (positive PMI, then a truncated SVD: the classic
count-based embedding) measure exactly that, and they are tiny and fast to query.

Input: the tokenised sentence streams that ``scripts/build_lm.py --work DIR`` keeps (one sentence per line,
lower-cased words separated by spaces), so vectors and language model see the same text with the same
held-out documents left out::

    python scripts/build_vectors.py --streams /work/lmdata/work --out dictionaries/vectors

Steps: (1) count words and choose the vocabulary (the most frequent alphabetic content words; function
words carry no topic); (2) count co-occurrences of content words within ``--window`` content words, across
sentence ends within a file (topic spans sentences); (3) positive PMI with context-distribution smoothing
(α = 0.75); (4) randomized SVD (numpy only) to ``--dim`` dimensions, vectors = U·√S, L2-normalised, stored
as float16. About 10 minutes and 8 GB of memory on 2 cores for 80 M tokens.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.candidates import FUNCTION_WORDS  # noqa: E402

EXTRA_STOP = frozenset(
    [
        "also",
        "said",
        "says",
        "would",
        "could",
        "one",
        "two",
        "three",
        "first",
        "new",
        "last",
        "year",
        "years",
        "time",
        "people",
        "like",
        "just",
        "even",
        "many",
        "much",
        "more",
        "most",
        "other",
        "such",
        "only",
        "well",
        "very",
        "may",
        "way",
        "made",
        "make",
        "get",
        "got",
    ]
)
T0 = time.perf_counter()


def say(msg: str) -> None:
    print(f"[{time.perf_counter() - T0:7.1f}s] {msg}", flush=True)


def stream_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt") if p.is_file())


def choose_vocab(files: list[Path], size: int, min_count: int) -> list[str]:
    counts: Counter[str] = Counter()
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                counts.update(line.split())
    say(f"counted {sum(counts.values()):,} tokens, {len(counts):,} types")
    keep = [
        w
        for w, n in counts.most_common()
        if n >= min_count and w.isalpha() and len(w) > 1 and w not in FUNCTION_WORDS and w not in EXTRA_STOP
    ]
    return keep[:size]


def cooccurrences(files: list[Path], index: dict[str, int], window: int) -> np.ndarray:
    """Symmetric co-occurrence counts of content words within ``window`` content words, weighted 1/distance."""
    v = len(index)
    m = np.zeros(v * v, dtype=np.float32)
    for n, f in enumerate(files):
        with f.open(encoding="utf-8") as fh:
            ids = np.array([index[w] for line in fh for w in line.split() if w in index], dtype=np.int64)
        for k in range(1, window + 1):
            if len(ids) <= k:
                break
            keys = ids[:-k] * v + ids[k:]
            uniq, cnt = np.unique(keys, return_counts=True)
            m[uniq] += cnt.astype(np.float32) / k
        if n % 50 == 0:
            say(f"co-occurrences: {n + 1}/{len(files)} files")
    m = m.reshape(v, v)
    m += m.T.copy()
    return m


def ppmi(m: np.ndarray, alpha: float = 0.75, rows: int = 2048) -> np.ndarray:
    """Positive PMI in place, row block by row block (the dense matrix is large)."""
    row = m.sum(axis=1, dtype=np.float64)
    col = m.sum(axis=0, dtype=np.float64) ** alpha
    col_total = col.sum()
    for a in range(0, m.shape[0], rows):
        block = m[a : a + rows].astype(np.float64)
        with np.errstate(divide="ignore"):
            # PMI_α = log P(w,c) / (P(w) P_α(c)) = log M·Σcol^α / (row · col^α)
            pmi = np.log(block * col_total) - np.log(row[a : a + rows, None]) - np.log(col)
        pmi[~np.isfinite(pmi)] = 0.0
        np.maximum(pmi, 0.0, out=pmi)
        m[a : a + rows] = pmi.astype(np.float32)
    return m


def randomized_svd(a: np.ndarray, k: int, oversample: int = 20, power: int = 2, seed: int = 0):
    """Halko-Martinsson-Tropp randomized SVD: a few dense matrix products instead of a full SVD."""
    rng = np.random.default_rng(seed)
    omega = rng.standard_normal((a.shape[1], k + oversample)).astype(np.float32)
    y = a @ omega
    for _ in range(power):
        y, _r = np.linalg.qr(y)
        y = a @ (a.T @ y)
    q, _r = np.linalg.qr(y)
    b = q.T @ a
    ub, s, _vt = np.linalg.svd(b, full_matrices=False)
    return (q @ ub)[:, :k], s[:k]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--streams", type=Path, required=True, help="build_lm.py --work folder (*.txt streams)")
    ap.add_argument("--out", type=Path, default=ROOT / "dictionaries" / "vectors")
    ap.add_argument("--vocab-size", type=int, default=30_000)
    ap.add_argument("--min-count", type=int, default=20)
    ap.add_argument("--window", type=int, default=5)
    ap.add_argument("--dim", type=int, default=128)
    a = ap.parse_args()
    files = stream_files(a.streams)
    if not files:
        sys.exit(f"build_vectors: no *.txt streams in {a.streams}")
    vocab = choose_vocab(files, a.vocab_size, a.min_count)
    say(f"vocabulary: {len(vocab):,} content words")
    index = {w: i for i, w in enumerate(vocab)}
    m = cooccurrences(files, index, a.window)
    say(f"co-occurrence matrix {m.shape}, {int((m > 0).sum()):,} non-zero cells")
    m = ppmi(m)
    say("positive PMI done")
    u, s = randomized_svd(m, a.dim)
    del m
    vec = u * np.sqrt(s)[None, :]
    vec /= np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-9)
    a.out.mkdir(parents=True, exist_ok=True)
    np.save(a.out / "vectors.npy", vec.astype(np.float16))
    (a.out / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    meta = {
        "format": "unspin-vectors-1",
        "words": len(vocab),
        "dim": a.dim,
        "window": a.window,
        "weighting": "1/distance, PPMI alpha 0.75, randomized SVD U*sqrt(S), L2-normalised, float16",
        "streams": len(files),
    }
    (a.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    say(f"wrote {a.out} ({(a.out / 'vectors.npy').stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
