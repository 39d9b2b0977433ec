#!/usr/bin/env python3
"""Language-model benchmark: the committed n-gram model against the symspellpy bigram baseline, and the
neural model (when installed) against the n-gram model.

Prints load time, process RSS, ``logprob`` calls per second (cold: every query new; warm: the repeated
queries a beam search makes), per-word perplexity on held-out text, and the share of spun/original phrase
pairs for which each model prefers the original (the decision the decoder has to get right).

    python bench/lm.py [--model dictionaries/lm] [--heldout /work/lmdata/heldout_wikinews.txt] [--max-words N]

The held-out file is written by ``scripts/build_lm.py --heldout-out`` (documents never used for training);
without it a few paragraphs written for this benchmark are scored instead.
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.engine.lm import LanguageModel, PackageBigramLM  # noqa: E402
from app.engine.lm_ngram import BOS, NUM, MixtureLM, NgramLM, lm_sentences, load_ngram_lm  # noqa: E402

# (original, spun) pairs in the style of sense-blind thesaurus spinners; written for this benchmark
PAIRS: list[tuple[str, str]] = [
    ("officials said", "officers stated"),
    ("national security", "nationwide safety"),
    ("the union returned to the bargaining table", "the union returned to the bargaining desk"),
    ("she came back home", "she got here back home"),
    ("they worked through the night", "they worked by way of the night"),
    ("the prime minister said", "the top minister stated"),
    ("a vision for the country", "an imaginative and prescient for the country"),
    ("climate change", "local weather change"),
    ("human rights groups", "human proper teams"),
    ("last year", "final yr"),
    ("the stock market", "the inventory market"),
    ("interest rates rose", "curiosity charges rose"),
    ("the white house said", "the white home stated"),
    ("heavy rain fell", "weighty rain fell"),
    ("the world cup final", "the world cup ultimate"),
    ("the supreme court ruled", "the very best courtroom dominated"),
    ("the police arrested two men", "the law enforcement officials arrested two males"),
    ("the election results", "the election outcomes"),
    ("the government announced plans", "the authorities introduced plans"),
    ("according to the report", "in accordance with the report"),
    ("at least ten people were killed", "at the least ten individuals had been killed"),
    ("the company said in a statement", "the corporate stated in an announcement"),
    ("the health minister", "the well being minister"),
    ("at a press conference", "at a press convention"),
    ("the death toll rose", "the dying toll rose"),
    ("the opposition party", "the opposition social gathering"),
    ("the economy grew", "the financial system grew"),
    ("the general election", "the overall election"),
    ("the united nations", "the united countries"),
    ("the foreign minister", "the overseas minister"),
    ("the peace process", "the peace course of"),
    ("the military said", "the navy stated"),
    ("aid agencies", "help businesses"),
    ("the fire brigade", "the fireplace brigade"),
    ("the football club", "the soccer membership"),
    ("the chief executive", "the chief govt"),
    ("the city council voted", "the metropolis council voted"),
    ("the house of representatives", "the home of representatives"),
    ("the european commission", "the european fee"),
    ("the central bank", "the central financial institution"),
    ("public health", "public well being"),
    ("for the first time in years", "for the primary time in years"),
    ("on the other hand", "on the opposite hand"),
    ("in the meantime", "within the meantime"),
    ("a number of people", "quite a lot of individuals"),
    ("the search for survivors", "the seek for survivors"),
    ("the results of the study", "the outcomes of the research"),
    ("the rescue workers", "the rescue employees"),
    ("the trade deal", "the commerce deal"),
    ("the oil price", "the oil worth"),
    ("declared a state of emergency", "declared a state of affairs of emergency"),
    ("the election campaign", "the election marketing campaign"),
    ("the main opposition leader", "the primary opposition chief"),
    ("the capital city", "the capital metropolis"),
    ("the head of the police", "the pinnacle of the police"),
    ("a senior official told reporters", "a senior authentic advised reporters"),
    ("the weather forecast", "the climate forecast"),
    ("the new law", "the brand new legislation"),
    ("the case was heard in court", "the case was heard in courtroom"),
    ("the budget deficit", "the price range deficit"),
    ("the national team", "the nationwide crew"),
    ("he scored two goals", "he scored two objectives"),
    ("the final score", "the ultimate rating"),
    ("we can't afford it", "we are able to't afford it"),
    # harder: the spun words are common English too
    ("the report found that", "the report discovered that"),
    ("he told reporters on monday", "he informed reporters on monday"),
    ("at the moment", "at the second"),
    ("in the long run", "in the lengthy run"),
    ("to take part in the talks", "to take section in the talks"),
    ("the right to vote", "the proper to vote"),
    ("the bill is on the way", "the bill is on the best way"),
    ("he said in a statement", "he mentioned in a statement"),
    ("last week", "final week"),
    ("next week", "subsequent week"),
    ("the number of cases", "the variety of cases"),
    ("as soon as possible", "as quickly as attainable"),
    ("many people were injured", "many individuals have been injured"),
    ("the decision was taken", "the choice was taken"),
    ("a big step forward", "a massive step ahead"),
    ("the government said it would", "the federal government stated it will"),
]

FALLBACK_TEXT = """\
The city council voted on Tuesday to delay the new housing plan until after the summer.
Officials said the decision was made because the costs had risen sharply over the past year.
Police arrested two men near the station late on Friday night, a spokesman said.
The company said in a statement that it expected profits to fall in the second half of the year.
Heavy rain caused flooding in several towns, and thousands of homes were left without power.
The prime minister told reporters that the government would publish its budget next month.
"""


def rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def score(lm: LanguageModel, words: Sequence[str]) -> float:
    """Sum of log P(w | previous words), the sentence opened by <s>; no </s>, so phrases compare fairly."""
    ctx: list[str] = [BOS]
    total = 0.0
    for w in words:
        total += lm.logprob(w, tuple(ctx[-3:]))
        ctx.append(w)
    return total


def perplexity(lm: LanguageModel, sentences: Sequence[Sequence[str]]) -> float:
    """Per-word perplexity (no </s>, which the baseline does not model), OOV words scored at each floor."""
    total = 0.0
    n = 0
    for s in sentences:
        total += score(lm, s)
        n += len(s)
    return math.exp(-total / max(n, 1))


class NormalisedBaseline:
    """The baseline with each P(. | prev) divided by its total, so that its perplexity means something.

    The symspellpy lists mix counts from different corpora and back off without discounting, so the raw
    baseline's distributions sum to far more than one (about 30 after "the"), which makes its raw perplexity
    look better than any real model's. Z(prev) is computed exactly from the bigram list.
    """

    def __init__(self, base: PackageBigramLM) -> None:
        self.base = base
        self.order = base.order
        self.punctuation = base.punctuation
        self.name = base.name + "-normalised"
        total = base.total
        seen: dict[str, float] = {}
        uni_mass: dict[str, float] = {}
        for (prev, w), c in base.bi.items():
            seen[prev] = seen.get(prev, 0.0) + c / base.uni.get(prev, c * 2)
            uni_mass[prev] = uni_mass.get(prev, 0.0) + base.uni.get(w, 0) / total
        back = math.exp(base.BACKOFF)
        unigram_total = sum(c for w, c in base.uni.items() if w != BOS) / total
        self.log_z: dict[str, float] = {
            prev: math.log(seen[prev] + back * (unigram_total - uni_mass[prev])) for prev in seen
        }
        self.log_z_default = math.log(back * unigram_total)

    def logprob(self, word: str, context: tuple[str, ...]) -> float:
        z = self.log_z.get(context[-1], self.log_z_default) if context else 0.0
        return self.base.logprob(word, context) - z

    def unigram_logprob(self, word: str) -> float:
        return self.base.unigram_logprob(word)

    def register(self, word: str) -> float:
        return self.base.register(word)


def calls_per_second(lm: LanguageModel, queries: list[tuple[str, tuple[str, ...]]], warm: bool) -> float:
    if isinstance(lm, NgramLM | MixtureLM):
        lm._cache.clear()
    if warm:  # a beam search asks the same few hundred questions over and over
        queries = queries[:500] * (len(queries) // 500)
    t0 = time.perf_counter()
    for w, c in queries:
        lm.logprob(w, c)
    return len(queries) / (time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", type=Path, default=ROOT / "dictionaries" / "lm")
    p.add_argument("--heldout", type=Path, default=Path("/work/lmdata/heldout_wikinews.txt"))
    p.add_argument("--max-words", type=int, default=60_000, help="held-out words to score")
    p.add_argument("--neural", type=Path, default=ROOT / "dictionaries" / "nlm", help="neural model folder")
    args = p.parse_args(argv)

    rss0 = rss_mb()
    t0 = time.perf_counter()
    lm = load_ngram_lm(args.model)
    load_s = time.perf_counter() - t0
    if lm is None:
        print(f"no n-gram model in {args.model}", file=sys.stderr)
        return 1
    rss1 = rss_mb()
    t0 = time.perf_counter()
    base = PackageBigramLM.from_symspellpy()
    base_load_s = time.perf_counter() - t0
    rss2 = rss_mb()
    size = sum(f.stat().st_size for f in args.model.rglob("*") if f.is_file())
    print(
        f"model           {lm.name}  order {lm.order}  vocab {lm.vocab_size:,}  {size / 1e6:.1f} MB on disk"
    )
    if isinstance(lm, MixtureLM):
        parts = ", ".join(f"{c.get('prefix') or c.get('dir')} {c['weight']}" for c in lm.meta["components"])
        print(f"                mixture of {parts}")
    print(
        f"load            n-gram {load_s:.2f} s (+{rss1 - rss0:.0f} MB RSS)   baseline {base_load_s:.2f} s "
        f"(+{rss2 - rss1:.0f} MB RSS)"
    )

    if args.heldout.is_file():
        text, source = args.heldout.read_text(encoding="utf-8"), str(args.heldout)
    else:
        text, source = FALLBACK_TEXT, "built-in sample paragraphs"
    sentences: list[list[str]] = []
    n_words = 0
    drop_numbers = (
        NUM not in lm.ids
    )  # a model built with --numbers drop never sees them (nor does the decoder)
    for s in lm_sentences(text):
        if drop_numbers:
            s = [w for w in s if w != NUM]
        if not s:
            continue
        sentences.append(s)
        n_words += len(s)
        if n_words >= args.max_words:
            break
    rng = random.Random(7)
    queries: list[tuple[str, tuple[str, ...]]] = []
    for s in sentences:
        ctx = [BOS, *s]
        for i, w in enumerate(s):
            queries.append((w, tuple(ctx[max(0, i - 2) : i + 1])))
    rng.shuffle(queries)
    queries = queries[:50_000]
    for name, model in (("n-gram", lm), ("baseline", base)):
        cold = calls_per_second(model, queries, warm=False)
        warm = calls_per_second(model, queries, warm=True)
        print(f"calls/s         {name:9s} cold {cold:>10,.0f}   warm {warm:>10,.0f}")
    print(f"RSS             {rss_mb():.0f} MB after the speed runs (both models loaded)")

    oov = sum(1 for s in sentences for w in s if w not in lm.ids) / max(n_words, 1)
    t0 = time.perf_counter()
    ppl = perplexity(lm, sentences)
    ppl_s = time.perf_counter() - t0
    ppl_base = perplexity(base, sentences)
    ppl_norm = perplexity(NormalisedBaseline(base), sentences)
    mass = sum(math.exp(base.logprob(w, ("the",))) for w in base.uni)
    print(f"perplexity      on {n_words:,} held-out words from {source} (n-gram OOV {oov:.2%})")
    print(f"                n-gram {ppl:8.1f}   baseline normalised {ppl_norm:8.1f}   ({ppl_s:.1f} s)")
    print(
        f"                (raw baseline {ppl_base:.1f}, not comparable: its P(. | 'the') sums to {mass:.1f})"
    )

    right = {"n-gram": 0, "baseline": 0}
    wrong: list[str] = []
    for good, spun in PAIRS:
        g, s = next(lm_sentences(good)), next(lm_sentences(spun))
        for name, model in (("n-gram", lm), ("baseline", base)):
            ok = score(model, g) > score(model, s)
            right[name] += ok
            if name == "n-gram" and not ok:
                wrong.append(f"{good!r} < {spun!r}")
    n = len(PAIRS)
    print(
        f"discrimination  prefers the original in {n} pairs: n-gram {right['n-gram']}/{n} "
        f"({right['n-gram'] / n:.0%})   baseline {right['baseline']}/{n} ({right['baseline'] / n:.0%})"
    )
    for w in wrong:
        print(f"                n-gram wrong: {w}")
    if args.neural is not None and (args.neural / "meta.json").is_file():
        neural_report(args.neural, lm, sentences)
    return 0


def neural_report(directory: Path, lm: NgramLM | MixtureLM, sentences: Sequence[Sequence[str]]) -> None:
    """The neural model (``app/engine/nlm.py``) on the same held-out sentences and pairs: its scores as the
    engine uses them (self-normalised, no softmax), against the n-gram model on the same tokens."""
    from app.engine.lm_ngram import EOS
    from app.engine.nlm import NeuralLM

    t0 = time.perf_counter()
    nlm = NeuralLM(directory)
    print(f"neural          {nlm.name}  vocab {len(nlm.ids):,}  loaded in {time.perf_counter() - t0:.2f} s")
    nn_total = ng_total = 0.0
    tokens = skipped = 0
    t0 = time.perf_counter()
    for k in range(0, len(sentences), 64):
        chunk = sentences[k : k + 64]
        rows = [[nlm.bos_id, *nlm.token_ids(s), nlm.ids[EOS]] for s in chunk]
        run = nlm.run(rows)
        for j, (s, row) in enumerate(zip(chunk, rows, strict=True)):
            ctx = [BOS]
            for t, w in enumerate([*s, EOS], start=1):
                ng = lm.logprob(w, tuple(ctx[-2:]))
                ctx.append(w)
                if row[t] == 0:  # outside the neural vocabulary: the engine never uses such a score
                    skipped += 1
                    continue
                nn_total += float(run.scores[t, j])
                ng_total += ng
                tokens += 1
    print(
        f"                perplexity on {tokens:,} in-vocabulary tokens: neural {math.exp(-nn_total / tokens):.1f}"
        f"   n-gram {math.exp(-ng_total / tokens):.1f}   ({skipped:,} tokens outside; "
        f"{time.perf_counter() - t0:.1f} s)"
    )
    right = sum(
        nlm.sentence_logprob(next(lm_sentences(g))) > nlm.sentence_logprob(next(lm_sentences(sp)))
        for g, sp in PAIRS
    )
    print(f"                prefers the original in {right}/{len(PAIRS)} pairs")


if __name__ == "__main__":
    raise SystemExit(main())
