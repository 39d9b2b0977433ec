"""Where recall is lost: every word the spinner replaced, by the first stage that failed to restore it.

    python bench/losses.py CASES.jsonl [...] [--min-confidence P] [--limit N] [--examples K]

Each replaced block of the gold alignment (word level, as the scorer tokenises), split word by word where
it replaced as many words as it has ("officers stated" → "officials said" counts as two swaps), is put in the
first bucket that applies:

* ``restored``: the engine's edit over exactly that span writes the original, at or above the threshold;
* ``below threshold``: it does, but with lower confidence;
* ``other restoration``: the decoder chose a different candidate for the span;
* ``proposed, kept``: the original was among the span's candidates, but the decoder kept the spun text;
* ``not proposed``: no source (phrase dictionary, thesaurus, profile) offered the original for that span.
  Swaps inside a wider edit land here too.

It says which stage to work on: candidates (not proposed) or evidence and scoring (proposed, kept).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.decide import decide  # noqa: E402
from app.engine.pipeline import analyse_spin, spin_candidates  # noqa: E402
from app.engine.tokens import tokenize  # noqa: E402
from app.engine.types import Edit, RepairOptions  # noqa: E402
from app.evaluation import alignment_blocks, read_cases  # noqa: E402
from app.resources import get_resources  # noqa: E402

_TOKEN = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]")  # the scorer's tokens (app.evaluation.words), with offsets
BUCKETS = ("restored", "below threshold", "other restoration", "proposed, kept", "not proposed")


def gold_swaps(spun: str, original: str) -> list[tuple[int, int, str]]:
    """(start, end, original text) of each replaced word or block of the spun text."""
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(spun)]
    o = [m.group() for m in _TOKEN.finditer(original)]
    out: list[tuple[int, int, str]] = []
    for op, i1, i2, j1, j2 in alignment_blocks([t[2] for t in toks], o):
        if op != "replace":
            continue
        if i2 - i1 == j2 - j1:
            out += [(toks[i][0], toks[i][1], o[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)]
        else:
            out.append((toks[i1][0], toks[i2 - 1][1], " ".join(o[j1:j2])))
    return [(a, b, w) for a, b, w in out if spun[a:b] != w]


def classify(spun: str, original: str, threshold: float) -> list[tuple[str, str, str]]:
    """(bucket, spun text, original) for every gold swap of one case."""
    res = get_resources()
    opts = RepairOptions(ocr=False)
    tokens = tokenize(spun)
    a = analyse_spin(spun, tokens, opts, res)
    edits = {(e.start, e.end): e for e in decide(a.choices, res.lm, a.rate, a.doc_words, res.calibrator, 0)}
    offered: dict[tuple[int, int], set[str]] = {}
    for c in spin_candidates(spun, tokens, opts, res)[2]:
        offered.setdefault((c.span.start, c.span.end), set()).add(c.replacement.lower())
    out: list[tuple[str, str, str]] = []
    for start, end, gold in gold_swaps(spun, original):
        e = edits.get((start, end)) or _covering(edits.values(), spun, start, end, gold)
        if e is not None and (e.replacement == gold or (e.start, e.end) != (start, end)):
            bucket = BUCKETS[0] if e.confidence >= threshold else BUCKETS[1]
        elif e is not None:
            bucket = BUCKETS[2]
        elif gold.lower() in offered.get((start, end), ()):
            bucket = BUCKETS[3]
        else:
            bucket = BUCKETS[4]
        out.append((bucket, spun[start:end], gold))
    return out


def _covering(edits: Iterable[Edit], spun: str, start: int, end: int, gold: str) -> Edit | None:
    """An edit over a wider span that writes ``gold`` at this swap's place, word for word: restoring a noun
    takes the article the spinner changed into its span ("an enormous" → "a big" restores both "an → a"
    and "enormous → big"), and a phrase edit may span words the spinner left alone ("United States of
    America" → "United States" restores the gold swap "States of America" → "States")."""
    for e in edits:
        if e.start <= start and end <= e.end and (e.start, e.end) != (start, end):
            if e.replacement.lower() == (spun[e.start : start] + gold + spun[end : e.end]).lower():
                return e  # the rest of the edit's span was already right ("United States of America")
            before = len(spun[e.start : start].split())
            spun_words, new_words = e.original.split(), e.replacement.split()
            n = len(spun[start:end].split())
            if len(spun_words) == len(new_words) and " ".join(new_words[before : before + n]) == gold:
                return e
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="+", type=Path)
    ap.add_argument("--min-confidence", type=float, default=RepairOptions().min_confidence)
    ap.add_argument("--limit", type=int, default=0, help="cases per file")
    ap.add_argument("--examples", type=int, default=8, help="most frequent pairs to show per bucket")
    a = ap.parse_args()
    for f in a.cases:
        counts: Counter[str] = Counter()
        pairs: dict[str, Counter[tuple[str, str]]] = {b: Counter() for b in BUCKETS}
        for n, case in enumerate(read_cases(f)):
            if a.limit and n >= a.limit:
                break
            for bucket, spun, gold in classify(case["spun"], case["original"], a.min_confidence):
                counts[bucket] += 1
                pairs[bucket][(spun.lower(), gold.lower())] += 1
        total = sum(counts.values())
        print(f"{f.name}: {total} replaced words or blocks (threshold {a.min_confidence})")
        for b in BUCKETS:
            top = ", ".join(f"{s} → {g} ×{k}" for (s, g), k in pairs[b].most_common(a.examples))
            print(f"  {b:18} {counts[b]:6d} {counts[b] / max(1, total):6.1%}   {top}")


if __name__ == "__main__":
    main()
