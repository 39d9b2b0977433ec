"""A small neural language model (one LSTM layer), run with numpy: a second opinion for the candidates that
survive the n-gram prefilter.

Why: the n-gram model sees two tokens back; the LSTM sees the whole sentence so far, and the two make
different mistakes, so their evidence together separates originals from sense-blind synonyms better than
either alone. It is trained by ``scripts/build_nlm.py`` (PyTorch, at build time only) with a sampled softmax
and a self-normalisation penalty, so that a score ``u_w · h + b_w`` is already close to log P(w | history)
and no softmax over the vocabulary is needed at run time: scoring a token is one dot product.

Files (``dictionaries/nlm/``): ``meta.json``, ``vocab.txt`` (one token a line, id = line number),
``weights.npz`` (float16: ``emb`` V×d, ``bias`` V, ``w_ih`` 4d×d, ``w_hh`` 4d×d, ``b`` 4d; LSTM gates in
PyTorch's order i, f, g, o; the output layer shares the input embedding).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import ThreadpoolController

from app.engine.lm import BOS, EOS

if TYPE_CHECKING:  # type hints only: the build script imports this module without the engine's packages
    from app.engine.candidates import WordSlot
    from app.engine.score import Scored

FORMAT = "unspin-lstm-1"
UNK_ID = 0


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # tanh form: no overflow warnings for large |x|


@dataclass(frozen=True, slots=True)
class Run:
    """An LSTM's states over a batch of token sequences: ``h[t]``/``c[t]`` after the first ``t + 1`` tokens
    of each row (row-major: ``h[t, row]``), and each token's score after the tokens before it."""

    h: np.ndarray  # T×B×d
    c: np.ndarray  # T×B×d
    scores: np.ndarray  # T×B, scores[t] = log P(token t | tokens < t); scores[0] is 0 (<s> is given)


class NeuralLM:
    """An LSTM language model over the n-gram model's tokens (words, ``<num>``, punctuation)."""

    def __init__(self, directory: Path) -> None:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{directory}: unknown neural model format {meta.get('format')!r}")
        self.meta = meta
        self.name = str(meta.get("name", "lstm"))
        self.backward = meta.get("direction") == "backward"  # trained on sentences read last token first
        words = (directory / "vocab.txt").read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        self.ids = {w: i for i, w in enumerate(words)}
        with np.load(directory / "weights.npz") as z:
            self.emb = z["emb"].astype(np.float32)
            self.bias = z["bias"].astype(np.float32)
            w_ih, w_hh, b = (z[k].astype(np.float32) for k in ("w_ih", "w_hh", "b"))
        if len(words) != self.emb.shape[0]:
            raise ValueError(
                f"{directory}: vocab.txt has {len(words)} tokens, the weights {self.emb.shape[0]}"
            )
        self.dim = d = int(self.emb.shape[1])
        # gates reordered from PyTorch's (i, f, g, o) to (i, f, o, g): one sigmoid over the first three
        order = np.r_[0 : 2 * d, 3 * d : 4 * d, 2 * d : 3 * d]
        self.w_ih_t = np.ascontiguousarray(w_ih[order].T)
        self.w_hh_t = np.ascontiguousarray(w_hh[order].T)
        self.b = b[order]
        self.log_z = float(meta.get("log_z", 0.0))  # mean log normaliser left over after training
        self.bos_id = self.ids[BOS]
        self._threads = ThreadpoolController()

    def one_thread(self) -> AbstractContextManager[object]:
        """A context in which BLAS uses one thread: these products are small, and BLAS threads fighting
        the other workers' processes for two cores made them 30 times slower (measured)."""
        return self._threads.limit(limits=1, user_api="blas")

    def token_ids(self, tokens: Sequence[str]) -> list[int]:
        """Ids of tokens; words outside the vocabulary are ``<unk>`` (id 0). A typographic apostrophe reads
        as the straight one the vocabulary was counted with (``lm_ngram.normalize_word``): "don’t" is
        "don't", not an unknown word (session 18; before, a text set with ’ lost the neural opinion on every
        such word and the context around it)."""
        get = self.ids.get
        return [
            get(t, UNK_ID) if "\u2019" not in t else get(t.replace("\u2019", "'"), UNK_ID) for t in tokens
        ]

    def _cell(self, z: np.ndarray, c: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The LSTM cell from its pre-activations ``z`` (B×4d, gates i, f, o, g) and cell state ``c``."""
        d = self.dim
        s = _sigmoid(z[:, : 3 * d])
        c = s[:, d : 2 * d] * c + s[:, :d] * np.tanh(z[:, 3 * d :])
        return s[:, 2 * d :] * np.tanh(c), c

    def _inputs(self, ids: np.ndarray) -> np.ndarray:
        """The input half of the gates' pre-activations for token ids."""
        return self.emb[ids] @ self.w_ih_t + self.b

    def step(self, h: np.ndarray, c: np.ndarray, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One LSTM step for a batch: states B×d, token ids B."""
        return self._cell(self._inputs(ids) + h @ self.w_hh_t, c)

    def score(self, h: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """log P(token | state) for a batch of states B×d and token ids B (self-normalised scores)."""
        return np.einsum("bd,bd->b", h, self.emb[ids]) + self.bias[ids] - self.log_z

    def run(self, rows: Sequence[Sequence[int]]) -> Run:
        """States and token scores over sequences of ids, each starting with ``<s>``.

        Rows are packed longest first, so that step ``t`` works only on the rows still running; the input
        half of every step is one matrix product over all tokens at once, and only the recurrent half is
        computed step by step. Positions past a row's end hold zeros. (A per-token cache of the input half
        was slower: its page faults cost more than the product.)"""
        n = len(rows)
        lengths = np.array([len(r) for r in rows])
        order = np.argsort(-lengths, kind="stable")
        t_max = int(lengths.max())
        ids = np.zeros((t_max, n), dtype=np.int64)
        for j, r in enumerate(rows):
            ids[: len(r), j] = r
        ids = ids[:, order]
        running = lengths[order][None, :] > np.arange(t_max)[:, None]  # T×B: row still running at step t
        live = running.sum(axis=1)
        flat = np.concatenate([ids[t, : live[t]] for t in range(t_max)])
        x = self._inputs(flat)
        h = np.zeros((n, self.dim), dtype=np.float32)
        c = np.zeros_like(h)
        hs = np.zeros((t_max, n, self.dim), dtype=np.float32)
        cs = np.zeros_like(hs)
        w_hh_t = self.w_hh_t
        at = 0
        for t in range(t_max):
            k = int(live[t])
            h[:k], c[:k] = self._cell(x[at : at + k] + h[:k] @ w_hh_t, c[:k])
            at += k
            hs[t, :k] = h[:k]
            cs[t, :k] = c[:k]
        scores = np.zeros((t_max, n), dtype=np.float32)
        if t_max > 1:
            nxt = ids[1:]
            scores[1:] = np.einsum("tbd,tbd->tb", hs[:-1], self.emb[nxt]) + self.bias[nxt] - self.log_z
        scores[~running] = 0.0  # padding scores nothing
        back = np.argsort(order, kind="stable")
        return Run(hs[:, back], cs[:, back], scores[:, back])

    def continuations(self, h: np.ndarray, c: np.ndarray, rows: Sequence[Sequence[int]]) -> np.ndarray:
        """Total log-probability of each row of ids after its own starting state (``h[j]``, ``c[j]``).
        A row's last token is only scored, never stepped through, and finished rows drop out."""
        n = len(rows)
        total = np.zeros(n, dtype=np.float64)
        if not n:
            return total
        lengths = np.array([len(r) for r in rows])
        ids = np.zeros((int(lengths.max()), n), dtype=np.int64)
        for j, r in enumerate(rows):
            ids[: len(r), j] = r
        live = np.arange(n)
        h, c = h.copy(), c.copy()
        for t in range(ids.shape[0]):
            live = live[lengths[live] > t]
            total[live] += self.score(h[live], ids[t, live])
            more = live[lengths[live] > t + 1]
            if more.size:
                h[more], c[more] = self.step(h[more], c[more], ids[t, more])
        return total

    def sentence_logprob(self, tokens: Sequence[str]) -> float:
        """log P(tokens, </s> | <s>): for benches and tests."""
        ids = [self.bos_id, *self.token_ids(tokens), self.ids[EOS]]
        return float(self.run([ids]).scores[:, 0].sum())


def load_neural_lm(directory: Path, folder: str = "nlm") -> NeuralLM | None:
    """The committed model under ``directory/folder``, or None when it is absent."""
    d = directory / folder
    if (d / "meta.json").is_file():
        return NeuralLM(d)
    return None


@dataclass(frozen=True, slots=True)
class _Window:
    """One candidate's scored window in its sentence's row: tokens ``[p, e)`` of row ``r`` are replaced by
    ``ids`` (the candidate's words and the same context tokens after them)."""

    candidate: int
    r: int
    p: int
    e: int
    ids: list[int]


ROWS_PER_RUN = 64  # sentences run together: bounds the states held at once (T×rows×d, twice) on long texts


def _window_gains(model: NeuralLM, rows: Sequence[list[int]], windows: Sequence[_Window]) -> list[float]:
    """log P(window rewritten) − log P(window kept) under ``model``, each after its row's own history. Each
    row is run only as far as its last window reaches, ``ROWS_PER_RUN`` rows at a time."""
    need = [1] * len(rows)
    for w in windows:
        need[w.r] = max(need[w.r], w.e)
    by_chunk: dict[int, list[int]] = {}
    for k, w in enumerate(windows):
        by_chunk.setdefault(w.r // ROWS_PER_RUN, []).append(k)
    out = [0.0] * len(windows)
    with model.one_thread():
        for chunk, mine in sorted(by_chunk.items()):
            lo = chunk * ROWS_PER_RUN
            hi = min(lo + ROWS_PER_RUN, len(rows))
            run = model.run([rows[r][: need[r]] for r in range(lo, hi)])
            ws = [windows[k] for k in mine]
            h = np.stack([run.h[w.p - 1, w.r - lo] for w in ws])
            c = np.stack([run.c[w.p - 1, w.r - lo] for w in ws])
            totals = model.continuations(h, c, [w.ids for w in ws])
            for k, w, t in zip(mine, ws, totals, strict=True):
                out[k] = float(t) - float(run.scores[w.p : w.e, w.r - lo].sum())
    return out


def _reversed_row(row: Sequence[int], bos: int, eos: int) -> list[int]:
    """A row ``<s> … </s>`` read last token first, as the backward model was trained on it."""
    return [bos, *row[-2:0:-1], eos]


def neural_gains(
    scored: Sequence[Scored],
    slots: Sequence[WordSlot],
    model: NeuralLM,
    bounds: Sequence[tuple[int, int]],
    backward: NeuralLM | None = None,
) -> list[float | None]:
    """The neural models' gain of each candidate over keeping the text, in the spun context.

    The forward model scores the same quantity as ``decode.lm_gains`` (the span's words and the tokens after
    it, ``decode.right_context``), with the whole sentence before it as history. A backward model (trained on
    sentences read last word first) scores the mirror image: the span read backwards and the tokens before
    it up to the previous word, with the rest of the sentence after the span as history. The two estimate
    the same change of the sentence's probability from opposite sides, so with both the gain is their mean.

    None where a token is outside a model's vocabulary: its ``<unk>`` score stands for many words and says
    nothing about this one."""
    # imported here: the build script imports this module without the engine's packages (lemminflect)
    from app.engine.decode import right_context, sentence_edges

    out: list[float | None] = [None] * len(scored)
    first, last = sentence_edges(len(slots), bounds)
    rows: list[list[int]] = []
    word_at: dict[int, int] = {}  # slot -> index of its word in its sentence's row
    row_of: dict[int, int] = {}  # first slot of a sentence -> its row
    for lo in sorted({first[s.start] for s in scored}):
        hi = last[lo]
        tokens = [BOS]
        for i in range(lo, hi):
            tokens.extend(slots[i].before)
            word_at[i] = len(tokens)
            tokens.append(slots[i].lower)
        tokens.extend((*slots[hi - 1].after, EOS))
        row_of[lo] = len(rows)
        rows.append(model.token_ids(tokens))
    rev_rows = (
        [] if backward is None else [_reversed_row(row, backward.bos_id, backward.ids[EOS]) for row in rows]
    )
    forward: list[_Window] = []
    mirror: list[_Window] = []
    for k, s in enumerate(scored):
        lo = first[s.start]
        if first[s.end - 1] != lo:
            continue  # crosses a sentence boundary: the decoder never takes it either
        r = row_of[lo]
        row = rows[r]
        p = word_at[s.start]
        tail = word_at[s.end - 1] + 1
        e = tail + len(right_context(slots, s.end, last[lo]))
        new_ids = model.token_ids(s.words)
        if UNK_ID in row[p:e] or UNK_ID in new_ids:
            continue
        forward.append(_Window(k, r, p, e, [*new_ids, *row[tail:e]]))
        if backward is not None:
            # the mirror window: in the reversed row the span is [n - tail, n - p), and its context runs
            # back to the previous word (or the sentence's start, which the reversed row ends with)
            n = len(row)
            before = len(_mirror_context(slots, s.start, lo))
            if UNK_ID in row[p - before : p]:
                continue
            q, f = n - tail, n - p + before
            mirror.append(_Window(k, r, q, f, [*new_ids[::-1], *rev_rows[r][n - p : f]]))
    if not forward:
        return out
    for w, g in zip(forward, _window_gains(model, rows, forward), strict=True):
        out[w.candidate] = g
    if backward is not None:
        if not mirror:
            return [None] * len(scored)
        back: list[float | None] = [None] * len(scored)
        for w, g in zip(mirror, _window_gains(backward, rev_rows, mirror), strict=True):
            back[w.candidate] = g
        out = [None if f is None or b is None else 0.5 * (f + b) for f, b in zip(out, back, strict=True)]
    return out


def _mirror_context(slots: Sequence[WordSlot], a: int, lo: int) -> tuple[str, ...]:
    """The tokens before a span starting at slot ``a`` that the backward model's gain scores, nearest
    first: the punctuation before it and the previous word (at most two tokens), or the sentence's opening
    punctuation and its start. The mirror image of ``decode.right_context``."""
    before = tuple(reversed(slots[a].before))
    edge = (slots[a - 1].lower,) if a > lo else (EOS,)
    return (*before, *edge)[:2]
