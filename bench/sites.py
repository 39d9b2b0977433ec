#!/usr/bin/env python3
"""What site learning is worth to a crawler: a site's articles sent one by one, as the service gets them.

    python bench/sites.py CASES.jsonl [--clean CLEAN.jsonl] [--seed N] [--min-documents 5]

Each file of cases (``spun`` and ``original``, as for ``unspin eval``) stands for one site. Its articles are
shuffled (``--seed``) and repaired in that order through the service's own code path
(``app.api.repair.repair_payload`` with a ``site``), so each one gets the profile learned from the ones before
it; the originals are only used for scoring. The same articles are also repaired without a site. err and
precision are printed for both, over all articles and over each quarter of the stream, so the gain can be
read against how many articles the site had sent. ``--clean`` mixes unspun articles of the same site into the
stream (false edits per 1,000 words on them, with and without the site's profile).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.api.repair import SiteRequest, repair_payload  # noqa: E402
from app.engine.types import RepairOptions  # noqa: E402
from app.evaluation import Tally, read_cases  # noqa: E402
from app.sites import SiteRegistry  # noqa: E402


def _row(label: str, t: Tally) -> str:
    s = t.summary()
    precision = "-" if s["precision"] is None else f"{s['precision']:.4f}"
    return (
        f"  {label:24} cases {s['cases']:4}  err {s['err']:.4f}  precision {precision}  "
        f"false edits/1k {s['false_edits_per_kw']}"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", type=Path)
    ap.add_argument("--clean", type=Path, help="unspun articles of the same site, mixed into the stream")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--min-documents", type=int, default=5)
    a = ap.parse_args()
    stream = [(c["spun"], c["original"], False) for c in read_cases(a.cases)]
    if a.clean:
        stream += [(c["spun"], c["original"], True) for c in read_cases(a.clean)]
    random.Random(a.seed).shuffle(stream)
    sites = SiteRegistry(None, min_documents=a.min_documents)
    bookkeeping: list[float] = []  # seconds spent in the site's own bookkeeping (``record``) per document
    record = sites.record

    def timed_record(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return record(*args, **kwargs)
        finally:
            bookkeeping.append(time.perf_counter() - t)

    sites.record = timed_record  # type: ignore[method-assign]
    site = SiteRequest("bench-site", learn=True)
    options = RepairOptions()
    quarters = 4
    alone = [Tally() for _ in range(quarters)]
    learned = [Tally() for _ in range(quarters)]
    clean_alone, clean_learned = Tally(), Tally()
    t0 = time.perf_counter()
    for n, (spun, original, clean) in enumerate(stream):
        q = n * quarters // len(stream)
        with_site = repair_payload(spun, options, sites, site)["text"]
        without = repair_payload(spun, options)["text"]
        if clean:
            clean_learned.add(spun, original, with_site)
            clean_alone.add(spun, original, without)
        else:
            learned[q].add(spun, original, with_site)
            alone[q].add(spun, original, without)
    info = sites.describe("bench-site") or {}
    print(
        f"{a.cases.name}: {len(stream)} articles as one site (seed {a.seed}), "
        f"{time.perf_counter() - t0:.0f} s; the site's profile ends with {info.get('pairs')} pairs, "
        f"sources {json.dumps(info.get('spinner_sources'))}; site bookkeeping {1000 * sum(bookkeeping) / len(bookkeeping):.1f} ms "
        f"a document (last: {1000 * bookkeeping[-1]:.1f} ms)"
    )
    total_alone, total_learned = Tally(), Tally()
    for q in range(quarters):
        for total, part in ((total_alone, alone[q]), (total_learned, learned[q])):
            for k in (
                "cases",
                "words",
                "ed_in",
                "ed_out",
                "gold_blocks",
                "gold_hit",
                "sys_blocks",
                "sys_hit",
            ):
                setattr(total, k, getattr(total, k) + getattr(part, k))
        print(f" quarter {q + 1} of the stream")
        print(_row("alone", alone[q]))
        print(_row("with the site's profile", learned[q]))
    print(" all articles")
    print(_row("alone", total_alone))
    print(_row("with the site's profile", total_learned))
    if a.clean:
        print(" clean articles of the site")
        print(_row("alone", clean_alone))
        print(_row("with the site's profile", clean_learned))


if __name__ == "__main__":
    main()
