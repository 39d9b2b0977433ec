#!/usr/bin/env python3
"""Precompute the thesaurus candidates of the most common words (``dictionaries/thesaurus-ranked.bin``).

Why: for every word of a text the candidate stage asks which originals a spinner may have replaced it by
(``app.engine.candidates.ranked_thesaurus``): lemmatise the word, look its lemma up in the reverse thesaurus,
inflect every original like the spun word, and rank them by thesaurus prior and unigram frequency. That is
cached per process, but on a cold cache (the CLI, each batch worker, a fresh server) it was over a quarter of
the engine's time on the dev news set. The answers depend only on committed resources, so they can be
computed once, here, for the words that make up nearly all running text, and for the multi-word spans of
common words that can match a multi-word thesaurus key ("has been", "gave up", "vice chairmen": session 13;
on the dev news set they were 414 of the 514 rankings a cold process still computed).

The file is a zlib-compressed ``marshal`` dict: ``stamp`` (what the rankings depend on: thesaurus, unigram
model, lemminflect version, ``MAX_PER_SPAN``; see ``ranking_stamp``) and ``rows`` (spun word → its ranked
originals, ``original<TAB>logp`` lines; an empty row means no candidates). At load the engine recomputes the
stamp and ignores a table built against other resources, so a rebuilt thesaurus or language model without a
rebuilt table costs speed, never correctness. Rebuild after either changes (about a minute)::

    python scripts/build_ranked.py [--words 60000] [--phrase-words 30000]
"""

from __future__ import annotations

import argparse
import marshal
import re
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lemminflect import getAllInflections  # noqa: E402

from app.engine.candidates import (  # noqa: E402
    RANKED_FILE,
    analyses,
    asks_thesaurus,
    compute_ranking,
    pack_ranking,
    ranking_stamp,
)
from app.engine.lexicon import ReverseThesaurus  # noqa: E402
from app.resources import Resources  # noqa: E402

_UPOS = {"v": "VERB", "n": "NOUN", "a": "ADJ", "r": "ADV"}


def multiword_spans(thesaurus: ReverseThesaurus, common: set[str]) -> list[str]:
    """Every inflected form of a multi-word thesaurus key (verbs inflect their first word, the rest their last,
    as ``candidates.thesaurus_restorations`` reads them) whose words are all ``common``, and which the candidate
    stage would look up (``ReverseThesaurus.may_hold`` with the words' readings)."""
    out: set[str] = set()
    for key in thesaurus.multiword_keys():
        pos, text = key
        words = text.split(" ")
        at = 0 if pos == "v" else len(words) - 1
        forms = {words[at]} | {f for fs in getAllInflections(words[at], _UPOS[pos]).values() for f in fs}
        for form in forms:
            span = " ".join([*words[:at], form, *words[at + 1 :]])
            if all(w in common for w in span.split(" ")) and thesaurus.may_hold(span, analyses):
                out.add(span)
    return sorted(out)


WORD = re.compile(r"[a-z][a-z'-]*")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--words", type=int, default=60_000, help="the most frequent words to precompute")
    ap.add_argument(
        "--phrase-words",
        type=int,
        default=30_000,
        help="precompute multi-word spans made of the N most frequent words (0: none)",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "dictionaries" / RANKED_FILE)
    a = ap.parse_args()
    res = Resources()
    lm, thesaurus = res.lm, res.thesaurus
    thesaurus.ranked = None  # compute everything afresh, whatever table is installed
    unigram = lm.unigram_logprob
    vocab = [w for w in getattr(lm, "ids", {}) if WORD.fullmatch(w) and asks_thesaurus(w)]
    vocab.sort(key=lambda w: (-unigram(w), w))
    t0 = time.perf_counter()
    rows = {w: pack_ranking(compute_ranking(w, thesaurus, unigram)) for w in vocab[: a.words]}
    if a.phrase_words:
        common = {w for w in getattr(lm, "ids", {}) if w.isalpha()}
        common = set(sorted(common, key=lambda w: (-unigram(w), w))[: a.phrase_words])
        spans = multiword_spans(thesaurus, common)
        rows.update((s, pack_ranking(compute_ranking(s, thesaurus, unigram))) for s in spans)
    data = {"stamp": ranking_stamp(thesaurus, unigram), "rows": rows}
    blob = zlib.compress(marshal.dumps(data), 9)
    a.out.write_bytes(blob)
    filled = sum(1 for r in rows.values() if r)
    print(
        f"{len(rows)} words ({filled} with candidates) in {time.perf_counter() - t0:.1f} s; "
        f"{len(blob) / 1e6:.1f} MB -> {a.out}"
    )


if __name__ == "__main__":
    main()
