"""The OCR channel model: what a scanner does to letters (rn↔m, cl↔d, 0↔o …) and what each slip costs.

Costs are natural-log nats of channel improbability; the decisions in ``words`` weigh them against the
language model."""

from __future__ import annotations

import math
from functools import lru_cache

# (seen by OCR, meant, cost). Costs are in nats of channel improbability; generic edits cost more (below).
_CONFUSIONS: tuple[tuple[str, str, float], ...] = (
    ("rn", "m", 0.8),
    ("m", "rn", 1.5),
    ("rri", "m", 1.5),
    ("in", "m", 2.0),
    ("ni", "m", 1.8),
    ("iii", "m", 1.8),
    ("cl", "d", 1.0),
    ("d", "cl", 1.8),
    ("li", "h", 1.0),
    ("h", "li", 1.8),
    ("ll", "h", 1.8),
    ("lI", "h", 1.5),
    ("vv", "w", 0.8),
    ("w", "vv", 1.8),
    ("ii", "u", 1.5),
    ("ri", "n", 1.8),
    ("fi", "h", 2.0),
    ("tl", "d", 2.0),
    ("0", "o", 0.3),
    ("1", "l", 0.5),
    ("1", "i", 0.7),
    ("5", "s", 1.0),
    ("l", "i", 1.2),
    ("i", "l", 1.2),
    ("l", "t", 1.8),
    ("t", "l", 1.8),
    ("e", "c", 1.2),
    ("c", "e", 1.0),
    ("o", "c", 1.8),
    ("c", "o", 1.8),
    ("o", "e", 1.8),
    ("e", "o", 1.8),
    ("b", "h", 1.2),
    ("h", "b", 1.2),
    ("n", "u", 1.5),
    ("u", "n", 1.5),
    ("n", "h", 1.8),
    ("h", "n", 1.8),
    ("a", "o", 2.0),
    ("o", "a", 2.0),
    ("a", "e", 2.2),
    ("f", "t", 1.8),
    ("t", "f", 1.8),
    ("s", "a", 2.5),
    ("j", "i", 2.0),
    ("i", "j", 2.0),
    ("g", "q", 2.0),
    ("q", "g", 2.0),
    ("y", "v", 2.0),
    ("v", "y", 2.0),
)
_BY_SEEN: dict[str, tuple[tuple[str, float], ...]] = {}
for _s, _m, _c in _CONFUSIONS:
    _BY_SEEN[_s] = (*_BY_SEEN.get(_s, ()), (_m, _c))

SUB_COST = 4.0  # generic substitution
DROP_COST = 2.5  # a letter lost by the OCR
DOUBLE_COST = 1.2  # a letter read twice
INS_COST = 3.5  # a stray letter
SWAP_COST = 4.0  # transposition (rare in OCR)
COMPOUND_COST = 1.5  # extra for splitting a token into two long words
EDGE_COST = 1.5  # extra for a letter gained or lost before the first one: OCR keeps word starts
SPACE_COST = 2.0  # a lost or spurious space
MAX_CHANNEL = 5.0  # candidates that need more than this are not OCR errors


@lru_cache(maxsize=65536)
def channel_cost(seen: str, meant: str) -> float:
    """Weighted edit distance from ``meant`` (dictionary word) to ``seen`` (OCR output), lower-case.

    Multi-character confusions (rn↔m, cl↔d, li↔h) are single steps; a doubled letter is cheaper than a
    stray one; a dropped letter is cheaper than a substitution. Returns ``inf`` beyond ``MAX_CHANNEL``.
    """
    n, m = len(seen), len(meant)
    inf = math.inf
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        row = d[i]
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best = inf
            if i and j:
                a, b = seen[i - 1], meant[j - 1]
                best = d[i - 1][j - 1] + (0.0 if a == b else SUB_COST)
                if i > 1 and j > 1 and a == meant[j - 2] and b == seen[i - 2]:
                    best = min(best, d[i - 2][j - 2] + SWAP_COST)
            if i:
                a = seen[i - 1]
                doubled = (i > 1 and seen[i - 2] == a) or (i < n and seen[i] == a)
                cost = DOUBLE_COST if doubled else INS_COST + (EDGE_COST if j == 0 else 0.0)
                best = min(best, d[i - 1][j] + cost)
            if j:
                best = min(best, row[j - 1] + DROP_COST + (EDGE_COST if i == 0 else 0.0))
            for k in (1, 2, 3):
                if k > i:
                    break
                for target, cost in _BY_SEEN.get(seen[i - k : i], ()):
                    lt = len(target)
                    if lt <= j and meant[j - lt : j] == target:
                        best = min(best, d[i - k][j - lt] + cost)
            row[j] = best
    return d[n][m] if d[n][m] <= MAX_CHANNEL else inf


def undoubled(seen: str) -> set[str]:
    """``seen`` with one doubled letter single: what OCR reads twice (*thee*, *inn*, *UKK*, *Oswaald*)."""
    return {seen[:k] + seen[k + 1 :] for k in range(1, len(seen)) if seen[k] == seen[k - 1]}


def confusion_variants(seen: str, depth: int = 2) -> set[str]:
    """Every string reachable from ``seen`` by up to ``depth`` reverse OCR confusions (rn→m, 0→o …); after
    the first step only the cheap confusions (cost ≤ 1.5) are followed, which keeps this near 100 µs."""
    frontier = {seen}
    out: set[str] = set()
    for level in range(depth):
        limit = MAX_CHANNEL if level == 0 else 1.5
        nxt: set[str] = set()
        for s in frontier:
            for i in range(len(s)):
                for k in (1, 2, 3):
                    for target, cost in _BY_SEEN.get(s[i : i + k], ()):
                        if cost <= limit:
                            nxt.add(s[:i] + target + s[i + k :])
        nxt -= out
        out |= nxt
        frontier = nxt
    return out
