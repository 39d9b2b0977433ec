"""The committed n-gram language model: a pruned, quantised Kneser-Ney backoff model in numpy arrays.

Why this shape: the decoder asks ``logprob`` tens of thousands of times per second, so a query is a few
dictionary and binary-search look-ups in memory-mapped arrays (no numpy call on the hot path, which would
cost more than the search itself), loading is a handful of ``np.load(mmap_mode="r")`` calls, and the
artefact stays small: sorted 64-bit n-gram keys plus one byte per log-probability and per backoff weight.

Files in the model folder (written by ``scripts/build_lm.py``):

- ``meta.json``          order, vocabulary size, codebooks, build statistics and sources;
- ``vocab.txt``          one word per line; the line number is the word id;
- ``uni.npy``            float32 ``[V, 2]``: natural-log unigram probability and backoff weight per id;
- ``ngram{n}_keys.npy``  uint64 sorted keys of the kept n-grams (n >= 2), see ``ngram_key``;
- ``ngram{n}_prob.npy``  uint8 codes into ``meta["prob_codebook"][n]``;
- ``ngram{n}_bow.npy``   uint8 codes into ``meta["bow_codebook"][n]`` (orders below the top one only).

The tokenisation contract (shared by the builder, the benchmark and the decoder): lower-cased word tokens as
``app.engine.tokens`` cuts them (contractions such as ``can't`` stay one token, ``’`` becomes ``'``),
numbers become ``<num>``, punctuation is dropped, ``<s>`` opens and ``</s>`` closes a sentence.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

BOS = "<s>"
EOS = "</s>"
UNK = "<unk>"
NUM = "<num>"
MASK64 = (1 << 64) - 1
FORMAT = "unspin-ngram-1"

_WORD_OR_NUMBER = re.compile(r"\d[\d,.:/]*\d[^\W\d_]*|\d[^\W\d_]*|[^\W\d_]+(?:['’][^\W\d_]+)*")
# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit or quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]*[A-Z0-9])")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm gov sen rep rev hon pres supt insp det "
    "no nos vs etc inc ltd co corp bros dept univ ft mt jan feb mar apr jun jul aug sep sept oct nov dec "
    "u.s u.k u.n e.g i.e a.m p.m d.c".split()
)


def normalize_word(token: str) -> str:
    """Map one raw token to the model's vocabulary form (lower case, straight apostrophe, ``<num>``)."""
    if token[:1].isdigit():
        return NUM
    return token.lower().replace("’", "'")


def split_sentences(text: str) -> list[str]:
    """Cut a paragraph into sentences, keeping common abbreviations ("Mr.", "U.S.") inside them."""
    parts = _SENTENCE_BREAK.split(text)
    out: list[str] = []
    for part in parts:
        if out:
            prev = out[-1]
            tail = prev.rstrip("\"'”’)] ").rstrip(".").rsplit(None, 1)[-1].lower() if prev else ""
            # an initial ("J.") or a known abbreviation does not end a sentence
            if (len(tail) == 1 and tail.isalpha()) or tail in _ABBREVIATIONS:
                out[-1] = prev + " " + part
                continue
        out.append(part)
    return out


def sentence_words(sentence: str) -> list[str]:
    """The model's tokens of one sentence, without ``<s>``/``</s>``."""
    return [normalize_word(t) for t in _WORD_OR_NUMBER.findall(sentence)]


def lm_sentences(text: str) -> Iterator[list[str]]:
    """Tokenised sentences of a text, one per paragraph line or sentence break (for scoring and tests)."""
    for line in text.splitlines():
        for sentence in split_sentences(line.strip()):
            words = sentence_words(sentence)
            if words:
                yield words


def ngram_key(ids: Sequence[int], vocab_size: int) -> int:
    """Fold word ids into one 64-bit key: exact for n <= 3 when V < 2**21, a wrapping hash above that.

    The builder computes the same fold with numpy uint64 arithmetic (which wraps identically).
    """
    k = 0
    for i in ids:
        k = (k * vocab_size + i) & MASK64
    return k


class NgramLM:
    """Backoff n-gram model (interpolated modified Kneser-Ney, count-pruned, renormalised backoffs)."""

    def __init__(self, directory: Path) -> None:
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{directory}: unknown language-model format {meta.get('format')!r}")
        self.meta = meta
        self.order: int = int(meta["order"])
        self.name: str = str(meta.get("name", f"ngram-{self.order}"))
        words = (directory / "vocab.txt").read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        self.vocab_size = len(words)
        if self.vocab_size != int(meta["vocab_size"]):
            raise ValueError(f"{directory}: vocab.txt has {self.vocab_size} words, meta says {meta['vocab_size']}")
        self.ids: dict[str, int] = {w: i for i, w in enumerate(words)}
        self.unk_id = self.ids[UNK]
        self.bos_id = self.ids[BOS]
        self.num_id = self.ids.get(NUM, self.unk_id)
        # an unknown word shares <unk>'s probability with the other word types it stands for
        self.unk_penalty = float(meta.get("unk_penalty", 0.0))
        uni = np.load(directory / "uni.npy")
        self.uni_prob: list[float] = uni[:, 0].astype(float).tolist()
        self.uni_bow: list[float] = uni[:, 1].astype(float).tolist()
        # per order n >= 2: keys (memoryview for C-speed bisect), prob codes, bow codes, codebooks
        self._keys: dict[int, memoryview] = {}
        self._nkeys: dict[int, int] = {}
        self._prob: dict[int, memoryview] = {}
        self._bow: dict[int, memoryview] = {}
        self._pcb: dict[int, list[float]] = {}
        self._bcb: dict[int, list[float]] = {}
        self._arrays: list[np.ndarray] = []  # keep the memory maps alive
        for n in range(2, self.order + 1):
            keys = np.load(directory / f"ngram{n}_keys.npy", mmap_mode="r")
            prob = np.load(directory / f"ngram{n}_prob.npy", mmap_mode="r")
            self._arrays += [keys, prob]
            self._keys[n] = memoryview(keys).cast("B").cast("Q") if keys.size else memoryview(b"").cast("Q")
            self._nkeys[n] = int(keys.size)
            self._prob[n] = memoryview(prob) if prob.size else memoryview(b"")
            self._pcb[n] = [float(x) for x in meta["prob_codebook"][str(n)]]
            if n < self.order:
                bow = np.load(directory / f"ngram{n}_bow.npy", mmap_mode="r")
                self._arrays.append(bow)
                self._bow[n] = memoryview(bow) if bow.size else memoryview(b"")
                self._bcb[n] = [float(x) for x in meta["bow_codebook"][str(n)]]
        self._cache: dict[tuple[str, tuple[str, ...]], float] = {}
        self.cache_limit = 500_000
        self.floor = min(self.uni_prob) - self.unk_penalty

    # -- look-ups -----------------------------------------------------------------------------------------

    def word_id(self, word: str) -> int:
        i = self.ids.get(word)
        if i is not None:
            return i
        w = normalize_word(word) if word else word
        return self.ids.get(w, self.num_id if w == NUM else self.unk_id)

    def _find(self, n: int, key: int) -> int:
        """Index of ``key`` among the kept n-grams, or -1."""
        keys = self._keys[n]
        i = bisect_left(keys, key, 0, self._nkeys[n])
        if i < self._nkeys[n] and keys[i] == key:
            return i
        return -1

    def _logprob_ids(self, ids: list[int]) -> float:
        """log P(ids[-1] | ids[:-1]) by backoff; ``ids`` holds at most ``order`` ids."""
        v = self.vocab_size
        w = ids[-1]
        ctx = ids[:-1]
        nctx = len(ctx)
        # context keys, shortest first: ctx_keys[m] is the key of the last m context words
        ctx_keys = [0] * (nctx + 1)
        k = 0
        mult = 1
        for m in range(1, nctx + 1):
            k = (k + ctx[-m] * mult) & MASK64
            mult = (mult * v) & MASK64
            ctx_keys[m] = k
        # longest stored n-gram ending in w
        matched = 1
        logp = self.uni_prob[w]
        for m in range(nctx, 0, -1):
            n = m + 1
            j = self._find(n, (ctx_keys[m] * v + w) & MASK64)
            if j >= 0:
                logp = self._pcb[n][self._prob[n][j]]
                matched = n
                break
        # backoff weights of every longer context that was not matched
        for m in range(matched, nctx + 1):
            if m == 1:
                logp += self.uni_bow[ctx[-1]]
            else:
                j = self._find(m, ctx_keys[m])
                if j >= 0:
                    logp += self._bcb[m][self._bow[m][j]]
        if w == self.unk_id:
            logp -= self.unk_penalty
        return logp

    # -- the LanguageModel protocol -----------------------------------------------------------------------

    def logprob(self, word: str, context: tuple[str, ...]) -> float:
        """Natural-log P(word | context); context most recent last, may be longer than ``order - 1``."""
        tail = context[-(self.order - 1) :] if self.order > 1 else ()
        key = (word, tail)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        ids = [self.word_id(c) for c in tail]
        # nothing is conditioned across a sentence start: keep only the words after the last <s>
        if self.bos_id in ids[1:]:
            last = len(ids) - 1 - ids[::-1].index(self.bos_id)
            ids = ids[last:]
        ids.append(self.word_id(word))
        value = self._logprob_ids(ids)
        if len(self._cache) >= self.cache_limit:
            self._cache.clear()
        self._cache[key] = value
        return value

    def unigram_logprob(self, word: str) -> float:
        i = self.word_id(word)
        p = self.uni_prob[i]
        return p - self.unk_penalty if i == self.unk_id else p

    def sentence_logprob(self, words: Sequence[str], eos: bool = True) -> float:
        """Total log-probability of one tokenised sentence, starting after ``<s>`` (for scoring and bench)."""
        ctx: list[str] = [BOS]
        total = 0.0
        seq = [*words, EOS] if eos else list(words)
        for w in seq:
            total += self.logprob(w, tuple(ctx[-(self.order - 1) :]))
            ctx.append(w)
        return total


def load_ngram_lm(directory: Path) -> NgramLM | None:
    """The committed model under ``directory/lm`` (or ``directory`` itself); None when it is absent."""
    for d in (directory / "lm", directory):
        if (d / "meta.json").is_file() and (d / "vocab.txt").is_file():
            return NgramLM(d)
    return None


def perplexity(lm: NgramLM, sentences: Sequence[Sequence[str]]) -> float:
    """Per-token perplexity (``</s>`` counted as a token, as SRILM and KenLM do)."""
    total = 0.0
    n = 0
    for s in sentences:
        total += lm.sentence_logprob(s)
        n += len(s) + 1
    return math.exp(-total / max(n, 1))
