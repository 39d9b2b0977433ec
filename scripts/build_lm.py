#!/usr/bin/env python3
"""Build unspin's n-gram language model (``dictionaries/lm/``) from fetched, openly licensed text.

Reproducible recipe for the committed model (the sources, their licences and commits are listed in
``dictionaries/SOURCES.md``): two trigram models over one vocabulary, mixed with a weight tuned on held-out
news (``lm_mix.py``)::

    # the shared vocabulary: 200,000 words from Wikinews (counted 3 times) and Wikipedia
    python scripts/build_lm.py --source wikinews=/work/lmdata/wikinews --source wikipedia=/work/lmdata/wikipedia \\
        --repeat wikinews=3 --heldout-from wikinews --heldout-every 50 --cutoffs 3,3 --out /work/lmdata/pooled
    # the components, written side by side into one folder
    python scripts/build_lm.py --source wikinews=/work/lmdata/wikinews --heldout-from wikinews \\
        --heldout-every 50 --heldout-out /work/lmdata/heldout_wikinews.txt --vocab /work/lmdata/pooled/vocab.txt \\
        --cutoffs 1,1 --out dictionaries/lm --prefix news.
    python scripts/build_lm.py --source wikipedia=/work/lmdata/wikipedia --heldout-every 0 \\
        --vocab /work/lmdata/pooled/vocab.txt --cutoffs 4,5 --out dictionaries/lm --prefix wiki.
    python scripts/lm_mix.py --dir dictionaries/lm --component news --component wiki \\
        --heldout /work/lmdata/heldout_wikinews.txt --name kn3-mix-wikinews+wikipedia-punct

Steps: (1) tokenise every file in parallel into sentence streams and word counts, holding out every
``--heldout-every``-th document of one source for evaluation; (2) choose the vocabulary (most frequent
words, the rest become ``<unk>``); (3) turn the streams into one id array; (4) count n-grams, estimate
interpolated modified Kneser-Ney, prune by count and renormalise backoffs (``lm_kn.py``); (5) write
memory-mappable arrays with 8-bit quantised log-probabilities and backoffs (read by
``app/engine/lm_ngram.py``). The corpus itself is never written into the repository.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
import zlib
from array import array
from collections import Counter
from contextlib import nullcontext
from multiprocessing import Pool
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

from lm_corpus import corpus_files, tokenize_file
from lm_kn import Level, count_level, estimate, fold, log_or_floor, prune, quantize

from app.engine.lm_ngram import BOS, EOS, FORMAT, NUM, UNK

_VOCAB: dict[str, int] = {}
_DROP: frozenset[str] = frozenset()


def _init_vocab(vocab: dict[str, int], drop: frozenset[str]) -> None:
    global _VOCAB, _DROP
    _VOCAB = vocab
    _DROP = drop


def _tokenize_job(job: tuple[str, str, str, int]) -> tuple[str, dict[str, int], int, int, int, list[str]]:
    source, path, stream, every = job
    # held-out documents are picked by a hash of the file and document number: stable, order-free
    offset = zlib.crc32(path.encode()) if every > 0 else 0
    r = tokenize_file(Path(path), Path(stream), every, offset)
    return source, dict(r.counts), r.sentences, r.tokens, r.documents, r.heldout


def _ids_job(stream: str) -> np.ndarray:
    get = _VOCAB.get
    unk, bos, eos = _VOCAB[UNK], _VOCAB[BOS], _VOCAB[EOS]
    out = array("i")
    with open(stream, encoding="utf-8") as f:
        for line in f:
            out.append(bos)
            if _DROP:
                out.extend([get(w, unk) for w in line.split() if w not in _DROP])
            else:
                out.extend([get(w, unk) for w in line.split()])
            out.append(eos)
    return np.frombuffer(out, dtype=np.int32).copy()


def tokenize_all(
    jobs: list[tuple[str, str, str, int]], sources: list[tuple[str, Path]], workers: int, t0: float
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]], list[str]]:
    """Pass 1: every file to a sentence stream; word counts per source, statistics, held-out paragraphs."""
    log(f"tokenising {len(jobs)} files from {len(sources)} sources with {workers} workers", t0)
    counts: dict[str, Counter[str]] = {n: Counter() for n, _ in sources}
    stats = {n: {"files": 0, "documents": 0, "sentences": 0, "tokens": 0} for n, _ in sources}
    heldout: list[str] = []
    with Pool(workers) if workers > 1 else nullcontext() as pool:
        results = pool.imap(_tokenize_job, jobs, chunksize=1) if pool else map(_tokenize_job, jobs)
        for source, c, sents, toks, docs, held in results:
            counts[source].update(c)
            s = stats[source]
            s["files"] += 1
            s["documents"] += docs
            s["sentences"] += sents
            s["tokens"] += toks
            heldout += held
    return {n: dict(c) for n, c in counts.items()}, stats, heldout


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--source", action="append", required=True, metavar="NAME=PATH", help="corpus folder or file"
    )
    p.add_argument("--out", type=Path, required=True, help="model folder to (re)write, e.g. dictionaries/lm")
    p.add_argument("--order", type=int, default=3)
    p.add_argument("--vocab-size", type=int, default=200_000, help="words kept, specials included")
    p.add_argument("--min-count", type=int, default=2, help="a word needs this many occurrences")
    p.add_argument("--vocab", type=Path, default=None, help="use this vocab.txt instead of choosing one")
    p.add_argument("--cutoffs", default="2,3", help="minimum counts for orders 2..N, non-decreasing")
    p.add_argument("--heldout-from", default="", help="source whose documents are sampled for evaluation")
    p.add_argument("--heldout-every", type=int, default=50, help="hold out one document in this many")
    p.add_argument("--heldout-out", type=Path, default=None, help="where to write held-out paragraphs")
    p.add_argument(
        "--repeat",
        action="append",
        default=[],
        metavar="NAME=K",
        help="count a source K times (weights the in-domain news against the encyclopedia)",
    )
    p.add_argument(
        "--numbers",
        choices=("drop", "token"),
        default="token",
        help="keep numbers as <num> (the decoder gives them to the model as context) or drop them",
    )
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--name", default="", help="model name reported by the engine")
    p.add_argument(
        "--prefix",
        default="",
        help="write the files as --out/PREFIX* beside other files (a mixture component, e.g. 'news.')",
    )
    p.add_argument("--work", type=Path, default=None, help="scratch folder, kept (default: a temporary one)")
    p.add_argument("--reuse", action="store_true", help="reuse the tokenised streams already in --work")
    args = p.parse_args(argv)
    cut = [int(x) for x in args.cutoffs.split(",") if x.strip()]
    if len(cut) != args.order - 1 or any(b < a for a, b in itertools.pairwise(cut)) or min(cut) < 1:
        p.error(f"--cutoffs needs {args.order - 1} non-decreasing positive counts")
    if not 2 <= args.order <= 4:
        p.error("--order must be 2, 3 or 4")
    args.thresholds = [0, 0, *cut]
    return args


def log(msg: str, t0: float) -> None:
    print(f"[{time.time() - t0:7.1f}s] {msg}", file=sys.stderr, flush=True)


def build(args: argparse.Namespace) -> dict[str, object]:
    t0 = time.time()
    sources: list[tuple[str, Path]] = []
    for spec in args.source:
        name, _, path = spec.partition("=")
        if not path:
            name, path = Path(spec).name, spec
        if not Path(path).exists():
            raise SystemExit(f"build_lm: error: source {name!r} not found at {path}")
        sources.append((name, Path(path)))
    work = args.work or Path(tempfile.mkdtemp(prefix="unspin-lm-"))
    work.mkdir(parents=True, exist_ok=True)
    repeat = {name: int(k) for name, _, k in (r.partition("=") for r in args.repeat)}
    jobs: list[tuple[str, str, str, int]] = []
    for name, root in sources:
        every = args.heldout_every if name == args.heldout_from else 0
        for i, f in enumerate(corpus_files(root)):
            jobs.append((name, str(f), str(work / f"{name}-{i:05d}.txt"), every))
    cache = work / "pass1.json"
    fingerprint = [jobs, args.heldout_every, args.heldout_from]
    if (
        args.reuse
        and cache.is_file()
        and json.loads(cache.read_text())["fingerprint"] == json.loads(json.dumps(fingerprint))
    ):
        saved = json.loads(cache.read_text())
        raw_counts, stats, heldout = saved["counts"], saved["stats"], saved["heldout"]
        log(f"reusing the tokenised streams in {work}", t0)
    else:
        raw_counts, stats, heldout = tokenize_all(jobs, sources, args.jobs, t0)
        if args.work is not None:
            cache.write_text(
                json.dumps(
                    {"fingerprint": fingerprint, "counts": raw_counts, "stats": stats, "heldout": heldout}
                )
            )
    counts: Counter[str] = Counter()
    for name, c in raw_counts.items():
        k = repeat.get(name, 1)
        counts.update({w: n * k for w, n in c.items()} if k != 1 else c)
    log(f"counted {sum(counts.values()):,} tokens (repeats included), {len(counts):,} word types", t0)
    if args.heldout_out is not None:
        args.heldout_out.parent.mkdir(parents=True, exist_ok=True)
        args.heldout_out.write_text("\n".join(heldout) + "\n", encoding="utf-8")
        log(f"wrote {len(heldout):,} held-out paragraphs to {args.heldout_out}", t0)

    # since session 6 the decoder gives numbers to the model as <num> context; --numbers drop is the old way
    drop = frozenset([NUM]) if args.numbers == "drop" else frozenset()
    for w in drop:
        counts.pop(w, None)
    specials = [UNK, BOS, EOS]
    if args.vocab is not None:  # a fixed vocabulary, shared by the components of a mixture
        words = args.vocab.read_text(encoding="utf-8").split("\n")
        words = [w for w in words if w]
        if words[:3] != specials:
            raise SystemExit(f"build_lm: error: {args.vocab} must start with {' '.join(specials)}")
    else:
        ranked = [w for w, c in counts.most_common() if c >= args.min_count and w not in specials]
        words = specials + ranked[: args.vocab_size - len(specials)]
    vocab = {w: i for i, w in enumerate(words)}
    v = len(words)
    unk_types = max(sum(1 for w in counts if w not in vocab), 1)
    unk_tokens = sum(c for w, c in counts.items() if w not in vocab)
    log(f"vocabulary {v:,} words; {unk_types:,} types ({unk_tokens:,} tokens) become {UNK}", t0)
    del counts, raw_counts

    streams = [j[2] for j in jobs]
    if args.jobs > 1:
        with Pool(args.jobs, initializer=_init_vocab, initargs=(vocab, drop)) as pool:
            parts = pool.map(_ids_job, streams, chunksize=1)
    else:
        _init_vocab(vocab, drop)
        parts = [_ids_job(s) for s in streams]
    # a repeated source is simply counted k times over
    parts = [p for job, p in zip(jobs, parts, strict=True) for _ in range(repeat.get(job[0], 1))]
    tokens = np.concatenate(parts) if parts else np.zeros(0, np.int32)
    del parts
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    sentence_id = np.cumsum(tokens == vocab[BOS], dtype=np.int32)
    log(f"id array of {tokens.size:,} positions", t0)

    uni_counts = np.bincount(tokens, minlength=v).astype(np.int64)
    levels = [Level(1, np.arange(v, dtype=np.uint64), np.arange(v, dtype=np.int32)[:, None], uni_counts)]
    for n in range(2, args.order + 1):
        levels.append(count_level(tokens, sentence_id, n, v))
        c = levels[-1].counts
        seen = ", ".join(f">={t}: {int(np.count_nonzero(c >= t)):,}" for t in (2, 3, 4, 5, 8))
        log(f"order {n}: {c.size:,} distinct n-grams ({seen})", t0)
    del tokens, sentence_id
    estimate(levels, v, vocab[BOS])
    log("estimated interpolated modified Kneser-Ney", t0)
    prune(levels, args.thresholds, v)
    log("pruned: " + ", ".join(f"order {lv.n} keeps {int(lv.keep.sum()):,}" for lv in levels[1:]), t0)

    meta = write_model(args, levels, words, unk_types, stats)
    log(f"wrote {args.out} ({meta['bytes']:,} bytes)", t0)
    return meta


def write_model(
    args: argparse.Namespace,
    levels: list[Level],
    words: list[str],
    unk_types: int,
    stats: dict[str, dict[str, int]],
) -> dict[str, object]:
    """Write the model as a trie: per order, the last word of each kept n-gram, grouped by its context.

    The n-grams of order n are sorted by (index of their context among the kept (n-1)-grams, last word), so
    the continuations of one context are a contiguous block that ``ngram{n-1}_next.npy`` points to and a
    look-up is a short binary search over 4-byte word ids instead of a search over all 64-bit keys.
    """
    v = len(words)
    out: Path = args.out
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    uni = levels[0]
    uni_table = np.stack([log_or_floor(uni.prob), log_or_floor(uni.bow)], axis=1).astype(np.float32)
    np.save(tmp / "uni.npy", uni_table)
    prob_books: dict[str, list[float]] = {}
    bow_books: dict[str, list[float]] = {}
    kept: dict[str, int] = {"1": v}
    distinct: dict[str, int] = {"1": v}
    prev_keys = np.arange(v, dtype=np.uint64)  # exact keys of the previous order's entries, in entry order
    for lev in levels[1:]:
        k = lev.keep
        grams = lev.grams[k]
        ctx_keys = fold([grams[:, j] for j in range(lev.n - 1)], v)
        ctx_index = np.searchsorted(prev_keys, ctx_keys)
        if ctx_index.size and not np.array_equal(
            prev_keys[np.minimum(ctx_index, prev_keys.size - 1)], ctx_keys
        ):
            raise AssertionError(f"order {lev.n}: a kept n-gram has no kept context")
        order = np.lexsort((grams[:, -1], ctx_index))
        name = "uni" if lev.n == 2 else f"ngram{lev.n - 1}"
        offsets = np.searchsorted(ctx_index[order], np.arange(prev_keys.size + 1)).astype(np.uint32)
        np.save(tmp / f"{name}_next.npy", offsets)
        np.save(tmp / f"ngram{lev.n}_words.npy", grams[order, -1].astype(np.uint32))
        codes, book = quantize(log_or_floor(lev.prob[k])[order])
        np.save(tmp / f"ngram{lev.n}_prob.npy", codes)
        prob_books[str(lev.n)] = [round(float(x), 6) for x in book]
        if lev.n < args.order:
            codes, book = quantize(log_or_floor(lev.bow[k])[order])
            np.save(tmp / f"ngram{lev.n}_bow.npy", codes)
            bow_books[str(lev.n)] = [round(float(x), 6) for x in book]
            prev_keys = fold([grams[order, j] for j in range(lev.n)], v)
        kept[str(lev.n)] = int(k.sum())
        distinct[str(lev.n)] = int(lev.keys.size)
    meta: dict[str, object] = {
        "format": FORMAT,
        "name": args.name or f"kn{args.order}-{'+'.join(s.split('=')[0] for s in args.source)}",
        "order": args.order,
        "vocab_size": v,
        "smoothing": "interpolated modified Kneser-Ney, count-pruned, backoffs renormalised",
        "discounts": {str(lv.n): [round(d, 4) for d in lv.discounts] for lv in levels},
        "cutoffs": {str(n): args.thresholds[n] for n in range(2, args.order + 1)},
        "ngrams_distinct": distinct,
        "ngrams_kept": kept,
        "unk_types": unk_types,
        "unk_penalty": round(math.log(unk_types), 4),
        "sources": stats,
        "numbers": args.numbers,
        "repeat": {name: int(k) for name, _, k in (r.partition("=") for r in args.repeat)},
        "prob_codebook": prob_books,
        "bow_codebook": bow_books,
        "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    meta["bytes"] = sum(f.stat().st_size for f in tmp.iterdir())
    (tmp / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    if args.prefix:  # one component of a mixture: its files sit beside the other components'
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob(f"{args.prefix}*"):
            old.unlink()
        for f in tmp.iterdir():
            f.replace(out / f"{args.prefix}{f.name}")
        tmp.rmdir()
    else:
        shutil.rmtree(out, ignore_errors=True)
        tmp.rename(out)
    return meta


def main(argv: list[str] | None = None) -> int:
    build(parse_args(argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
