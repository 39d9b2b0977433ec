"""Topic fit: does a word belong to what the surrounding text is about?

A sense-blind spinner takes a synonym from the wrong sense ("stage" → "degree", "sing" → "whistle"), and the
wrong sense is usually off-topic for the paragraph around it. The trigram model cannot see that far, so this
stage adds evidence from word vectors (``dictionaries/vectors/``, built by ``scripts/build_vectors.py``):
for a candidate restoration, how much closer the original is than the spun word to the words within
``RADIUS`` words either side. Function words and words outside the vectors' vocabulary carry no evidence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

VECTORS_DIR = "vectors"
RADIUS = 25  # words either side that make up the context of a span


@dataclass(frozen=True, slots=True)
class TopicVectors:
    """Unit-length word vectors over a content-word vocabulary (read-only, shared across requests)."""

    index: dict[str, int]
    vectors: np.ndarray  # (words, dim) float32, rows of unit length

    @classmethod
    def load(cls, directory: Path) -> TopicVectors | None:
        folder = directory / VECTORS_DIR
        if not (folder / "vectors.npy").is_file():
            return None
        words = (folder / "vocab.txt").read_text(encoding="utf-8").split("\n")
        vec = np.load(folder / "vectors.npy").astype(np.float32)
        words = [w for w in words if w][: len(vec)]
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != "unspin-vectors-1" or len(words) != len(vec):
            raise ValueError(f"{folder}: not an unspin vectors folder")
        return cls({w: i for i, w in enumerate(words)}, vec)

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])


def topic_gains(
    tv: TopicVectors,
    words: Sequence[str],
    spans: Sequence[tuple[int, int]],
    originals: Sequence[Sequence[str]],
    radius: int = RADIUS,
) -> np.ndarray:
    """For each candidate (span ``[a, b)`` of ``words`` → ``originals[k]``): cos(original, context) −
    cos(spun, context), or 0 where either side has no vector. ``words`` are the document's lower-cased
    word slots; the context of a span is every in-vocabulary word within ``radius`` of it, the span excluded.
    """
    n, d = len(words), tv.dim
    if not spans:
        return np.zeros(0)
    ids = np.fromiter((tv.index.get(w, -1) for w in words), dtype=np.int64, count=n)
    per_slot = np.zeros((n, d), dtype=np.float32)
    present = ids >= 0
    per_slot[present] = tv.vectors[ids[present]]
    csum = np.zeros((n + 1, d), dtype=np.float32)
    np.cumsum(per_slot, axis=0, out=csum[1:])

    a = np.fromiter((s[0] for s in spans), dtype=np.int64, count=len(spans))
    b = np.fromiter((s[1] for s in spans), dtype=np.int64, count=len(spans))
    lo, hi = np.maximum(0, a - radius), np.minimum(n, b + radius)
    inside = csum[b] - csum[a]
    ctx = csum[hi] - csum[lo] - inside
    ctx_norm = np.linalg.norm(ctx, axis=1)
    spun_norm = np.linalg.norm(inside, axis=1)

    orig = _summed(tv, originals)
    orig_norm = np.linalg.norm(orig, axis=1)

    ok = (ctx_norm > 0) & (spun_norm > 0) & (orig_norm > 0)  # a zero vector: no in-vocabulary word there
    safe = np.where(ok, 1.0, 0.0)
    cos_spun = np.einsum("ij,ij->i", inside, ctx) / np.maximum(spun_norm * ctx_norm, 1e-9)
    cos_orig = np.einsum("ij,ij->i", orig, ctx) / np.maximum(orig_norm * ctx_norm, 1e-9)
    return (cos_orig - cos_spun) * safe


def _summed(tv: TopicVectors, phrases: Sequence[Sequence[str]]) -> np.ndarray:
    """Sum of the vectors of each phrase's in-vocabulary words (zeros where it has none), added word by
    word in order. Gathered a word position at a time (the first in-vocabulary word of every phrase, then
    the second, ...), not row by row: a document has thousands of candidates."""
    get = tv.index.get
    layers: list[tuple[list[int], list[int]]] = []  # per position: (phrase rows, vector ids)
    for k, ws in enumerate(phrases):
        n = 0
        for w in ws:
            i = get(w, -1)
            if i >= 0:
                if n == len(layers):
                    layers.append(([], []))
                layers[n][0].append(k)
                layers[n][1].append(i)
                n += 1
    out = np.zeros((len(phrases), tv.dim), dtype=np.float32)
    for rows, ids in layers:  # rows are distinct within a layer, so += adds each once
        out[rows] += tv.vectors[ids]
    return out
