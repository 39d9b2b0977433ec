#!/usr/bin/env python3
"""Write ``dictionaries/attested.tsv``: swaps attested in real spinner output, mined from a public list of
"tortured phrases" (the Problematic Paper Screener's fingerprints, e.g. "imaginative and prescient" → vision,
"neural organization" → neural network).

Why: our thesauri say what a spinner *could* write; this list says what a real paraphrasing tool *did* write,
thousands of times, in published text. The tool behind it is the same family as the round-trip spinners
that scrape news (its output is where "imaginative and prescient" comes from), and it reuses one fixed map
from words to synonyms. So the list yields two kinds of entries:

* **phrases**: a tortured phrase of 2-5 words whose expected phrase is plain English (every word among the
  language model's common words), as a literal entry;
* **word swaps**: rows with as many words on each side are aligned word by word, and a swap seen in at least
  ``MIN_ROWS`` rows ("assault" → attack in "cyber assault", "DoS assault", ...) becomes a one-word entry,
  inflected as a noun or verb where lemminflect knows both words as one.

Priors (log P(spun | original)): a word swap gets its share among the swaps attested for its original,
floored at ``FLOOR``; both kinds are capped by how common the spun word is as genuine English
(``build_phrases.genuine_cap``), and one-word pairs the reverse thesaurus already proposes are dropped unless
the attested prior beats the thesaurus's by ``KEEP_MARGIN`` (as in ``build_phrases.py``). The engine merges
this file under ``phrases.tsv`` (the curated entries win a tie) and asks the language model as for any other
candidate: an entry proposes, it never decides.

Input: the Problematic Paper Screener's list (Cabanac, Labbé & Magazinov, 2021; CC BY 4.0) in two copies,
``data/tortured.csv`` of github.com/hahuyhoang411/tortured-phrase @ d096655b (with paper counts) and
``src/data/tortured-phrases.json`` of github.com/giladfeldman/torturedcheck @ 3571a95c. See
dictionaries/SOURCES.md.

Usage::

    .venv/bin/python scripts/build_attested.py /work/lmdata/tortured/tortured.csv /work/lmdata/tortured/tortured-phrases.json
    .venv/bin/python scripts/build_attested.py CSV --half 0 --out-dir DIR  # rows of one half only
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path

from lemminflect import getAllLemmas

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from build_phrases import Row, drop_thesaurus_pairs, expand, write_rows  # noqa: E402

from app.engine.candidates import FUNCTION_WORDS  # noqa: E402
from app.engine.lexicon import PhraseDictionary, normalize  # noqa: E402

# rows a word swap must be seen in: one is enough, because the tool reuses one map (on held-out halves of the
# list, 1 restored 0.117 and 0.114 err against 0.083 and 0.074 for 2; see dictionaries/SOURCES.md)
MIN_ROWS = 1
COMMON = -12.5  # unigram log-probability an original word needs (the model's ~30,000 commonest words)
FLOOR = -3.0  # lowest prior a word swap gets from its share
# the prior is a mean over the sources a spinner may draw from, as for the thesaurus pairs (three thesauri and
# the phrase dictionary): this tool is one of them, so a swap only it makes gets 1/SOURCES of its share
SOURCES = 4
PHRASE_LOGP = {10: -1.0, 2: -1.5, 0: -2.5}  # phrase prior by how many papers showed it (at least the key)
WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
NOTE_PHRASE = "attested in real spinner output (tortured phrases)"
NOTE_WORD = "attested word swap (tortured phrases)"


def read_rows(paths: Path | Sequence[Path], half: int | None) -> list[tuple[str, str, int]]:
    """(tortured, expected, papers) rows, lower case, cleaned: query syntax, notes in brackets and rows that
    doubt themselves ("?") or offer alternatives ("/") are left out. Reads the CSV export (with the number
    of papers) or the JSON dictionary (``{"phrases": [{"tortured", "correct"}]}``, papers unknown: 0); a
    phrase a former file gave is not read again. ``half`` keeps the rows whose hash parity is ``half`` (for
    a held-out evaluation)."""
    out: dict[str, tuple[str, str, int]] = {}
    for path in [paths] if isinstance(paths, Path) else paths:
        for raw, expected, papers in _raw_rows(path):
            m = re.fullmatch(r'\s*"?([^"]+?)"?\s*', raw)
            if not m or '"' in raw.strip().strip('"') or "?" in expected or "/" in expected:
                continue
            tortured = " ".join(m.group(1).lower().split())
            expected = " ".join(re.sub(r"\([^)]*\)", " ", expected).strip(' "').lower().split())
            words = tortured.split() + expected.split()
            if not words or not all(WORD.fullmatch(w) for w in words) or tortured == expected:
                continue
            if half is not None and hashlib.md5(tortured.encode()).digest()[0] % 2 != half:
                continue
            out.setdefault(tortured, (tortured, expected, papers))
    return list(out.values())


def _raw_rows(path: Path) -> Iterator[tuple[str, str, int]]:
    """(tortured field, expected field, papers) as a file writes them."""
    if path.suffix == ".json":
        for p in json.loads(path.read_text(encoding="utf-8"))["phrases"]:
            yield p["tortured"], p["correct"], 0
        return
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            try:
                papers = int(r["num_papers"].replace(",", ""))
            except ValueError:
                papers = 0
            yield r["tortured_phrase"], r["expected_phrase"], papers


def _kind(a: str, b: str) -> str:
    """The ``build_phrases`` kind of a word swap: "n" or "v" when both words are base forms of that part of
    speech (then their inflections are listed too), "-" (the literal words only) if not."""
    la, lb = getAllLemmas(a), getAllLemmas(b)
    for upos, kind in (("NOUN", "n"), ("VERB", "v")):
        if upos in la and upos in lb and la[upos][0] == a and lb[upos][0] == b:
            return kind
    return "-"


def aligned_swaps(rows: list[tuple[str, str, int]]) -> Counter[tuple[str, str]]:
    """(spun word, original word) → how many rows show it, from rows with as many words on each side.

    Function words are left out: where they differ ("the" against "there") the row was reworded, not
    swapped word by word, and the alignment is wrong."""
    seen: Counter[tuple[str, str]] = Counter()
    for tortured, expected, _p in rows:
        t, e = tortured.split(), expected.split()
        if len(t) == len(e):
            seen.update(
                (a, b)
                for a, b in zip(t, e, strict=True)
                if a != b and a not in FUNCTION_WORDS and b not in FUNCTION_WORDS
            )
    return seen


def word_rows(rows: list[tuple[str, str, int]], unigram) -> list[str]:
    """Source lines (``build_phrases`` syntax) for the word swaps the aligned rows repeat."""
    seen = aligned_swaps(rows)
    by_original: dict[str, int] = defaultdict(int)
    kept = []
    for (a, b), n in seen.items():
        lemmas_a = {x for v in getAllLemmas(a).values() for x in v}
        lemmas_b = {x for v in getAllLemmas(b).values() for x in v}
        if n < MIN_ROWS or lemmas_a & lemmas_b or "-" in a + b or unigram(b) < COMMON:
            continue
        kept.append((a, b, n))
        by_original[b] += n
    lines = []
    for a, b, n in sorted(kept):
        logp = max(FLOOR, math.log(n / by_original[b])) - math.log(SOURCES)
        lines.append(f"{_kind(a, b)}|{a}|{b}|{logp:.2f}")
    return lines


def phrase_rows(rows: list[tuple[str, str, int]], unigram) -> list[str]:
    """Source lines for whole tortured phrases whose expected phrase is plain, common English."""
    lines = []
    for tortured, expected, papers in rows:
        if not 2 <= len(tortured.split()) <= 5 or len(expected.split()) > 4:
            continue
        if any(unigram(w) < COMMON for w in expected.replace("-", " ").split()):
            continue
        logp = next(lp for least, lp in PHRASE_LOGP.items() if papers >= least)
        lines.append(f"-|{tortured}|{expected}|{logp}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "lists",
        type=Path,
        nargs="+",
        help="tortured.csv (tortured_phrase, expected_phrase, num_papers) or .json",
    )
    ap.add_argument("--out-dir", type=Path, default=ROOT / "dictionaries")
    ap.add_argument("--half", type=int, choices=(0, 1), help="use only one half of the rows (evaluation)")
    a = ap.parse_args()
    from app.resources import ATTESTED_FILE, ATTESTED_WORDS_FILE, Resources
    from app.settings import Settings

    directory = ROOT / "dictionaries"
    unigram = Resources(Settings(dictionaries_dir=directory)).lm.unigram_logprob
    rows = read_rows(a.lists, a.half)
    # pairs the hand-curated dictionary already holds are never repeated here (it wins a tie at run time)
    curated = {(spun, r.original) for spun, r in PhraseDictionary.load(directory / "phrases.tsv").items()}
    phrase_lines = [f"## {NOTE_PHRASE}", *phrase_rows(rows, unigram)]
    phrases = [r for r in expand("\n".join(phrase_lines)) if (normalize(r[0]), r[1]) not in curated]
    # one-word swaps, as for the curated dictionary: only those the thesaurus lacks or rates far lower
    words = expand("\n".join([f"## {NOTE_WORD}", *word_rows(rows, unigram)]))
    words = drop_thesaurus_pairs([r for r in words if (normalize(r[0]), r[1]) not in curated], directory)
    _write(a.out_dir / ATTESTED_FILE, phrases, "whole phrases, merged under phrases.tsv")
    _write(a.out_dir / ATTESTED_WORDS_FILE, words, "one-word swaps, asked beside the thesauri")
    print(
        f"wrote {len(phrases)} phrases and {len(words)} word swaps from {len(rows)} rows to {a.out_dir}",
        file=sys.stderr,
    )
    return 0


def _write(out: Path, entries: list[Row], what: str) -> None:
    header = (
        f"# unspin attested swaps ({what}): spun<TAB>original<TAB>logp<TAB>note\n"
        "# GENERATED by scripts/build_attested.py from the tortured-phrases list; see SOURCES.md.\n"
    )
    write_rows(out, sorted(entries), header)


if __name__ == "__main__":
    raise SystemExit(main())
