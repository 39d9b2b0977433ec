#!/usr/bin/env python3
"""Build unspin's reverse thesaurus: given a spun word, the originals a sense-blind spinner may have replaced.

Why a reverse thesaurus: an article spinner replaces an ORIGINAL word ``o`` with a synonym ``s`` picked from one
of several thesauri without looking at the sense. To undo it we need, for each ``s``, every ``o`` with
``log P(s | o)``. The channel model, per source thesaurus ``t``:

* ``S_t(o)`` = synonyms of ``o`` over all its senses, same part of speech, keeping only real, frequent-enough
  English (wordfreq zipf >= ``--min-spun-zipf``) and tempered to the ``--top`` most frequent ones, because
  real spinners pick common words;
* ``P_t(s | o) = f(s)^b / sum_{s' in S_t(o)} f(s')^b`` with ``f`` the wordfreq frequency and ``b`` =
  ``--freq-power`` (0 gives the uniform ``1 / |S_t(o)|``; spinners favour common synonyms, so ``b`` > 0);
* ``logp(s | o) = log(mean_t P_t(s | o))`` over all thesauri, a thesaurus without ``o`` contributing 0.

Originals must be news-frequent words (zipf >= ``--min-orig-zipf``). Keys and originals are lower-case lemmas
with a part of speech in ``n v a r``; multi-word entries ("take in", "vice president") are kept.

Inputs (Debian packages, see dictionaries/SOURCES.md): WordNet 3.0 (wordnet-base), the Moby-derived
Aiksaurus thesaurus (libaiksaurus-1.2-data) and the LibreOffice/MyThes en_US thesaurus (mythes-en-us).

Output: ``dictionaries/thesaurus.bin``, a zlib-compressed ``marshal`` of plain dicts whose values are packed
strings, parsed lazily by :mod:`app.engine.lexicon` (loading millions of tuples would take seconds).

Usage::

    .venv/bin/python scripts/build_thesaurus.py                # build dictionaries/thesaurus.bin
    .venv/bin/python scripts/build_thesaurus.py --coverage CASES.jsonl   # also measure coverage on cases
    .venv/bin/python scripts/build_ranked.py   # then: the precomputed candidates must match the new file
"""

from __future__ import annotations

import argparse
import json
import marshal
import math
import os
import re
import struct
import sys
import tempfile
import time
import zlib
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from wordfreq import zipf_frequency

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.engine.lexicon import normalize

ROOT = Path(__file__).resolve().parent.parent
WORDNET = Path("/usr/share/wordnet")
AIKSAURUS = Path("/usr/share/aiksaurus")
MYTHES = Path("/usr/share/mythes/th_en_US_v2.dat")
FORMAT_VERSION = 2  # 2: per-thesaurus normalisers (``norm``), session 12
LN10 = math.log(10)
POS = ("n", "v", "a", "r")
SOURCE_BITS = {"wn": 1, "moby": 2, "mythes": 4}
_WN_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
_WORD_RE = re.compile(r"^[a-z][a-z'\-]*( [a-z][a-z'\-]*)*$")

# Closed-class words and number words are never thesaurus originals: spinners do not swap them through a
# thesaurus ("have" is not the noun behind "individual"), and their huge frequency would put them first.
# The phrase dictionary handles function-word rewrites ("by way of" -> "through").
_CLOSED_CLASS_TEXT = """
a an the this that these those and or but nor so yet for of in on at by to from with into onto upon about above
below over under after before since until till during through across against among between within without as
than if then else when while where who whom whose which what how why i me my mine we us our ours you your yours
he him his she her hers it its they them their theirs is am are was were be been being have has had having do
does did doing will would shall should can could may might must not no one two three four five six seven eight
nine ten eleven twelve hundred thousand million billion
"""
CLOSED_CLASS = frozenset(_CLOSED_CLASS_TEXT.split())

Thesaurus = dict[tuple[str, str], set[str]]  # (pos, original) -> synonyms
_PARAMS = ("sources", "min_orig_zipf", "min_spun_zipf", "top", "freq_power", "mythes_generic")


@cache
def zipf(word: str) -> float:
    return zipf_frequency(word, "en")


def clean(word: str) -> str | None:
    """Normalise an entry to lower-case words joined by single spaces; None for names and odd strings."""
    w = word.strip().replace("_", " ")
    if not w or any(c.isupper() for c in w):
        return None
    w = " ".join(w.split())
    return w if _WORD_RE.match(w) else None


def wordnet_lemmas() -> dict[str, set[str]]:
    """pos -> all WordNet lemmas of that part of speech (used to give POS to the POS-less Moby data)."""
    out: dict[str, set[str]] = {}
    for pos, name in _WN_FILES.items():
        lemmas: set[str] = set()
        with open(WORDNET / f"index.{name}", encoding="latin-1") as f:
            for line in f:
                if not line.startswith(" "):
                    lemmas.add(line.split(" ", 1)[0].replace("_", " "))
        out[pos] = lemmas
    return out


def load_wordnet() -> Thesaurus:
    """Synonyms = the other lemmas of every synset of the word (all senses: the spinner is sense-blind)."""
    th: Thesaurus = defaultdict(set)
    for pos, name in _WN_FILES.items():
        with open(WORDNET / f"data.{name}", encoding="latin-1") as f:
            for line in f:
                if line.startswith(" "):
                    continue
                parts = line.split(" ")
                n = int(parts[3], 16)
                words = [clean(re.sub(r"\(.*\)$", "", parts[4 + 2 * i])) for i in range(n)]
                members = [w for w in words if w]
                for o in members:
                    th[(pos, o)].update(m for m in members if m != o)
    return th


def load_aiksaurus(pos_of: dict[str, set[str]]) -> Thesaurus:
    """Moby-derived meaning groups; a pair is kept under every POS both words have in WordNet."""
    raw = (AIKSAURUS / "words.dat").read_bytes()
    words: list[str | None] = []
    i = 0
    while i < len(raw):
        j = raw.index(b"\0", i)
        words.append(clean(raw[i:j].decode("latin-1").replace(":", " ")))
        i = j + 1
        while raw[i : i + 2] != b"\xff\xff":
            i += 2
        i += 2
    meanings: list[set[str]] = []
    cur: set[str] = set()
    data = (AIKSAURUS / "meanings.dat").read_bytes()
    for k in range(0, len(data) - 1, 2):
        if data[k : k + 2] == b"\xff\xff":
            meanings.append(cur)
            cur = set()
        else:
            w = words[struct.unpack(">H", data[k : k + 2])[0]]
            if w:
                cur.add(w)
    th: Thesaurus = defaultdict(set)
    for group in meanings:
        tags = {w: {p for p in POS if w in pos_of[p]} for w in group}
        for o in group:
            for s in group:
                if s == o:
                    continue
                # A multi-word synonym WordNet does not know ("too much") may take the original's POS.
                shared = tags[o] & tags[s] if tags[s] or " " not in s else tags[o]
                for p in shared:
                    th[(p, o)].add(s)
    return th


def load_mythes(generic: bool) -> Thesaurus:
    """MyThes en_US: '(pos)|syn|syn (generic term)|...' lines; antonyms always dropped."""
    tags = {"(noun)": "n", "(verb)": "v", "(adj)": "a", "(adv)": "r"}
    th: Thesaurus = defaultdict(set)
    with open(MYTHES, encoding="utf-8") as f:
        f.readline()
        head = f.readline()
        while head:
            entry, n = head.rstrip("\n").rsplit("|", 1)
            o = clean(entry)
            for _ in range(int(n)):
                fields = f.readline().rstrip("\n").split("|")
                p = tags.get(fields[0])
                if not o or not p:
                    continue
                for item in fields[1:]:
                    if "(antonym)" in item or (not generic and "(generic term)" in item):
                        continue
                    s = clean(re.sub(r"\s*\([a-z ]+ term\)$", "", item))
                    if s and s != o:
                        th[(p, o)].add(s)
            head = f.readline()
    return th


def temper(th: Thesaurus, min_orig: float, min_spun: float, top: int) -> dict[tuple[str, str], list[str]]:
    """Keep news-frequent originals and their ``top`` most frequent real-English synonyms."""
    out: dict[tuple[str, str], list[str]] = {}
    for (p, o), syns in th.items():
        if zipf(o) < min_orig or o in CLOSED_CLASS:
            continue
        kept = sorted((s for s in syns if zipf(s) >= min_spun), key=lambda s: (-zipf(s), s))[:top]
        if kept:
            out[(p, o)] = kept
    return out


def build(args: argparse.Namespace) -> dict[str, object]:
    t0 = time.perf_counter()
    pos_of = wordnet_lemmas()
    loaders = {
        "wn": load_wordnet,
        "moby": lambda: load_aiksaurus(pos_of),
        "mythes": lambda: load_mythes(generic=args.mythes_generic),
    }
    sources = {name: loaders[name]() for name in args.sources.split(",")}
    print(
        f"read sources in {time.perf_counter() - t0:.1f}s: "
        + ", ".join(f"{k}={len(v)}" for k, v in sources.items())
    )
    n_thesauri = len(sources)
    prob: dict[tuple[str, str, str], float] = defaultdict(float)  # (pos, spun, orig) -> sum_t P_t
    bits: dict[tuple[str, str, str], int] = defaultdict(int)
    forward: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    norms: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)  # (pos, orig) -> {thesaurus: norm}
    for name, th in sources.items():
        for (p, o), syns in temper(th, args.min_orig_zipf, args.min_spun_zipf, args.top).items():
            weights = [10 ** (args.freq_power * zipf(s)) for s in syns]
            norm = sum(weights)
            norms[(p, o)][name] = norm
            for s, w in zip(syns, weights, strict=True):
                key = (p, normalize(s), o)
                prob[key] += w / norm
                bits[key] |= SOURCE_BITS[name]
                forward[(p, o)][s] = forward[(p, o)].get(s, 0.0) + w / norm
    rev: dict[str, list[tuple[float, str, int]]] = defaultdict(list)
    for (p, s, o), total in prob.items():
        rev[f"{p}\t{s}"].append((math.log(total / n_thesauri), o, bits[(p, s, o)]))
    # Best first = most probable original before context: log P(s | o) + log P(o), P(o) from wordfreq. Callers
    # that keep only the first few candidates then keep the likely ones, not the rare words with few synonyms.
    packed_rev = {
        key: "\n".join(
            f"{o}\t{lp:.3f}\t{b}"
            for lp, o, b in sorted(items, key=lambda x: (-(x[0] + LN10 * zipf(x[1])), x[1]))
        )
        for key, items in sorted(rev.items())
    }
    packed_fwd = {
        f"{p}\t{o}": "\t".join(sorted(syns, key=lambda s: (-syns[s], -zipf(s), s)))
        for (p, o), syns in sorted(forward.items())
    }
    # each thesaurus's normaliser, so that the engine can tell how much of a pair's mean P(s | o) each source
    # holds (P_t ∝ 1 / norm_t among the thesauri that hold it) and weigh the thesauri a document's spinner uses
    packed_norm = {
        f"{p}\t{o}": ",".join(f"{per[n]:.4g}" if n in per else "" for n in sources)
        for (p, o), per in sorted(norms.items())
    }
    max_words = max(key.split("\t", 1)[1].count(" ") + 1 for key in packed_rev)
    meta = {
        "version": FORMAT_VERSION,
        "sources": list(sources),
        "bits": SOURCE_BITS,
        "max_words": max_words,
        "order": "logp + log P_wordfreq(original), best first",
        "norm": "per (pos, original): sum_s f(s)^b of each thesaurus in 'sources' order, empty if absent",
        "params": {k: v for k, v in vars(args).items() if k in _PARAMS},
    }
    print(f"built {len(prob):,} pairs over {len(packed_rev):,} spun keys in {time.perf_counter() - t0:.1f}s")
    return {"meta": meta, "rev": packed_rev, "fwd": packed_fwd, "norm": packed_norm}


def write_atomic(path: Path, payload: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(payload)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def iter_cases(path: Path) -> Iterator[dict[str, str]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def coverage(cases: Path, directory: Path) -> None:
    """Share of gold single-word swaps whose original lemma the thesaurus proposes, and phrase coverage."""
    import difflib
    import statistics

    from lemminflect import getAllLemmas, getAllLemmasOOV

    sys.path.insert(0, str(ROOT))
    from app.engine.lexicon import PhraseDictionary, ReverseThesaurus
    from app.engine.tokens import tokenize
    from app.engine.types import TokenKind

    th = ReverseThesaurus.load(directory)
    phrases = PhraseDictionary.load(directory / "phrases.tsv")
    upos = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r", "AUX": "v"}

    def lemmas(word: str) -> set[tuple[str, str]]:
        w = word.lower()
        out = {(upos[u], lem.lower()) for u, ls in getAllLemmas(w).items() if u in upos for lem in ls}
        if not out:
            out = {
                (upos[u], lem.lower()) for u in ("NOUN", "VERB", "ADJ") for lem in getAllLemmasOOV(w, u)[u]
            }
        return out | {(p, w) for p in POS}

    single = hit = single_phrase = either = multi = multi_phrase = multi_th = 0
    ranks: list[int] = []
    for case in iter_cases(cases):
        a = [t.text for t in tokenize(case["spun"]) if t.kind is TokenKind.WORD]
        b = [t.text for t in tokenize(case["original"]) if t.kind is TokenKind.WORD]
        sm = difflib.SequenceMatcher(a=[w.lower() for w in a], b=[w.lower() for w in b], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            if op != "replace":
                continue
            spun = " ".join(a[i1:i2]).lower()
            orig = " ".join(b[j1:j2]).lower()
            in_phrases = any(r.original.lower() == orig for r in phrases.lookup(spun))
            golds = {lem for _, lem in lemmas(orig)} if j2 - j1 == 1 else {orig}
            if i2 - i1 == 1 and j2 - j1 == 1:
                single += 1
                best: int | None = None
                for p, lem in lemmas(spun):
                    for rank, r in enumerate(th.lookup(lem, p), 1):
                        if r.original in golds and (best is None or rank < best):
                            best = rank
                if best is not None:
                    hit += 1
                    ranks.append(best)
                single_phrase += in_phrases
                either += in_phrases or best is not None
            else:
                multi += 1
                multi_phrase += in_phrases
                words = spun.split()
                heads = {lem for p, lem in lemmas(words[0]) if p == "v"} | {words[0]}
                keys = {" ".join([h, *words[1:]]) for h in heads}
                multi_th += any(r.original in golds for k in keys for p in POS for r in th.lookup(k, p))
    pct = lambda n, d: f"{n} ({n / max(d, 1):.1%})"  # noqa: E731
    print(f"coverage on {cases.name}:")
    print(
        f"  single-word swaps {single}: thesaurus {pct(hit, single)}, phrases {pct(single_phrase, single)}, "
        f"either {pct(either, single)}"
    )
    if ranks:
        print(
            f"  rank of the gold original in thesaurus lookup: median {statistics.median(ranks)}, "
            f"mean {statistics.mean(ranks):.1f}, top-1 {sum(r == 1 for r in ranks) / len(ranks):.1%}"
        )
    print(
        f"  multi-word replaced spans {multi}: phrases {pct(multi_phrase, multi)}, "
        f"thesaurus multi-word keys {pct(multi_th, multi)} (many are adjacent single swaps, not phrases)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--out", type=Path, default=ROOT / "dictionaries" / "thesaurus.bin")
    ap.add_argument(
        "--sources",
        default="wn,moby,mythes",
        help="thesauri to use; 'wn,mythes' leaves out the GPL-2+ Aiksaurus data (see SOURCES.md)",
    )
    ap.add_argument(
        "--min-orig-zipf", type=float, default=3.0, help="originals must be this frequent (news words)"
    )
    ap.add_argument(
        "--min-spun-zipf", type=float, default=1.0, help="synonyms must be real English this frequent"
    )
    ap.add_argument(
        "--top", type=int, default=60, help="keep the N most frequent synonyms per original per source"
    )
    ap.add_argument(
        "--freq-power", type=float, default=0.5, help="P(s|o) grows as frequency(s) to this power"
    )
    ap.add_argument(
        "--mythes-generic",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include MyThes '(generic term)' hypernyms, which the LibreOffice thesaurus offers as synonyms",
    )
    ap.add_argument(
        "--coverage", type=Path, help="JSONL cases {spun, original}: measure coverage after building"
    )
    ap.add_argument("--no-build", action="store_true", help="only measure coverage of the existing artefact")
    args = ap.parse_args(argv)
    if not set(args.sources.split(",")) <= set(SOURCE_BITS):
        ap.error(f"--sources: choose from {', '.join(SOURCE_BITS)}")
    if not args.no_build:
        data = build(args)
        payload = zlib.compress(marshal.dumps(data), 9)
        write_atomic(args.out, payload)
        print(f"wrote {args.out} ({len(payload) / 1e6:.1f} MB)")
    sys.path.insert(0, str(ROOT))
    from app.engine.lexicon import ReverseThesaurus

    t0 = time.perf_counter()
    th = ReverseThesaurus.load(args.out.parent)
    print(f"load time {time.perf_counter() - t0:.3f}s; spun keys {th.n_keys:,}; max_words {th.max_words}")
    if args.coverage:
        coverage(args.coverage, args.out.parent)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
