"""The committed n-gram language model: a pruned, quantised Kneser-Ney backoff model in numpy arrays.

Why this shape: the decoder asks ``logprob`` tens of thousands of times per second, so a query is a few
dictionary look-ups and short binary searches (``bisect`` over memoryviews, no numpy call on the hot path,
which would cost more than the search itself); loading is a handful of ``np.load(mmap_mode="r")`` calls; and
the artefact stays small: four bytes of word id per n-gram plus one byte per log-probability and backoff.

The committed model is a ``MixtureLM``: ``mixture.json`` plus two such models (Wikinews, Wikipedia) whose
files carry the prefixes ``news.`` and ``wiki.``. Files of one model (written by ``scripts/build_lm.py``), a trie
in flat arrays:

- ``meta.json``          order, vocabulary size, codebooks, build statistics and sources;
- ``vocab.txt``          one word per line; the line number is the word id;
- ``uni.npy``            float32 ``[V, 2]``: natural-log unigram probability and backoff weight per id;
- ``uni_next.npy``       uint32 ``[V + 1]``: where each word's bigram continuations start in order 2;
- ``ngram{n}_words.npy`` uint32 last word of each kept n-gram, grouped by context, sorted within a group;
- ``ngram{n}_prob.npy``  uint8 codes into ``meta["prob_codebook"][n]``;
- ``ngram{n}_bow.npy``   uint8 codes into ``meta["bow_codebook"][n]`` (orders below the top one);
- ``ngram{n}_next.npy``  uint32 ``[N_n + 1]``: where each n-gram's continuations start in order n + 1.

The tokenisation contract (shared by the builder, the benchmark and the decoder): ``sentence_words`` cuts a
sentence with the engine's own tokenizer (``app.engine.tokens``) into lower-cased words (contractions such as
``can't`` stay one token, ``’`` becomes ``'``), ``<num>`` for numbers, and the punctuation tokens of
``app.engine.lm.context_token`` (commas, colons, quotes, brackets, dashes, ``?``, ``!``...); full stops are
not tokens: ``<s>`` opens and ``</s>`` closes a sentence. The decoder gives the model the same tokens as
context around each word (``WordSlot.before``/``after``) when the model says it was counted with them
(``punctuation``: its vocabulary holds ``,``). Models built before session 6 have words only.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Literal

import numpy as np

from app.engine.lm import BOS, EOS, NUM, context_token
from app.engine.tokens import ABBREVIATIONS as _ABBREVIATIONS
from app.engine.tokens import tokenize
from app.engine.types import TokenKind

UNK = "<unk>"
FORMAT = "unspin-ngram-2"
BATCH_MIN = 200  # uncached queries below which one at a time is faster than a batch (measured, session 25)

# A sentence ends at . ! ? (plus closing quotes/brackets) followed by space and a capital, digit or quote.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]*[A-Z0-9])")


def normalize_word(token: str) -> str:
    """Map one raw token to the model's vocabulary form (lower case, straight apostrophe, ``<num>``)."""
    if token[:1].isdigit():
        return NUM
    return token.lower().replace("’", "'")


def split_sentences(text: str) -> list[str]:
    """Cut a paragraph into sentences, keeping common abbreviations ("Mr.", "U.S.") inside them."""
    # the closing quotes and brackets after a full stop stay with their sentence (the captured group)
    pieces = _SENTENCE_BREAK.split(text)
    parts = [p + (pieces[k + 1] if k + 1 < len(pieces) else "") for k, p in enumerate(pieces) if k % 2 == 0]
    out: list[str] = []
    for part in parts:
        if out:
            prev = out[-1]
            last = prev.rstrip("\"'”’)] ").rstrip(".").rsplit(None, 1)
            tail = last[-1].lower() if last else ""
            # an initial ("J.") or a known abbreviation does not end a sentence
            if (len(tail) == 1 and tail.isalpha()) or tail in _ABBREVIATIONS:
                out[-1] = prev + " " + part
                continue
        out.append(part)
    return out


def sentence_words(sentence: str) -> list[str]:
    """The model's tokens of one sentence, without ``<s>``/``</s>``: words (``normalize_word``), numbers as
    ``<num>`` and the punctuation of ``app.engine.lm.context_token``, cut by the decoder's own tokenizer."""
    out: list[str] = []
    for t in tokenize(sentence):
        if t.kind is TokenKind.WORD:
            out.append(normalize_word(t.text))
        else:
            c = context_token(t.kind, t.text)
            if c is not None:
                out.append(c)
    return out


def lm_sentences(text: str) -> Iterator[list[str]]:
    """Tokenised sentences of a text, one per paragraph line or sentence break (for scoring and tests)."""
    for line in text.splitlines():
        for sentence in split_sentences(line.strip()):
            words = sentence_words(sentence)
            if words:
                yield words


class NgramLM:
    """Backoff n-gram model (interpolated modified Kneser-Ney, count-pruned, renormalised backoffs)."""

    def __init__(self, directory: Path, prefix: str = "") -> None:
        """Load the model whose files are ``directory/{prefix}meta.json`` etc. (a prefix lets mixture
        components share one folder)."""
        meta = json.loads((directory / f"{prefix}meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{directory}: unknown language-model format {meta.get('format')!r}")
        self.meta = meta
        self.order: int = int(meta["order"])
        self.name: str = str(meta.get("name", f"ngram-{self.order}"))
        words = (directory / f"{prefix}vocab.txt").read_text(encoding="utf-8").split("\n")
        if words and words[-1] == "":
            words.pop()
        self.vocab_size = len(words)
        if self.vocab_size != int(meta["vocab_size"]):
            raise ValueError(
                f"{directory}: vocab.txt has {self.vocab_size} words, meta says {meta['vocab_size']}"
            )
        self.ids: dict[str, int] = {w: i for i, w in enumerate(words)}
        # a model counted with punctuation tokens (``sentence_words``) wants them in its contexts
        self.punctuation = "," in self.ids
        self.unk_id = self.ids[UNK]
        self.bos_id = self.ids[BOS]
        self.num_id = self.ids.get(NUM, self.unk_id)
        # an unknown word shares <unk>'s probability with the other word types it stands for
        self.unk_penalty = float(meta.get("unk_penalty", 0.0))
        uni = np.load(directory / f"{prefix}uni.npy")
        self.uni_prob: list[float] = uni[:, 0].astype(float).tolist()
        self.uni_bow: list[float] = uni[:, 1].astype(float).tolist()
        # per order n >= 2: words, prob codes, bow codes, and per order n >= 1 the child offsets
        self._arrays: list[np.ndarray] = []  # keep the memory maps alive
        self._np: dict[str, np.ndarray] = {}  # the same arrays by file stem, for the batch queries
        self._codebooks: tuple[np.ndarray, ...] | None = None  # float64 copies for ``raw_many``
        self._words: dict[int, memoryview] = {}
        self._next: dict[int, memoryview] = {1: self._view(directory / f"{prefix}uni_next.npy", "I")}
        self._prob: dict[int, memoryview] = {}
        self._bow: dict[int, memoryview] = {}
        self._pcb: dict[int, list[float]] = {}
        self._bcb: dict[int, list[float]] = {}
        for n in range(2, self.order + 1):
            self._words[n] = self._view(directory / f"{prefix}ngram{n}_words.npy", "I")
            self._prob[n] = self._view(directory / f"{prefix}ngram{n}_prob.npy", "B")
            self._pcb[n] = [float(x) for x in meta["prob_codebook"][str(n)]]
            if n < self.order:
                self._bow[n] = self._view(directory / f"{prefix}ngram{n}_bow.npy", "B")
                self._bcb[n] = [float(x) for x in meta["bow_codebook"][str(n)]]
                self._next[n] = self._view(directory / f"{prefix}ngram{n}_next.npy", "I")
        self._cache: dict[tuple[str, tuple[str, ...]], float] = {}
        self.cache_limit = 500_000
        self._tail = 1 - self.order  # the context words that matter: the last order - 1
        self._raw = self._make_fast_trigram() if self.order == 3 else self._logprob_generic

    def _view(self, path: Path, fmt: Literal["B", "I"]) -> memoryview:
        """A memory-mapped array as a flat memoryview (its items index as plain ints, fast)."""
        arr = np.load(path, mmap_mode="r")
        self._arrays.append(arr)
        self._np[path.name.split(".")[-2]] = np.asarray(arr)  # a plain view: indexing a memmap costs more
        raw = memoryview(arr).cast("B") if arr.size else memoryview(b"")
        return raw.cast(fmt)

    # -- look-ups -----------------------------------------------------------------------------------------

    def word_id(self, word: str) -> int:
        i = self.ids.get(word)
        if i is not None:
            return i
        w = normalize_word(word) if word else word
        return self.ids.get(w, self.num_id if w == NUM else self.unk_id)

    def _child(self, n: int, parent: int, word: int) -> int:
        """Index among the order-``n`` entries of ``word`` after the order-``n-1`` entry ``parent``, or -1."""
        nxt = self._next[n - 1]
        lo = nxt[parent]
        hi = nxt[parent + 1]
        if lo == hi:
            return -1
        words = self._words[n]
        i = bisect_left(words, word, lo, hi)
        return i if i < hi and words[i] == word else -1

    def _logprob_ids(self, ids: list[int]) -> float:
        """log P(ids[-1] | ids[:-1]) by backoff; ``ids`` holds at most ``order`` ids.

        For each context length m, longest first: walk the trie along the last m context words (giving the
        context's entry, whose backoff applies if the n-gram is missing), then one step more for the word.
        """
        w = ids[-1]
        ctx = ids[:-1]
        backoff = 0.0
        for m in range(len(ctx), 0, -1):
            j = ctx[-m]
            for n in range(2, m + 1):
                j = self._child(n, j, ctx[n - m - 1])
                if j < 0:
                    break
            if j < 0:
                continue  # the context itself was never kept: its backoff weight is 1
            f = self._child(m + 1, j, w)
            if f >= 0:
                return (
                    backoff
                    + self._pcb[m + 1][self._prob[m + 1][f]]
                    - (self.unk_penalty if w == self.unk_id else 0)
                )
            backoff += self.uni_bow[j] if m == 1 else self._bcb[m][self._bow[m][j]]
        return backoff + self.uni_prob[w] - (self.unk_penalty if w == self.unk_id else 0)

    # -- the LanguageModel protocol -----------------------------------------------------------------------

    def logprob(self, word: str, context: tuple[str, ...]) -> float:
        """Natural-log P(word | context); context most recent last, may be longer than ``order - 1``."""
        key = (word, context[self._tail :])
        value = self._cache.get(key)
        if value is None:
            value = self._raw(word, context)
            if len(self._cache) >= self.cache_limit:
                self._cache.clear()
            self._cache[key] = value
        return value

    def _logprob_generic(self, word: str, context: tuple[str, ...]) -> float:
        """Uncached query for any order: ids, then ``_logprob_ids``."""
        tail = context[self._tail :]
        ids = [self.word_id(c) for c in tail]
        # nothing is conditioned across a sentence start: keep only the words after the last <s>
        if self.bos_id in ids[1:]:
            last = len(ids) - 1 - ids[::-1].index(self.bos_id)
            ids = ids[last:]
        ids.append(self.word_id(word))
        return self._logprob_ids(ids)

    def _make_fast_trigram(self) -> Callable[[str, tuple[str, ...]], float]:
        """The uncached trigram query unrolled, every array bound to a local: the decoder's hot path.

        Same result as ``_logprob_generic`` (``tests/test_lm.py`` checks it), about twice as fast.
        """
        ids_get = self.ids.get
        word_id = self.word_id
        bos, unk, unk_penalty = self.bos_id, self.unk_id, self.unk_penalty
        uni_prob, uni_bow = self.uni_prob, self.uni_bow
        next1, next2 = self._next[1], self._next[2]
        words2, words3 = self._words[2], self._words[3]
        prob2, prob3, bow2 = self._prob[2], self._prob[3], self._bow[2]
        pcb2, pcb3, bcb2 = self._pcb[2], self._pcb[3], self._bcb[2]

        def fast(word: str, context: tuple[str, ...]) -> float:
            n = len(context)
            w = ids_get(word)
            if w is None:
                w = word_id(word)
            value = -unk_penalty if w == unk else 0.0
            if n == 0:
                return value + uni_prob[w]
            c2 = ids_get(context[-1])
            if c2 is None:
                c2 = word_id(context[-1])
            if n >= 2 and c2 != bos:
                c1 = ids_get(context[-2])
                if c1 is None:
                    c1 = word_id(context[-2])
                lo = next1[c1]
                hi = next1[c1 + 1]
                j = bisect_left(words2, c2, lo, hi)
                if j < hi and words2[j] == c2:
                    lo = next2[j]
                    hi = next2[j + 1]
                    f = bisect_left(words3, w, lo, hi)
                    if f < hi and words3[f] == w:
                        return value + pcb3[prob3[f]]
                    value += bcb2[bow2[j]]
            lo = next1[c2]
            hi = next1[c2 + 1]
            f = bisect_left(words2, w, lo, hi)
            if f < hi and words2[f] == w:
                return value + pcb2[prob2[f]]
            return value + uni_bow[c2] + uni_prob[w]

        return fast

    def raw_many(self, c1: np.ndarray, c2: np.ndarray, w: np.ndarray) -> np.ndarray:
        """``_raw`` for many trigram queries at once, as ids (``c1`` or ``c2`` -1 for a shorter context).

        Why: scoring every candidate's window one query at a time was over a quarter of the engine's time;
        here the trie is walked for all queries together, one vectorised binary search per level
        (``_search_groups``), over the memory-mapped arrays alone. The results equal ``_raw``'s to the last
        bit: the same additions in the same order (``tests/test_lm.py`` checks it).
        """
        if self.order != 3:
            raise ValueError("raw_many answers trigram models only")
        a = self._np
        if self._codebooks is None:
            self._codebooks = tuple(
                np.asarray(x, dtype=np.float64)
                for x in (self._pcb[2], self._pcb[3], self._bcb[2], self.uni_prob, self.uni_bow)
            )
        pcb2, pcb3, bcb2, uni_prob, uni_bow = self._codebooks
        next1, words2, words3 = a["uni_next"], a["ngram2_words"], a["ngram3_words"]
        value = np.where(w == self.unk_id, -self.unk_penalty, 0.0)
        out = np.empty(len(w), dtype=np.float64)
        # the trigram, where the context has two words and does not start at <s>
        tri = np.flatnonzero((c1 >= 0) & (c2 >= 0) & (c2 != self.bos_id))
        j, has_ctx = _search_groups(words2, next1[c1[tri]], next1[c1[tri] + 1], c2[tri])
        tri, j = tri[has_ctx], j[has_ctx]
        next2 = a["ngram2_next"]
        f, hit = _search_groups(words3, next2[j], next2[j + 1], w[tri])
        hit3 = np.zeros(len(w), dtype=bool)
        hit3[tri[hit]] = True
        out[tri[hit]] = value[tri[hit]] + pcb3[a["ngram3_prob"][f[hit]]]
        backed = tri[~hit]
        value[backed] = value[backed] + bcb2[a["ngram2_bow"][j[~hit]]]
        # the bigram, then the unigram with the context word's backoff
        bi = np.flatnonzero(~hit3 & (c2 >= 0))
        g, hit = _search_groups(words2, next1[c2[bi]], next1[c2[bi] + 1], w[bi])
        found = bi[hit]
        out[found] = value[found] + pcb2[a["ngram2_prob"][g[hit]]]
        rest = bi[~hit]
        out[rest] = value[rest] + uni_bow[c2[rest]] + uni_prob[w[rest]]
        alone = np.flatnonzero(c2 < 0)
        out[alone] = value[alone] + uni_prob[w[alone]]
        return out

    def logprob_many(self, queries: Sequence[tuple[str, tuple[str, ...]]]) -> list[float]:
        """``logprob`` of many (word, context) queries, in order (``_through_cache``; trigrams in one batch)."""
        return _through_cache(self, queries, self._batch if self.order == 3 else None)

    def _batch(self, keys: list[tuple[str, tuple[str, ...]]]) -> list[float]:
        return self.raw_many(*query_ids(self.word_id, keys)).tolist()

    def unigram_logprob(self, word: str) -> float:
        i = self.word_id(word)
        p = self.uni_prob[i]
        return p - self.unk_penalty if i == self.unk_id else p

    def register(self, word: str) -> float:
        return 0.0  # one corpus: no register to tell

    def sentence_logprob(self, words: Sequence[str], eos: bool = True) -> float:
        """Total log-probability of one tokenised sentence, starting after ``<s>`` (for scoring and bench)."""
        return _sentence_logprob(self, words, eos)


MIXTURE_FORMAT = "unspin-ngram-mixture-1"


NEWS_COMPONENT = "news"  # the mixture component (file prefix or folder) built from news text
ENCYCLOPEDIA_COMPONENT = (
    "wiki"  # ... and the one built from an encyclopedia, which ``register`` compares with it
)
REGISTER_CLIP = 2.0  # nats: the most one word's register (``MixtureLM.register``) counts


class MixtureLM:
    """Linear interpolation of n-gram models over one shared vocabulary: P(w | h) = sum_i weight_i P_i(w | h).

    Why: pooled counts let a large encyclopedia corpus swamp a small news corpus (news perplexity barely moves
    from the news-only model), while two separately estimated models mixed with a weight tuned on held-out
    news (``scripts/lm_mix.py``) get the news model's style and the encyclopedia's coverage. ``mixture.json``
    names the components (file-name prefixes in the same folder, or sub-folders) and their weights; each
    component is a complete ``NgramLM``.
    """

    def __init__(self, directory: Path) -> None:
        spec = json.loads((directory / "mixture.json").read_text(encoding="utf-8"))
        if spec.get("format") != MIXTURE_FORMAT:
            raise ValueError(f"{directory}: unknown mixture format {spec.get('format')!r}")
        self.meta = spec
        # a component is a sub-folder ("dir") or a file-name prefix in this folder ("prefix")
        self.components = [
            NgramLM(directory / c.get("dir", ""), c.get("prefix", "")) for c in spec["components"]
        ]
        weights = [float(c["weight"]) for c in spec["components"]]
        if not self.components or min(weights) <= 0 or abs(sum(weights) - 1.0) > 1e-6:
            raise ValueError(f"{directory}: mixture weights must be positive and sum to one, got {weights}")
        first = self.components[0]
        if any(c.vocab_size != first.vocab_size or c.ids.keys() != first.ids.keys() for c in self.components):
            raise ValueError(f"{directory}: the mixture's components do not share one vocabulary")
        self.log_weights = [math.log(x) for x in weights]
        self.order = max(c.order for c in self.components)
        self.punctuation = all(c.punctuation for c in self.components)
        self.name = str(spec.get("name", "mixture"))
        self.ids = first.ids
        self.vocab_size = first.vocab_size
        self._raws = [(lw, c._raw) for lw, c in zip(self.log_weights, self.components, strict=True)]
        # the news component against the encyclopedia, for ``register``: the one named so, or the only other
        # component of a two-way mixture (None: no news component, or no single one to compare it with)
        prefixes = [str(c.get("prefix", c.get("dir", ""))) for c in spec["components"]]
        news = [m for m, p in zip(self.components, prefixes, strict=True) if p.startswith(NEWS_COMPONENT)]
        rest = [m for m, p in zip(self.components, prefixes, strict=True) if not p.startswith(NEWS_COMPONENT)]
        named = [
            m for m, p in zip(self.components, prefixes, strict=True) if p.startswith(ENCYCLOPEDIA_COMPONENT)
        ]
        other = named if len(named) == 1 else rest if len(rest) == 1 else []
        self._registers = (news[0], other[0]) if len(news) == 1 and other else None
        self._reg_cache: dict[str, float] = {}
        self._cache: dict[tuple[str, tuple[str, ...]], float] = {}
        self._uni_cache: dict[str, float] = {}
        self.cache_limit = 500_000
        self._tail = 1 - self.order

    def logprob(self, word: str, context: tuple[str, ...]) -> float:
        key = (word, context[self._tail :])
        value = self._cache.get(key)
        if value is None:
            if len(self._raws) == 2:  # the shipped model: two components, spelled out (a hot path)
                (lw0, raw0), (lw1, raw1) = self._raws
                a, b = lw0 + raw0(word, context), lw1 + raw1(word, context)
                value = (a if a > b else b) + math.log1p(math.exp(-abs(a - b)))
            else:
                value = _logsumexp([lw + raw(word, context) for lw, raw in self._raws])
            if len(self._cache) >= self.cache_limit:
                self._cache.clear()
            self._cache[key] = value
        return value

    def logprob_many(self, queries: Sequence[tuple[str, tuple[str, ...]]]) -> list[float]:
        """``logprob`` of many (word, context) queries, in order (``_through_cache``): each component answers
        a batch at once (``NgramLM.raw_many``), and the mixing is done per query exactly as ``logprob`` does."""
        batched = self.order == 3 and all(c.order == 3 for c in self.components) and len(self._raws) == 2
        return _through_cache(self, queries, self._batch if batched else None)

    def _batch(self, keys: list[tuple[str, tuple[str, ...]]]) -> list[float]:
        ids = query_ids(self.components[0].word_id, keys)
        (lw0, m0), (lw1, m1) = zip(self.log_weights, self.components, strict=True)
        exp, log1p = math.exp, math.log1p
        out: list[float] = []
        for r0, r1 in zip(m0.raw_many(*ids).tolist(), m1.raw_many(*ids).tolist(), strict=True):
            a, b = lw0 + r0, lw1 + r1
            out.append((a if a > b else b) + log1p(exp(-abs(a - b))))
        return out

    def unigram_logprob(self, word: str) -> float:
        value = self._uni_cache.get(word)
        if value is None:
            value = _logsumexp(
                [
                    lw + c.unigram_logprob(word)
                    for lw, c in zip(self.log_weights, self.components, strict=True)
                ]
            )
            if len(self._uni_cache) >= self.cache_limit:
                self._uni_cache.clear()
            self._uni_cache[word] = value
        return value

    def register(self, word: str) -> float:
        """ln P_news(w) − ln P_encyclopedia(w), the two components' unigrams, clipped to ±``REGISTER_CLIP``.

        Why: spinners put formal, rarer synonyms for plain news words (*stated* for *said*, *purchase* for
        *buy*), and an encyclopedia writes the formal ones far more than news does, so the mixture's 21% of
        Wikipedia (and Wikinews's own formal style) makes the spun word look likelier than news would. How
        much likelier Wikinews finds a word than Wikipedia does points the way to news English; the scorer
        (``score.REGISTER_WEIGHT``) goes a little further that way. Clipped, because for rare words the
        difference is mostly noise."""
        value = self._reg_cache.get(word)
        if value is None:
            if self._registers is None:
                return 0.0
            news, other = self._registers
            diff = news.unigram_logprob(word) - other.unigram_logprob(word)
            value = max(-REGISTER_CLIP, min(REGISTER_CLIP, diff))
            if len(self._reg_cache) >= self.cache_limit:
                self._reg_cache.clear()
            self._reg_cache[word] = value
        return value

    def sentence_logprob(self, words: Sequence[str], eos: bool = True) -> float:
        return _sentence_logprob(self, words, eos)


def _search_groups(
    words: np.ndarray, lo: np.ndarray, hi: np.ndarray, key: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each query, ``bisect_left(words, key, lo, hi)`` and whether ``key`` is there: one binary search
    step for every query at once per round, about 17 rounds for the largest group (the words after "the")."""
    lo = lo.astype(np.int64)
    end = hi.astype(np.int64)
    hi = end.copy()
    live = np.flatnonzero(lo < hi)
    while len(live):
        mid = (lo[live] + hi[live]) >> 1
        right = words[mid] < key[live]
        lo[live[right]] = mid[right] + 1
        hi[live[~right]] = mid[~right]
        live = live[lo[live] < hi[live]]
    inside = lo < end
    found = np.zeros(len(lo), dtype=bool)
    found[inside] = words[lo[inside]] == key[inside]
    return lo, found


def query_ids(
    word_id: Callable[[str], int], queries: Sequence[tuple[str, tuple[str, ...]]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Word ids of trigram queries: (second-last context word, last context word, word), -1 where a context
    is shorter. Nothing is conditioned across ``<s>``: a context ending in it is one word long (as in
    ``_raw``, whose trigram step skips a context whose last word is ``<s>``)."""
    tokens = {w for w, _c in queries}
    tokens.update(t for _w, c in queries for t in c[-2:])
    get = {t: word_id(t) for t in tokens}.__getitem__
    n = len(queries)
    c1 = np.fromiter([get(c[-2]) if len(c) >= 2 else -1 for _w, c in queries], dtype=np.int64, count=n)
    c2 = np.fromiter([get(c[-1]) if c else -1 for _w, c in queries], dtype=np.int64, count=n)
    w = np.fromiter([get(x) for x, _c in queries], dtype=np.int64, count=n)
    return c1, c2, w


def _through_cache(
    lm: NgramLM | MixtureLM,
    queries: Sequence[tuple[str, tuple[str, ...]]],
    batch: Callable[[list[tuple[str, tuple[str, ...]]]], list[float]] | None,
) -> list[float]:
    """``lm.logprob`` of each query, in order, through the model's own cache. What the cache does not hold is
    asked of ``batch`` at once when there is enough of it (``BATCH_MIN``: a batch costs about a millisecond
    however small, so a short text's few queries go one at a time), and the answers go into the cache the
    decoder reads next."""
    cache, tail = lm._cache, lm._tail
    keys = [(w, c[tail:]) for w, c in queries]
    out: list[float | None] = [cache.get(k) for k in keys]
    missing = [i for i, v in enumerate(out) if v is None]
    if batch is None or len(missing) < BATCH_MIN:
        for i in missing:
            out[i] = lm.logprob(*queries[i])
        return out  # type: ignore[return-value]
    asked = [keys[i] for i in missing]
    values = batch(asked)
    if len(cache) + len(asked) >= lm.cache_limit:
        cache.clear()
    for i, key, value in zip(missing, asked, values, strict=True):
        out[i] = cache[key] = value
    return out  # type: ignore[return-value]


def _logsumexp(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def _sentence_logprob(lm: NgramLM | MixtureLM, words: Sequence[str], eos: bool) -> float:
    ctx: list[str] = [BOS]
    total = 0.0
    for w in [*words, EOS] if eos else words:
        total += lm.logprob(w, tuple(ctx[-(lm.order - 1) :]))
        ctx.append(w)
    return total


def load_ngram_lm(directory: Path) -> NgramLM | MixtureLM | None:
    """The committed model under ``directory/lm`` (or ``directory`` itself); None when it is absent.

    A folder with ``mixture.json`` is a mixture of the models in its sub-folders; one with ``meta.json`` is a
    single model.
    """
    for d in (directory / "lm", directory):
        if (d / "mixture.json").is_file():
            return MixtureLM(d)
        if (d / "meta.json").is_file() and (d / "vocab.txt").is_file():
            return NgramLM(d)
    return None


def perplexity(lm: NgramLM | MixtureLM, sentences: Sequence[Sequence[str]]) -> float:
    """Per-token perplexity (``</s>`` counted as a token, as SRILM and KenLM do)."""
    total = 0.0
    n = 0
    for s in sentences:
        total += lm.sentence_logprob(s)
        n += len(s) + 1
    return math.exp(-total / max(n, 1))
