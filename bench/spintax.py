"""Leftover spintax: how often the garble stage resolves a "{original|synonym}" group to the original.

    python bench/spintax.py CASES.jsonl [...] [--limit N]

Each spun case (``{"spun", "original"}``, e.g. from ``bench/spinners.py``) is turned into text with leftover
spintax: every word or block the spinner replaced becomes a group of the original and the spinner's choice,
once with the original first (as spinners write their groups) and once with it second (a stricter test of the
language model alone). The text is repaired and the groups' resolutions are compared with the original.
Prints, per order: groups, the share resolved to the original, the share left unresolved (below the
threshold, braces kept) and whether any brace survived elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from losses import gold_swaps  # noqa: E402

from app import repair  # noqa: E402
from app.engine.types import RepairOptions, Source  # noqa: E402
from app.evaluation import read_cases  # noqa: E402


def with_groups(spun: str, original: str, original_first: bool) -> tuple[str, dict[int, str]]:
    """The spun text with each replaced block as a spintax group, and each group's original by its offset."""
    out: list[str] = []
    golds: dict[int, str] = {}
    at = length = 0
    for start, end, gold in gold_swaps(spun, original):
        if "{" in gold or "|" in gold or "}" in gold:
            continue
        options = (gold, spun[start:end]) if original_first else (spun[start:end], gold)
        group = "{" + "|".join(options) + "}"
        out.append(spun[at:start])
        length += start - at
        golds[length] = gold
        out.append(group)
        length += len(group)
        at = end
    out.append(spun[at:])
    return "".join(out), golds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="+", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="cases per file")
    a = ap.parse_args()
    for first in (True, False):
        groups = right = unresolved = 0
        for f in a.cases:
            for n, case in enumerate(read_cases(f)):
                if a.limit and n >= a.limit:
                    break
                text, golds = with_groups(case["spun"], case["original"], first)
                if not golds:
                    continue
                r = repair(text, RepairOptions())
                picked = {e.start: e.replacement for e in r.edits if e.source == Source.SPINTAX}
                groups += len(golds)
                unresolved += sum(1 for at in golds if at not in picked)
                right += sum(1 for at, gold in golds.items() if picked.get(at) == gold)
        order = "original first " if first else "original second"
        print(
            json.dumps(
                {
                    "order": order.strip(),
                    "groups": groups,
                    "resolved_to_original": round(right / groups, 4) if groups else None,
                    "left_unresolved": round(unresolved / groups, 4) if groups else None,
                }
            )
        )


if __name__ == "__main__":
    main()
