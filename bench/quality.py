"""Quality benchmark: err, precision, recall and false edits per 1,000 words, beside the identity baseline.

    python bench/quality.py [CASES.jsonl ...] [--min-confidence P] [--limit N]

With no files it reads ../shared/eval/dev/*.jsonl when present, else the cases that bench/spinners.py makes
from bench/data. Prints one row per file, then a confidence-vs-accuracy table (calibration) over all edits.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import repair  # noqa: E402
from app.engine.types import RepairOptions  # noqa: E402
from app.evaluation import Tally, edit_correct, read_cases  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*")
    ap.add_argument("--min-confidence", type=float, default=RepairOptions().min_confidence)
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    files = [Path(c) for c in a.cases] or sorted((ROOT.parent / "shared" / "eval" / "dev").glob("*.jsonl"))
    if not files:
        sys.exit("no case files given and ../shared/eval/dev not found; run bench/spinners.py first")
    opts = RepairOptions(min_confidence=0.0)
    bins: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    print(
        f"{'file':28} {'system':9} {'cases':>5} {'words':>6} {'wer_in':>7} {'wer_out':>7} {'err':>7} "
        f"{'prec':>6} {'recall':>6} {'fe/kw':>6} {'w/s':>6}"
    )
    for f in files:
        cases = list(read_cases(f))[: a.limit or None]
        system, identity = Tally(), Tally()
        for c in cases:
            t0 = time.perf_counter()
            r = repair(c["spun"], opts)
            system.seconds += time.perf_counter() - t0
            kept = [e for e in r.edits if e.confidence >= a.min_confidence]
            from app.engine.render import apply_edits

            system.add(c["spun"], c["original"], apply_edits(c["spun"], kept))
            identity.add(c["spun"], c["original"], c["spun"])
            for e in r.edits:
                b = min(9, int(e.confidence * 10))
                bins[b][0] += 1
                bins[b][1] += edit_correct(c["spun"], c["original"], e.start, e.end, e.replacement)
        for name, t in (("unspin", system), ("identity", identity)):
            s = t.summary()
            prec = "-" if s["precision"] is None else f"{s['precision']:.3f}"
            print(
                f"{f.name:28} {name:9} {s['cases']:>5} {s['words']:>6} {s['wer_in']:>7.4f} {s['wer_out']:>7.4f} "
                f"{s['err']:>7.4f} {prec:>6} {s['recall']:>6.3f} {s['false_edits_per_kw']:>6.2f} "
                f"{s['words_per_s']:>6}"
            )
    print("\ncalibration (all edits at any confidence): confidence bin -> edits, share correct")
    for b in sorted(bins):
        n, ok = bins[b]
        print(f"  {b / 10:.1f}-{(b + 1) / 10:.1f}: {n:5d} edits, {ok / n:.3f} correct")
    print(
        json.dumps(
            {"calibration": {f"{b / 10:.1f}": [n, round(ok / n, 3)] for b, (n, ok) in sorted(bins.items())}}
        )
    )


if __name__ == "__main__":
    main()
