"""Generalisation harness: quality per spinner, so that no single spinner's quirks are what we tune to.

    python bench/generalise.py [CLEAN.txt|CLEAN.jsonl ...] [--limit N] [--spinners a,b]

Spins clean text with each of our own spinners (``bench/spinners.py``: several thesauri, rates, phrase
rewrites, inflection slips, contraction mangling), repairs it, and prints err / precision / recall / false edits
per 1,000 words per spinner, plus false edits on the clean text itself. With no files it uses bench/data.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import repair  # noqa: E402
from app.evaluation import Tally  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="*")
    ap.add_argument("--limit", type=int, default=0, help="cases per spinner")
    ap.add_argument("--spinners", default="")
    a = ap.parse_args()
    inputs = a.inputs or [str(ROOT / "bench/data/sample_clean.txt"), str(ROOT / "bench/data/ocr_clean.txt")]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cases.jsonl"
        cmd = [sys.executable, str(ROOT / "bench/spinners.py"), *inputs, "--out", str(out)]
        if a.spinners:
            cmd += ["--spinners", a.spinners]
        subprocess.run(cmd, check=True, capture_output=True)
        cases = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if x.strip()]
    tallies: dict[str, Tally] = defaultdict(Tally)
    clean = Tally()
    seen_clean: set[str] = set()
    for c in cases:
        spinner = c.get("spinner") or c["id"].rsplit("/", 1)[-1]
        if a.limit and tallies[spinner].cases >= a.limit:
            continue
        tallies[spinner].add(c["spun"], c["original"], repair(c["spun"]).text)
        if c["original"] not in seen_clean:
            seen_clean.add(c["original"])
            clean.add(c["original"], c["original"], repair(c["original"]).text)
    print(
        f"{'spinner':16} {'cases':>5} {'words':>6} {'wer_in':>7} {'err':>7} {'prec':>6} {'recall':>6} {'fe/kw':>6}"
    )
    for name, t in sorted(tallies.items()):
        s = t.summary()
        prec = "-" if s["precision"] is None else f"{s['precision']:.3f}"
        print(
            f"{name:16} {s['cases']:>5} {s['words']:>6} {s['wer_in']:>7.4f} {s['err']:>7.4f} {prec:>6} "
            f"{s['recall']:>6.3f} {s['false_edits_per_kw']:>6.2f}"
        )
    s = clean.summary()
    print(
        f"{'(clean text)':16} {s['cases']:>5} {s['words']:>6} {'':>7} {'':>7} {'':>6} {'':>6} {s['false_edits_per_kw']:>6.2f}"
    )


if __name__ == "__main__":
    main()
