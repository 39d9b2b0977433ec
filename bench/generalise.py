"""Generalisation harness: quality per spinner, so that no single spinner's quirks are what we tune to.

    python bench/generalise.py [CLEAN.txt|CLEAN.jsonl ...] [--limit N] [--spinners a,b] [--site]

Spins clean text with each of our own spinners (``bench/spinners.py``: several thesauri, rates, phrase
rewrites, inflection slips, contraction mangling), repairs it, and prints err / precision / recall / false edits
per 1,000 words per spinner, plus false edits on the clean text itself. With no files it uses bench/data.

``--site`` adds a second row per spinner: its documents treated as one site's archive, a profile learned from
their spun text alone (``unspin learn``, no originals), and every document repaired again with that profile.
It shows how much a spinner's consistency across documents is worth; use many documents per spinner.
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
    ap.add_argument("--site", action="store_true", help="also repair with a profile learned per spinner")
    a = ap.parse_args()
    inputs = a.inputs or [str(ROOT / "bench/data/sample_clean.txt"), str(ROOT / "bench/data/ocr_clean.txt")]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cases.jsonl"
        cmd = [sys.executable, str(ROOT / "bench/spinners.py"), *inputs, "--out", str(out)]
        if a.spinners:
            cmd += ["--spinners", a.spinners]
        subprocess.run(cmd, check=True, capture_output=True)
        cases = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if x.strip()]
        for c in cases:
            c["spinner"] = c.get("spinner") or c["id"].rsplit("/", 1)[-1]
        if a.limit:
            cases = first_per_spinner(cases, a.limit)
        profiles = site_profiles(cases, Path(tmp)) if a.site else {}
        tallies, clean = score(cases, profiles)
    print_table(tallies, clean)


def first_per_spinner(cases: list[dict], limit: int) -> list[dict]:
    taken: dict[str, int] = defaultdict(int)
    out = []
    for c in cases:
        if taken[c["spinner"]] < limit:
            taken[c["spinner"]] += 1
            out.append(c)
    return out


def site_profiles(cases: list[dict], tmp: Path) -> dict[str, str]:
    """One profile per spinner, learned from its spun documents alone."""
    from app.learn import mine, write_profile

    out: dict[str, str] = {}
    for spinner in sorted({c["spinner"] for c in cases}):
        corpus = tmp / f"{spinner}.jsonl"
        rows = [json.dumps({"text": c["spun"]}) for c in cases if c["spinner"] == spinner]
        corpus.write_text("\n".join(rows) + "\n", encoding="utf-8")
        profile = tmp / f"{spinner}.profile.tsv"
        mined = mine([corpus], 2)
        write_profile(mined.pairs, profile, mined.thesauri)
        out[spinner] = str(profile)
    return out


def score(cases: list[dict], profiles: dict[str, str]) -> tuple[dict[str, Tally], Tally]:
    """Per-spinner tallies (and "+site" rows where a profile is given), and the clean originals' tally."""
    from app.engine.types import RepairOptions

    tallies: dict[str, Tally] = defaultdict(Tally)
    clean = Tally()
    seen_clean: set[str] = set()
    for c in cases:
        spinner = c["spinner"]
        tallies[spinner].add(c["spun"], c["original"], repair(c["spun"]).text)
        if spinner in profiles:
            site = RepairOptions(profile=profiles[spinner])
            tallies[f"{spinner} +site"].add(c["spun"], c["original"], repair(c["spun"], site).text)
        if c["original"] not in seen_clean:
            seen_clean.add(c["original"])
            clean.add(c["original"], c["original"], repair(c["original"]).text)
    return tallies, clean


def print_table(tallies: dict[str, Tally], clean: Tally) -> None:
    print(
        f"{'spinner':22} {'cases':>5} {'words':>6} {'wer_in':>7} {'err':>7} {'prec':>6} {'recall':>6} {'fe/kw':>6}"
    )
    for name, t in sorted(tallies.items()):
        s = t.summary()
        prec = "-" if s["precision"] is None else f"{s['precision']:.3f}"
        print(
            f"{name:22} {s['cases']:>5} {s['words']:>6} {s['wer_in']:>7.4f} {s['err']:>7.4f} {prec:>6} "
            f"{s['recall']:>6.3f} {s['false_edits_per_kw']:>6.2f}"
        )
    s = clean.summary()
    print(
        f"{'(clean text)':22} {s['cases']:>5} {s['words']:>6} {'':>7} {'':>7} {'':>6} {'':>6} {s['false_edits_per_kw']:>6.2f}"
    )


if __name__ == "__main__":
    main()
