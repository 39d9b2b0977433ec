#!/usr/bin/env python3
"""Tune the weights of a mixture of n-gram models on held-out text and write ``mixture.json``.

The components are models built by ``build_lm.py`` with one shared ``--vocab`` into ``--dir``, either as
prefixed files (``--prefix news.``, the committed layout: one flat folder) or as sub-folders; the weights are
the maximum-likelihood ones on held-out text (EM on the per-word component probabilities)::

    python scripts/lm_mix.py --dir dictionaries/lm --component news --component wiki \\
        --heldout /work/lmdata/heldout_wikinews.txt
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.engine.lm_ngram import BOS, MIXTURE_FORMAT, NUM, MixtureLM, NgramLM, lm_sentences


def component_logprobs(models: list[NgramLM], sentences: list[list[str]]) -> list[list[float]]:
    """log P_i(w | h) for every held-out word (no </s>: the decoder never asks for it), per component."""
    out: list[list[float]] = [[] for _ in models]
    for s in sentences:
        ctx = [BOS]
        for w in s:
            h = tuple(ctx[-2:])
            for i, m in enumerate(models):
                out[i].append(m._raw(w, h))
            ctx.append(w)
    return out


def em_weights(logps: list[list[float]], iterations: int = 30) -> list[float]:
    """Maximum-likelihood mixture weights (EM), starting from uniform."""
    k = len(logps)
    weights = [1.0 / k] * k
    n = len(logps[0])
    for _ in range(iterations):
        resp = [0.0] * k
        for t in range(n):
            parts = [math.log(weights[i]) + logps[i][t] for i in range(k)]
            top = max(parts)
            z = sum(math.exp(p - top) for p in parts)
            for i in range(k):
                resp[i] += math.exp(parts[i] - top) / z
        weights = [max(r / n, 1e-4) for r in resp]
        total = sum(weights)
        weights = [w / total for w in weights]
    return weights


def mixture_perplexity(logps: list[list[float]], weights: list[float]) -> float:
    total = 0.0
    n = len(logps[0])
    for t in range(n):
        parts = [math.log(weights[i]) + logps[i][t] for i in range(len(weights))]
        top = max(parts)
        total += top + math.log(sum(math.exp(p - top) for p in parts))
    return math.exp(-total / max(n, 1))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", type=Path, required=True, help="folder holding the component folders")
    p.add_argument("--component", action="append", required=True, help="component folder name (repeat)")
    p.add_argument("--heldout", type=Path, required=True, help="held-out text (build_lm.py --heldout-out)")
    p.add_argument("--max-words", type=int, default=60_000)
    p.add_argument(
        "--skip-words",
        type=int,
        default=60_000,
        help="skip this many held-out words first (bench/lm.py scores them, so they stay unseen)",
    )
    p.add_argument("--name", default="")
    args = p.parse_args(argv)
    # a component NAME is either files NAME.* in --dir (build_lm.py --prefix NAME.) or a sub-folder NAME
    where = [
        {"prefix": f"{c}."} if (args.dir / f"{c}.meta.json").is_file() else {"dir": c} for c in args.component
    ]
    models = [NgramLM(args.dir / w.get("dir", ""), w.get("prefix", "")) for w in where]
    sentences: list[list[str]] = []
    n = skipped = 0
    for s in lm_sentences(args.heldout.read_text(encoding="utf-8")):
        s = [w for w in s if w != NUM or NUM in models[0].ids]
        if skipped < args.skip_words:
            skipped += len(s)
            continue
        if s:
            sentences.append(s)
            n += len(s)
        if n >= args.max_words:
            break
    if not sentences:
        raise SystemExit(f"lm_mix: error: no held-out words left after skipping {args.skip_words}")
    logps = component_logprobs(models, sentences)
    weights = em_weights(logps)
    single = {c: round(math.exp(-sum(lp) / len(lp)), 2) for c, lp in zip(args.component, logps, strict=True)}
    mixed = mixture_perplexity(logps, weights)
    rounded = [round(w, 4) for w in weights]
    rounded[-1] = round(1.0 - sum(rounded[:-1]), 4)  # so that the weights sum to one exactly
    spec = {
        "format": MIXTURE_FORMAT,
        "name": args.name or "mix-" + "+".join(args.component),
        "components": [{**loc, "weight": w} for loc, w in zip(where, rounded, strict=True)],
        "tuned_on": {"file": args.heldout.name, "skipped_words": skipped, "words": n},
        "heldout_perplexity": {"mixture": round(mixed, 2), **single},
    }
    (args.dir / "mixture.json").write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    MixtureLM(args.dir)  # refuse to leave behind a mixture that does not load
    print(json.dumps(spec))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
