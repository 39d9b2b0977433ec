"""Counting, interpolated modified Kneser-Ney estimation, count pruning and quantisation, all in numpy.

Why Kneser-Ney (Chen & Goodman's interpolated, modified variant) rather than stupid backoff: the decoder
compares candidate phrases of different lengths ("through" vs "by way of"), so scores must be real,
normalised probabilities, and KN's continuation counts are what make "francisco" unlikely after anything
but "san". Pruning is by count cut-off (which KN tolerates far better than entropy pruning) and the backoff
weight of every context is recomputed afterwards so that each distribution still sums to one.

Layout of the token array ``T``: ``<s> w1 ... wk </s> <s> ...``; an n-gram is any window of ``T`` that stays
inside one sentence. Keys fold ids as ``k = k * V + id (mod 2**64)``: exact (and so ordered like the ids)
for up to three words while V < 2**21, which the trie layout relies on; a wrapping hash for 4-grams, which
are only counted and looked up through their exact 3-word contexts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

LOG_ZERO = -99.0


def fold(columns: list[np.ndarray], vocab_size: int) -> np.ndarray:
    """Fold id columns into uint64 keys (wrapping arithmetic, same as the runtime)."""
    v = np.uint64(vocab_size)
    key = np.zeros(columns[0].shape[0], dtype=np.uint64)
    for col in columns:
        key *= v
        key += col.astype(np.uint64)
    return key


@dataclass
class Level:
    """All distinct n-grams of one order: sorted keys, their ids, raw and adjusted counts, estimates."""

    n: int
    keys: np.ndarray  # uint64, sorted
    grams: np.ndarray  # int32 [U, n]
    counts: np.ndarray  # int64 raw counts
    adjusted: np.ndarray = field(default_factory=lambda: np.zeros(0))
    prob: np.ndarray = field(default_factory=lambda: np.zeros(0))  # float64 P(w | ctx), interpolated
    bow: np.ndarray = field(default_factory=lambda: np.zeros(0))  # float64 backoff as a context (1 = none)
    keep: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    discounts: tuple[float, float, float] = (0.5, 1.0, 1.5)


def count_level(tokens: np.ndarray, sentence_id: np.ndarray, n: int, vocab_size: int) -> Level:
    """Distinct n-grams of ``tokens`` that do not cross a sentence boundary, with their counts."""
    m = tokens.size - n + 1
    if m <= 0:
        return Level(n, np.zeros(0, np.uint64), np.zeros((0, n), np.int32), np.zeros(0, np.int64))
    starts = np.flatnonzero(sentence_id[:m] == sentence_id[n - 1 : n - 1 + m])
    keys = fold([tokens[starts + j] for j in range(n)], vocab_size)
    exact = vocab_size**n < 2**64
    if exact:
        del starts
        uniq, counts = np.unique(keys, return_counts=True)
        del keys
        grams = np.empty((uniq.size, n), np.int32)
        rest = uniq.copy()
        v = np.uint64(vocab_size)
        for j in range(n - 1, -1, -1):
            grams[:, j] = (rest % v).astype(np.int32)
            rest //= v
    else:
        uniq, first, counts = np.unique(keys, return_index=True, return_counts=True)
        del keys
        grams = np.stack([tokens[starts[first] + j] for j in range(n)], axis=1).astype(np.int32)
    return Level(n, uniq, grams, counts.astype(np.int64))


def modified_discounts(adjusted: np.ndarray) -> tuple[float, float, float]:
    """Chen & Goodman's D1, D2, D3+ from counts-of-counts, with safe fall-backs for tiny corpora."""
    nk = [int(np.count_nonzero(adjusted == k)) for k in (1, 2, 3, 4)]
    defaults = (0.5, 1.0, 1.5)
    if nk[0] == 0 or nk[1] == 0:
        return defaults
    y = nk[0] / (nk[0] + 2 * nk[1])
    out = []
    for k in (1, 2, 3):
        d = defaults[k - 1] if nk[k - 1] == 0 or nk[k] == 0 else k - (k + 1) * y * nk[k] / nk[k - 1]
        out.append(float(min(max(d, 0.05), k - 0.05 if k < 3 else 2.95)))
    return (out[0], out[1], out[2])


def _index_in(level: Level, keys: np.ndarray) -> np.ndarray:
    """Positions of ``keys`` in ``level.keys`` (they must all be present)."""
    pos = np.searchsorted(level.keys, keys)
    if pos.size and (pos.max() >= level.keys.size or not np.array_equal(level.keys[pos], keys)):
        raise AssertionError(f"order {level.n}: some lower-order n-grams are missing")
    return pos


def estimate(levels: list[Level], vocab_size: int, bos: int) -> None:
    """Fill adjusted counts, discounts, interpolated probabilities and backoffs (unpruned) in place.

    ``levels[0]`` is the unigram level with ``keys == arange(V)``.
    """
    order = len(levels)
    top = levels[-1]
    top.adjusted = top.counts.copy()
    # continuation counts: how many distinct words precede each lower-order n-gram
    for i in range(order - 2, -1, -1):
        lev, up = levels[i], levels[i + 1]
        suffix = fold([up.grams[:, j] for j in range(1, up.n)], vocab_size)
        su, sc = np.unique(suffix, return_counts=True)
        lev.adjusted = np.zeros(lev.keys.size, np.int64)
        lev.adjusted[_index_in(lev, su)] = sc
        starts_bos = lev.grams[:, 0] == bos
        if lev.n == 1:
            lev.adjusted[bos] = 0  # <s> is never predicted
        else:
            lev.adjusted[starts_bos] = lev.counts[starts_bos]
    # unigrams: discounted, interpolated with the uniform distribution over the vocabulary (minus <s>)
    uni = levels[0]
    a = uni.adjusted
    uni.discounts = modified_discounts(a[a > 0])
    d1, d2, d3 = uni.discounts
    disc = np.where(a == 0, 0.0, np.where(a == 1, d1, np.where(a == 2, d2, d3)))
    total = float(a.sum())
    gamma0 = (d1 * np.sum(a == 1) + d2 * np.sum(a == 2) + d3 * np.sum(a >= 3)) / total
    uni.prob = np.maximum(a - disc, 0.0) / total + gamma0 / (vocab_size - 1)
    uni.prob[bos] = 0.0
    uni.bow = np.ones(uni.keys.size)
    for i in range(1, order):
        lev, low = levels[i], levels[i - 1]
        a = lev.adjusted
        lev.discounts = modified_discounts(a)
        d1, d2, d3 = lev.discounts
        ctx = fold([lev.grams[:, j] for j in range(lev.n - 1)], vocab_size)
        uctx, inv = np.unique(ctx, return_inverse=True)
        inv = inv.ravel()
        del ctx
        big_a = np.bincount(inv, weights=a).astype(np.float64)
        n1 = np.bincount(inv, weights=(a == 1)).astype(np.float64)
        n2 = np.bincount(inv, weights=(a == 2)).astype(np.float64)
        n3 = np.bincount(inv, weights=(a >= 3)).astype(np.float64)
        gamma = (d1 * n1 + d2 * n2 + d3 * n3) / big_a
        disc = np.where(a == 1, d1, np.where(a == 2, d2, d3))
        lower = _lower_index(lev, low, vocab_size)
        lev.prob = np.maximum(a - disc, 0.0) / big_a[inv] + gamma[inv] * low.prob[lower]
        lev.bow = np.ones(lev.keys.size)
        low.bow[_index_in(low, uctx)] = gamma


def _lower_index(lev: Level, low: Level, vocab_size: int) -> np.ndarray:
    if low.n == 1:
        return lev.grams[:, 1].astype(np.int64)
    return _index_in(low, fold([lev.grams[:, j] for j in range(1, lev.n)], vocab_size))


def prune(levels: list[Level], thresholds: list[int], vocab_size: int) -> None:
    """Drop n-grams (n >= 2) seen fewer than ``thresholds[n]`` times; renormalise the backoffs.

    For a context h with kept continuations K: bow(h) = (1 - sum_K P(w|h)) / (1 - sum_K P(w|h')), so that the
    pruned distribution, P(w|h) for w in K and bow(h) * P(w|h') otherwise, still sums to one.
    Thresholds must not decrease with the order, so that every kept n-gram's context and suffix are kept.
    """
    order = len(levels)
    levels[0].keep = np.ones(levels[0].keys.size, bool)
    for i in range(1, order):
        levels[i].keep = levels[i].counts >= thresholds[i + 1]
    for i in range(order - 1, 0, -1):
        lev, low = levels[i], levels[i - 1]
        ctx = fold([lev.grams[:, j] for j in range(lev.n - 1)], vocab_size)
        uctx, inv = np.unique(ctx, return_inverse=True)
        inv = inv.ravel()
        del ctx
        lower = _lower_index(lev, low, vocab_size)
        k = lev.keep
        num = 1.0 - np.bincount(inv[k], weights=lev.prob[k], minlength=uctx.size)
        den = 1.0 - np.bincount(inv[k], weights=low.prob[lower[k]], minlength=uctx.size)
        bow = np.maximum(num, 1e-12) / np.maximum(den, 1e-12)
        low.bow[_index_in(low, uctx)] = bow


def quantize(values: np.ndarray, bits: int = 8, iterations: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Codes (uint8) and a codebook (float32) of at most 2**bits centroids (1-D k-means)."""
    k = 1 << bits
    if values.size == 0:
        return np.zeros(0, np.uint8), np.zeros(1, np.float32)
    distinct = np.unique(values)
    if distinct.size <= k:
        return np.searchsorted(distinct, values).astype(np.uint8), distinct.astype(np.float32)
    # start from half quantile, half evenly spaced centroids (so that rare but large probabilities, which
    # dominate a distribution's sum, are not lumped together), then refine with a few Lloyd iterations
    lo, hi = float(distinct[0]), float(distinct[-1])
    book = np.unique(
        np.concatenate([np.quantile(values, np.linspace(0.0, 1.0, k // 2)), np.linspace(lo, hi, k - k // 2)])
    )
    for _ in range(iterations):
        edges = (book[1:] + book[:-1]) / 2
        codes = np.searchsorted(edges, values)
        sums = np.bincount(codes, weights=values, minlength=book.size)
        cnt = np.bincount(codes, minlength=book.size)
        book = np.where(cnt > 0, sums / np.maximum(cnt, 1), book)
    edges = (book[1:] + book[:-1]) / 2
    codes = np.searchsorted(edges, values)
    return codes.astype(np.uint8), book.astype(np.float32)


def log_or_floor(p: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        out = np.log(p)
    out[~np.isfinite(out)] = LOG_ZERO
    return out
