"""Spin clean text the way the paraphrasing tool behind the tortured-phrases list does, from one half of
that list, to measure what ``dictionaries/attested.tsv`` built from the *other* half is worth.

    python bench/attested.py CLEAN.jsonl --lists tortured.csv tortured-phrases.json --half 1 --out cases.jsonl
    python scripts/build_attested.py tortured.csv tortured-phrases.json --half 0 --out-dir DIR   # the engine's
    UNSPIN_DICTIONARIES_DIR=DIR unspin eval cases.jsonl

Why a held-out half: a real tool reuses one map from words to synonyms, so a swap it made in one paper
recurs in the next; but an evaluation spun from the same rows the dictionary was mined from would only test
lookup. Here the spinner knows only the rows of ``--half`` (whole phrases, and the word swaps their aligned
words show); the engine knows only the other half's, and whatever the two halves share is what the real
world would share.

The spinner replaces each match of an expected phrase (two words or more) by its tortured phrase, and each
other word with a known swap at ``--rate``, choosing among its attested synonyms by how often each was seen.
Capitalised words inside a sentence (names) are left alone. Reads ``{"id", "original"}`` or
``{"id", "spun", "original"}`` lines; writes ``{"id", "spun", "original"}``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_attested import aligned_swaps, read_rows  # noqa: E402

from app.engine.candidates import match_case  # noqa: E402

TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*|[\W\d_]+")


def spinner_maps(
    lists: Sequence[Path], half: int
) -> tuple[dict[tuple[str, ...], str], dict[str, Counter[str]]]:
    """Expected phrase → tortured phrase, and original word → spun words with counts, from one half."""
    phrases: dict[tuple[str, ...], str] = {}
    words: dict[str, Counter[str]] = defaultdict(Counter)
    rows = read_rows(lists, half)
    for tortured, expected, _papers in rows:
        if 2 <= len(expected.split()) <= 4:
            phrases.setdefault(tuple(expected.split()), tortured)
    for (a, b), n in aligned_swaps(rows).items():
        words[b][a] += n
    return phrases, words


def spin(text: str, phrases, words, rate: float, rng: random.Random) -> str:
    toks = TOKEN.findall(text)
    out: list[str] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        if not tok[:1].isalpha():
            out.append(tok)
            i += 1
            continue
        sentence_start = not out or re.search(r"[.!?\"]\s*$", "".join(out[-2:])) is not None
        matched = False
        for n in (4, 3, 2):  # longest expected phrase first: word, gap, word, ...
            span = toks[i : i + 2 * n - 1]
            if len(span) < 2 * n - 1 or any(g != " " for g in span[1::2]):
                continue
            key = tuple(w.lower() for w in span[::2])
            if key in phrases and (sentence_start or not any(w[:1].isupper() for w in span[::2])):
                out.append(match_case(tok, phrases[key]))
                i += 2 * n - 1
                matched = True
                break
        if matched:
            continue
        low = tok.lower()
        if low in words and (tok.islower() or sentence_start) and rng.random() < rate:
            options = words[low]
            choice = rng.choices(list(options), weights=list(options.values()))[0]
            out.append(match_case(tok, choice))
        else:
            out.append(tok)
        i += 1
    return "".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("clean", type=Path)
    ap.add_argument("--lists", type=Path, nargs="+", required=True, help="tortured.csv and/or .json lists")
    ap.add_argument("--half", type=int, choices=(0, 1), required=True)
    ap.add_argument("--rate", type=float, default=0.25)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    a = ap.parse_args()
    phrases, words = spinner_maps(a.lists, a.half)
    rng = random.Random(a.seed)
    n = changed = 0
    with a.out.open("w", encoding="utf-8") as f:
        for line in a.clean.open(encoding="utf-8"):
            case = json.loads(line)
            spun = spin(case["original"], phrases, words, a.rate, rng)
            n += 1
            changed += spun != case["original"]
            f.write(json.dumps({"id": case["id"], "spun": spun, "original": case["original"]}) + "\n")
    print(
        f"{a.out}: {n} cases, {changed} changed; {len(phrases)} phrases, {len(words)} words known",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
