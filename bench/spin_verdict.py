"""How well the spin score and the ``spun`` verdict tell spun articles from unspun ones, by article length.

    python bench/spin_verdict.py --spun CASES.jsonl [...] --clean CLEAN.jsonl [...]
                                 [--lengths 40,80,160,0] [--thresholds 0.2,0.25,0.3,0.35,0.4,0.5]

Each file is read as JSONL (``spun`` or ``text`` field). Every article is scored whole (length 0) and cut to
its first N words (extended to the end of that sentence), since a crawler also sends teasers and short
items. Printed per file and length: the share of articles at or above each threshold (for spun files the
share caught, for clean files the share wrongly flagged), and the ranking quality (AUC) of all spun against
all clean articles at each length. ``app.engine.types.SPUN_AT`` is the threshold ``spun`` uses.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from speed import load_texts  # noqa: E402  (this folder: the same reader of spun or text fields)

import app  # noqa: E402

_WORD = re.compile(r"\S+")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019]?\s")


def first_words(text: str, n: int) -> str:
    """The text up to its n-th word and on to the end of that sentence (all of it when n is 0)."""
    words = list(_WORD.finditer(text))
    if n <= 0 or len(words) <= n:
        return text
    end = words[n - 1].end()
    m = _SENTENCE_END.search(text, end)
    return text[: m.end() if m else len(text)].rstrip()


def auc(pos: list[float], neg: list[float]) -> float:
    """The chance that a spun article scores above an unspun one (ties count half)."""
    if not pos or not neg:
        return float("nan")
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spun", type=Path, nargs="+", required=True)
    ap.add_argument("--clean", type=Path, nargs="+", required=True)
    ap.add_argument("--lengths", default="40,80,160,0", help="words kept (0: the whole article)")
    ap.add_argument("--thresholds", default="0.2,0.25,0.3,0.35,0.4,0.5")
    args = ap.parse_args(argv)
    lengths = [int(x) for x in args.lengths.split(",")]
    thresholds = [float(x) for x in args.thresholds.split(",")]

    scores: dict[tuple[str, bool, int], list[float]] = {}
    for files, spun in ((args.spun, True), (args.clean, False)):
        for f in files:
            texts = load_texts([f])
            for n in lengths:
                scores[(f.name, spun, n)] = [app.repair(first_words(t, n)).spin_score for t in texts]

    print(f"verdict threshold in use (SPUN_AT): {app.SPUN_AT}")
    head = "file".ljust(28) + "kind   words  n    " + "  ".join(f">={t:<5}" for t in thresholds)
    print(head)
    for (name, spun, n), v in scores.items():
        shares = "  ".join(f"{sum(x >= t for x in v) / len(v):7.3f}" for t in thresholds)
        print(f"{name[:27]:28}{'spun ' if spun else 'clean'}  {n or 'all':>5}  {len(v):<4} {shares}")
    for n in lengths:
        pos = [x for (_f, s, m), v in scores.items() if s and m == n for x in v]
        neg = [x for (_f, s, m), v in scores.items() if not s and m == n for x in v]
        print(f"AUC at {n or 'all'} words: {auc(pos, neg):.4f} ({len(pos)} spun, {len(neg)} clean)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
