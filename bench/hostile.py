"""Hostile input: how long ``repair`` takes on texts built to find super-linear corners, at two sizes.

    python bench/hostile.py [--kb 20] [--factor 4]

Each input is repaired at ``--kb`` kilobytes and at ``--factor`` times that; the last column is the ratio of
the two times divided by the size ratio, which stays near 1 for linear work (well above 1 means a quadratic
corner: session 21 found six: leftover spintax groups, runs of word characters and dots that the e-mail
pattern rescanned, unclosed comments, a long line of mojibake, a ligature before a long run of letters, and
chunks full of "@"). Compare the words/s with ordinary prose's (``bench/speed.py``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app import repair  # noqa: E402

PROSE = "The officials said that the war was over and the troops went home. "


def _fill(unit: str, sep: str = "") -> Callable[[int], str]:
    """A text of about ``n`` bytes made of ``unit`` repeated (with ``sep`` between)."""

    def make(n: int) -> str:
        return sep.join([unit] * max(1, n // (len(unit) + len(sep))))

    return make


INPUTS: dict[str, Callable[[int], str]] = {
    "prose": _fill(PROSE),
    "spintax groups": _fill("{said|stated} "),
    "hyphen chain": _fill("word", "-"),
    "dotted run": _fill("word."),
    "plus run": _fill("x+"),
    "one long word": lambda n: "a" * n,
    "newlines": lambda n: "\n" * n,
    "emoji": lambda n: "😀" * (n // 4),
    "entities": _fill("White&nbsp;Home &rsquo; "),
    "tags": _fill("<b>officers</b> "),
    "unclosed tags": _fill("<a officers "),
    "garble": _fill("tbe gov ernment inter national campaignerssaid "),
    "mojibake line": _fill("It\u00e2\u20ac\u2122s the modern man. "),
    "ligature+letters": lambda n: "\ufb01 " + "a" * n,
    "unclosed comments": _fill("<!--"),
    "unclosed raw tags": _fill("<code> officers "),
    "at signs": _fill("a@"),
}


def timed(text: str) -> tuple[float, int]:
    t0 = time.perf_counter()
    r = repair(text)
    return time.perf_counter() - t0, int(r.stats.get("words", 0))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=float, default=20.0, help="the smaller size (default %(default)s KB)")
    ap.add_argument("--factor", type=int, default=4, help="the larger size is this many times the smaller")
    args = ap.parse_args()
    repair(PROSE)  # load resources first: load time is bench/load.py's business
    small = int(args.kb * 1000)
    print(f"{'input':16} {'KB':>6} {'s':>7} {'KB':>6} {'s':>7} {'words/s':>9} {'growth':>7}")
    for name, make in INPUTS.items():
        a, b = make(small), make(small * args.factor)
        ta, _ = timed(a)
        tb, words = timed(b)
        growth = (tb / max(ta, 1e-6)) / (len(b) / len(a))
        rate = f"{words / tb:,.0f}" if words else "-"
        print(
            f"{name:16} {len(a.encode()) / 1000:6.0f} {ta:7.2f} {len(b.encode()) / 1000:6.0f} {tb:7.2f} "
            f"{rate:>9} {growth:7.2f}"
        )


if __name__ == "__main__":
    main()
