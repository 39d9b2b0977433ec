#!/usr/bin/env python3
"""Train unspin's neural language model: one LSTM layer over the n-gram model's token streams.

The engine runs it with numpy (``app/engine/nlm.py``); training needs PyTorch, at build time only::

    python3 -m venv /tmp/nlm && /tmp/nlm/bin/pip install torch==2.13.0 numpy threadpoolctl
    /tmp/nlm/bin/python scripts/build_nlm.py --streams WORK --out dictionaries/nlm --minutes 50

``WORK`` is the scratch folder of the pooled n-gram build (``scripts/build_lm.py --work WORK``): its
``*.txt`` streams hold one tokenised sentence a line (the tokens the decoder gives the models: words,
``<num>``, punctuation), its ``pass1.json`` the token counts per source. Held-out documents never reach the
streams, so the held-out Wikinews cases stay unseen.

How it is trained, and why:

* vocabulary: the most frequent ``--vocab`` tokens (Wikinews counted three times, as in the n-gram build);
  the rest is ``<unk>``, whose score the engine never uses;
* the model: embedding and output layer shared (V×d), one LSTM layer of width d, an output bias;
* the loss: a sampled softmax (``--neg`` negatives a batch, drawn from the unigram distribution to the power
  0.75, with the usual log Q correction) plus ``--alpha`` × (estimated log normaliser)², so that the raw
  score ``u_w · h + b_w`` is itself close to log P(w | history): the engine then needs one dot product per
  token instead of a softmax over the whole vocabulary;
* a fixed time budget (``--minutes``) rather than a number of epochs: the machine has two cores, and the
  model is still improving when it stops.

At the end the script measures, on the held-out sentences of ``--heldout``, the mean and spread of the true
log normaliser (its mean is stored as ``log_z`` and subtracted at run time) and the perplexity of the model
alone, and writes ``meta.json``, ``vocab.txt`` and ``weights.npz`` (float16) to ``--out``.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app.engine.lm_ngram import BOS, EOS, UNK, lm_sentences
from app.engine.nlm import FORMAT


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--streams", type=Path, required=True, help="scratch folder of the pooled n-gram build")
    p.add_argument("--out", type=Path, required=True, help="model folder to (re)write, e.g. dictionaries/nlm")
    p.add_argument("--heldout", type=Path, default=None, help="held-out text for log Z and perplexity")
    p.add_argument("--vocab", type=int, default=40_000, help="tokens kept, specials included")
    p.add_argument("--dim", type=int, default=256, help="embedding and LSTM width")
    p.add_argument("--neg", type=int, default=1024, help="sampled negatives per batch")
    p.add_argument("--alpha", type=float, default=0.1, help="weight of the self-normalisation penalty")
    p.add_argument("--batch", type=int, default=128, help="sentences per batch")
    p.add_argument("--maxlen", type=int, default=48, help="longer sentences are cut into pieces")
    p.add_argument("--news-repeat", type=int, default=2, help="times each Wikinews sentence is seen")
    p.add_argument("--wiki-files", type=int, default=60, help="Wikipedia stream files used (random)")
    p.add_argument("--minutes", type=float, default=50.0, help="training time budget")
    p.add_argument(
        "--init", type=Path, default=None, help="continue training this model folder (same vocabulary)"
    )
    p.add_argument(
        "--lr", type=float, default=2e-3, help="Adam learning rate at the start (×0.7 every 2,000 batches)"
    )
    p.add_argument(
        "--reverse",
        action="store_true",
        help="a backward model: each sentence read last token first (``<s>`` then stands for its end)",
    )
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--seed", type=int, default=0)
    return p.parse_args(argv)


def choose_vocab(counts_by_source: dict[str, dict[str, int]], size: int) -> list[str]:
    counts: dict[str, int] = {}
    for source, c in counts_by_source.items():
        weight = 3 if source == "wikinews" else 1
        for w, n in c.items():
            counts[w] = counts.get(w, 0) + weight * n
    specials = [UNK, BOS, EOS]
    ranked = sorted((w for w in counts if w not in specials), key=lambda w: (-counts[w], w))
    return specials + ranked[: size - len(specials)]


def read_sequences(
    files: list[Path], ids: dict[str, int], maxlen: int, reverse: bool = False
) -> list[np.ndarray]:
    """Each sentence as ``<s> tokens </s>`` ids (its tokens last to first when ``reverse``), cut into pieces
    of at most ``maxlen`` predictions."""
    bos, eos = ids[BOS], ids[EOS]
    seqs: list[np.ndarray] = []
    for f in files:
        with f.open(encoding="utf-8") as fh:
            for line in fh:
                toks = line.split()
                if not toks:
                    continue
                if reverse:
                    toks.reverse()
                s = [bos, *(ids.get(t, 0) for t in toks), eos]
                for k in range(0, len(s) - 1, maxlen):
                    seqs.append(np.asarray(s[k : k + maxlen + 1], dtype=np.int64))
    return seqs


def main(argv: list[str] | None = None) -> int:
    a = parse_args(argv)
    import torch
    from torch import nn

    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(a.threads)
    t0 = time.time()
    pass1 = json.loads((a.streams / "pass1.json").read_text(encoding="utf-8"))
    words = choose_vocab(pass1["counts"], a.vocab)
    ids = {w: i for i, w in enumerate(words)}
    v = len(words)
    news = sorted(a.streams.glob("wikinews-*.txt"))
    wiki = sorted(a.streams.glob("wikipedia-*.txt"))
    random.shuffle(wiki)
    seqs = read_sequences(news, ids, a.maxlen, a.reverse) * a.news_repeat + read_sequences(
        wiki[: a.wiki_files], ids, a.maxlen, a.reverse
    )
    random.shuffle(seqs)
    tokens = sum(len(s) - 1 for s in seqs)
    print(
        f"{v:,} tokens in the vocabulary; {len(seqs):,} sequences, {tokens / 1e6:.1f}M predictions",
        flush=True,
    )

    uni = np.ones(v)
    for c in pass1["counts"].values():
        for w, n in c.items():
            uni[ids.get(w, 0)] += n
    uni[ids[EOS]] += len(seqs)
    q = torch.tensor(uni**0.75 / (uni**0.75).sum(), dtype=torch.float32)

    class LSTMLM(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.emb = nn.Embedding(v, a.dim)
            self.lstm = nn.LSTM(a.dim, a.dim, batch_first=True)
            self.bias = nn.Parameter(torch.log(torch.tensor(uni / uni.sum(), dtype=torch.float32)))
            nn.init.normal_(self.emb.weight, std=0.05)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.lstm(self.emb(x))[0]

    model = LSTMLM()
    if a.init is not None:
        if (a.init / "vocab.txt").read_text(encoding="utf-8").split("\n")[:-1] != words:
            raise SystemExit(f"build_nlm.py: {a.init} has another vocabulary")
        with np.load(a.init / "weights.npz") as z:
            w = {k: torch.tensor(z[k].astype(np.float32)) for k in z.files}
        with torch.no_grad():
            model.emb.weight.copy_(w["emb"])
            model.bias.copy_(w["bias"])
            model.lstm.weight_ih_l0.copy_(w["w_ih"])
            model.lstm.weight_hh_l0.copy_(w["w_hh"])
            model.lstm.bias_ih_l0.copy_(w["b"])
            model.lstm.bias_hh_l0.zero_()
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)

    def batches():  # type: ignore[no-untyped-def]
        order = sorted(range(len(seqs)), key=lambda i: len(seqs[i]))
        groups = [order[i : i + a.batch] for i in range(0, len(order), a.batch)]
        random.shuffle(groups)
        for g in groups:
            width = max(len(seqs[i]) for i in g)
            x = np.zeros((len(g), width), dtype=np.int64)
            mask = np.zeros((len(g), width - 1), dtype=bool)
            for r, i in enumerate(g):
                x[r, : len(seqs[i])] = seqs[i]
                mask[r, : len(seqs[i]) - 1] = True
            yield torch.from_numpy(x), torch.from_numpy(mask)

    step = 0
    seen = 0
    done = False
    while not done:
        for x, mask in batches():
            h = model(x[:, :-1])[mask]
            y = x[:, 1:][mask]
            neg = torch.multinomial(q, a.neg, replacement=True)
            u = model.emb.weight
            s_true = (h * u[y]).sum(-1) + model.bias[y]
            s_neg = h @ u[neg].T + model.bias[neg]
            lq_neg = torch.log(a.neg * q[neg])
            logits = torch.cat([(s_true - torch.log(a.neg * q[y]))[:, None], s_neg - lq_neg[None, :]], 1)
            logits[:, 1:] = logits[:, 1:].masked_fill(neg[None, :] == y[:, None], -1e9)  # accidental hits
            ce = -torch.log_softmax(logits, 1)[:, 0]
            log_z = torch.logsumexp(s_neg - lq_neg[None, :], 1)  # importance estimate of log sum exp(s)
            loss = ce.mean() + a.alpha * (log_z**2).mean()
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            seen += len(y)
            if step % 500 == 0:
                el = time.time() - t0
                print(
                    f"step {step}: {seen / 1e6:.1f}M tokens, loss {ce.mean().item():.3f}, {el / 60:.1f} min",
                    flush=True,
                )
            if step % 2000 == 0:
                for group in opt.param_groups:
                    group["lr"] *= 0.7
            if time.time() - t0 > a.minutes * 60:
                done = True
                break

    state = {k: t.detach().numpy() for k, t in model.state_dict().items()}
    weights = {
        "emb": state["emb.weight"],
        "bias": state["bias"],
        "w_ih": state["lstm.weight_ih_l0"],
        "w_hh": state["lstm.weight_hh_l0"],
        "b": state["lstm.bias_ih_l0"] + state["lstm.bias_hh_l0"],
    }
    a.out.mkdir(parents=True, exist_ok=True)
    np.savez(a.out / "weights.npz", **{k: w.astype(np.float16) for k, w in weights.items()})
    (a.out / "vocab.txt").write_text("\n".join(words) + "\n", encoding="utf-8")
    meta: dict[str, object] = {
        "format": FORMAT,
        "name": f"lstm-{a.dim}" + ("-backward" if a.reverse else ""),
        "direction": "backward" if a.reverse else "forward",
        "log_z": 0.0,
        "trained_tokens": seen,
        "steps": step,
        "settings": {k: str(val) for k, val in vars(a).items()},
    }
    if a.heldout is not None:
        meta.update(measure(a.out, a.heldout, weights, words, a.reverse))
    (a.out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: meta[k] for k in meta if k != "settings"}, indent=2))
    return 0


def measure(
    out: Path, heldout: Path, weights: dict[str, np.ndarray], words: list[str], reverse: bool = False
) -> dict[str, object]:
    """True log normaliser (mean, spread) and perplexity on up to 2,000 held-out sentences."""
    from app.engine.nlm import NeuralLM

    (out / "meta.json").write_text(json.dumps({"format": FORMAT, "log_z": 0.0}), encoding="utf-8")
    m = NeuralLM(out)
    emb, bias = m.emb, m.bias
    sentences = list(lm_sentences(heldout.read_text(encoding="utf-8")))[:2000]
    rows = [[m.bos_id, *m.token_ids(s[::-1] if reverse else s), m.ids[EOS]] for s in sentences]
    log_zs: list[float] = []
    logps: list[float] = []
    for k in range(0, len(rows), 64):
        chunk = rows[k : k + 64]
        run = m.run(chunk)
        for j, row in enumerate(chunk):
            n = len(row)
            full = run.h[: n - 1, j] @ emb.T + bias
            lz = np.logaddexp.reduce(full, axis=1)
            target = np.array(row[1:])
            known = target != 0
            log_zs.extend(lz.tolist())
            logps.extend((full[np.arange(n - 1), target] - lz)[known].tolist())
    lz_arr = np.array(log_zs)
    return {
        "log_z": round(float(lz_arr.mean()), 4),
        "log_z_std": round(float(lz_arr.std()), 4),
        "heldout_perplexity_in_vocabulary": round(math.exp(-float(np.mean(logps))), 1),
        "heldout_tokens": len(logps),
    }


if __name__ == "__main__":
    raise SystemExit(main())
