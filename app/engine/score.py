"""Scoring: the noisy-channel model that weighs a restoration against keeping the word.

A spinner walks the original text and, at a rate ``r``, swaps a word or phrase ``o`` for a synonym ``s``
drawn with probability P(s | o). Restoring is then choosing the original O that maximises

    log P_LM(O) + Σ_kept log(1 - r) + Σ_swapped [log r + λ log P(s | o)] + evidence

so rare swaps need strong language-model evidence, and a document that looks clean (small estimated ``r``)
needs even more. ``r`` is estimated per document by ``em_rate``. λ = ``CHANNEL_WEIGHT`` (1.5) was chosen on text
spun by our own spinners (bench/spinners.py): it keeps recall and cuts false edits, because the language model
is overconfident about common words. ``evidence`` is document consistency: an original that the
document itself uses elsewhere, or a swap the same document repeats, is more likely; and so is an original that
fits the topic of the words around it better than the spun word does (``app.engine.topic``; the weight, 12, was
chosen among 0, 6, 12, 20 and 30 on our own spinners' held-out cases). Since session 7 the candidates that
pass the decoder's prefilter also get a neural language model's opinion (``with_neural``): their own
language-model gain becomes the mean of the trigram and LSTM gains. Since session 8 each original also has
its own rate beside the document's (``original_rates``): a spinner that turned every "said" into "stated"
leaves no "said" behind, and that makes each "stated → said" likelier.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np

from app.engine.candidates import WordSlot
from app.engine.lexicon import unpack_shares
from app.engine.types import Candidate, Source

DEFAULT_RATE = 0.15
MIN_RATE, MAX_RATE = 0.003, 0.35
SEEN_IN_DOCUMENT_BONUS = 0.8  # the original appears elsewhere in this document ...
SEEN_RARITY_SCALE, SEEN_MAX = 0.35, 4.0  # ... and more so when it is rare ("vice president", not "said")
REPEATED_SWAP_BONUS = 0.6  # the same swap was made elsewhere in this document (per-document statistics)
LONGER_ORIGINAL_COST = 2.5  # per extra word: spinners rarely turn one word into a longer phrase's original
SWAP_BIAS = 0.5  # nats against every swap, on top of log r: restorations must beat keeping by a margin
CHANNEL_WEIGHT = 1.5  # λ: weight of log P(spun | original) against the language model
TOPIC_WEIGHT = 12.0  # nats per unit of topic-fit gain (a cosine difference, typically within ±0.4)
NEURAL_WEIGHT = 0.5  # share of the neural model in a candidate's own language-model gain (``with_neural``)
# nats per nat of register difference (``LanguageModel.register``): how much further than our Wikinews-and-
# Wikipedia model a restoration moves towards news English ("said" for "stated", "buy" for "purchase")
REGISTER_WEIGHT = 0.5
USER_TRUST = {
    Source.FEEDBACK: 6.0,
    Source.PROFILE: 2.0,
}  # pairs a person or a learned profile vouches for


@dataclass(frozen=True, slots=True)
class ChannelModel:
    """Per-document channel parameters."""

    rate: float = DEFAULT_RATE
    swap_bonus: dict[tuple[str, str], float] = field(default_factory=dict)
    # prior shift of the thesaurus pairs by the thesauri that hold them (``Candidate.thesauri``): see
    # ``thesaurus_fit``; keyed by the packed shares, of which a document has a few hundred distinct ones
    thesaurus_shift: dict[str, float] = field(default_factory=dict)

    @property
    def keep_cost(self) -> float:
        return math.log1p(-self.rate)

    @property
    def swap_cost(self) -> float:
        return math.log(self.rate) - SWAP_BIAS


@dataclass(slots=True, unsafe_hash=True)
class Scored:
    """A candidate with the words the language model sees and its channel score (prior + evidence).
    A value, never changed once made (see ``types.Token`` for why it is not declared frozen)."""

    candidate: Candidate
    start: int  # slot index where it starts
    end: int  # slot index just past it
    words: tuple[str, ...]  # lower-cased replacement words
    channel: float
    topic: float = 0.0  # topic-fit gain (cosine difference), already weighted into ``channel``
    neural: float = 0.0  # neural minus n-gram gain (``with_neural``), already weighted into ``channel``


def document_words(slots: Sequence[WordSlot]) -> Counter[str]:
    """Lower-cased words and two-word phrases of the document, for the seen-elsewhere evidence."""
    c: Counter[str] = Counter(s.lower for s in slots)
    c.update(f"{a.lower} {b.lower}" for a, b in pairwise(slots))
    return c


def seen_bonus(words: Sequence[str], unigram: Callable[[str], float]) -> float:
    """Evidence from the original occurring elsewhere in the document, as strong as the original is rare.

    Seeing "said" elsewhere in a news story says nothing (it is everywhere); seeing "Vice President" elsewhere
    makes "vice chairman" → "vice president" far more likely. Rarity is the original's unigram surprisal.
    """
    surprisal = -sum(unigram(w) for w in words)
    return min(SEEN_MAX, max(SEEN_IN_DOCUMENT_BONUS, SEEN_RARITY_SCALE * surprisal - 1.5))


TopicFit = Callable[[Sequence[tuple[int, int]], Sequence[tuple[str, ...]]], Sequence[float]]


def score_candidates(
    candidates: Sequence[Candidate],
    slot_of_token: dict[int, int],
    doc_words: Counter[str],
    unigram: Callable[[str], float],
    topic: TopicFit | None = None,
    register: Callable[[str], float] | None = None,
) -> list[Scored]:
    """Attach channel scores at the default ``ChannelModel()``: log r + log P(s|o) + document evidence (seen
    elsewhere, topic fit: ``topic(spans, originals)`` gives each candidate's topic gain, see
    ``app.engine.topic``) + the register shift (``register``: how news-like each word is, weighted by
    ``REGISTER_WEIGHT``). ``rechannel`` moves them to a document's own rate and repeated-swap bonuses."""
    spans: list[tuple[int, int]] = []
    words_of: list[tuple[str, ...]] = []
    slot_span: dict[tuple[int, int], tuple[int, int]] = {}
    spun_register: dict[str, float] = {}  # a spun text's own register, once for all its candidates
    # each replacement's words and register, once: a document proposes the same originals in many places
    split: dict[str, tuple[tuple[str, ...], float]] = {}
    registers: list[float] = []
    for c in candidates:
        tokens = (c.span.start_token, c.span.end_token)
        ab = slot_span.get(tokens)
        if ab is None:
            ab = (slot_of_token[tokens[0]], slot_of_token[tokens[1] - 1] + 1)
            slot_span[tokens] = ab
        if register is not None and c.span.text not in spun_register:
            spun_register[c.span.text] = sum(map(register, c.span.text.lower().split()))
        spans.append(ab)
        known = split.get(c.replacement)
        if known is None:
            words = tuple(c.replacement.lower().split())
            known = split[c.replacement] = (words, sum(map(register, words)) if register is not None else 0.0)
        words_of.append(known[0])
        registers.append(known[1])
    fits = topic(spans, words_of) if topic is not None and candidates else [0.0] * len(candidates)
    fixed = ChannelModel().swap_cost
    out: list[Scored] = []
    for c, (a, b), words, fit, own in zip(candidates, spans, words_of, fits, registers, strict=True):
        evidence = CHANNEL_WEIGHT * c.prior + TOPIC_WEIGHT * fit
        if len(words) > b - a:
            evidence -= LONGER_ORIGINAL_COST * (len(words) - (b - a))
        if c.source in USER_TRUST:
            evidence += USER_TRUST[c.source]
        if len(words) <= 2 and " ".join(words) in doc_words:
            evidence += seen_bonus(words, unigram)
        if register is not None:
            evidence += REGISTER_WEIGHT * (own - spun_register[c.span.text])
        out.append(Scored(c, a, b, words, fixed + evidence, float(fit)))
    return out


def rechannel(base: Sequence[Scored], channel: ChannelModel) -> list[Scored]:
    """``base`` (from ``score_candidates``, at the default ``ChannelModel()``) under a document's own rate and
    swap bonuses: only those parts of the channel depend on the document, so the rest is not recomputed."""
    shift = channel.swap_cost - ChannelModel().swap_cost
    bonus = channel.swap_bonus
    held = channel.thesaurus_shift
    out: list[Scored] = []
    for s in base:
        extra = shift
        if bonus:
            extra += bonus.get((s.candidate.span.text.lower(), " ".join(s.words)), 0.0)
        if held and s.candidate.thesauri:
            extra += held.get(s.candidate.thesauri, 0.0)
        out.append(Scored(s.candidate, s.start, s.end, s.words, s.channel + extra, s.topic, s.neural))
    return out


def with_neural(
    scored: Sequence[Scored],
    ngram: Sequence[float],
    neural: Sequence[float | None],
    weight: float | None = None,
) -> list[Scored]:
    """Blend the neural model's gain (``app.engine.nlm.neural_gains``) into each candidate's evidence.

    The decoder scores paths with the n-gram model; adding ``weight × (neural − n-gram)`` to the channel
    makes a lone candidate's language-model gain ``(1 − weight) × n-gram + weight × neural``, while
    neighbouring candidates still interact through the n-gram model. Candidates the neural model cannot
    judge (a token outside its vocabulary) keep the n-gram gain alone. ``weight`` defaults to
    ``NEURAL_WEIGHT``."""
    w = NEURAL_WEIGHT if weight is None else weight
    out: list[Scored] = []
    for s, g, n in zip(scored, ngram, neural, strict=True):
        if n is None:
            out.append(s)
        else:
            diff = n - g
            out.append(Scored(s.candidate, s.start, s.end, s.words, s.channel + w * diff, s.topic, diff))
    return out


def estimate_rate(expected_swaps: float, eligible: int) -> float:
    """Spin rate from an expected number of swaps, smoothed towards a low prior so short texts stay cautious."""
    r = (expected_swaps + 0.3) / (eligible + 12.0)
    return min(MAX_RATE, max(MIN_RATE, r))


@dataclass(frozen=True, slots=True)
class LocalEvidence:
    """Every candidate's local evidence with the rate left out, so that its odds at any rate are one array
    expression: ``em_rate`` asks at each round's rate, ``original_rates`` at the rate it settled on."""

    fixed: np.ndarray  # language-model gain + channel score at DEFAULT_RATE, minus that rate's swap cost
    spans: np.ndarray  # slots each candidate covers (each pays the keep cost of the words it replaces)
    slot_index: np.ndarray  # each candidate's slot, numbered 0 .. slots - 1

    @classmethod
    def of(cls, scored: Sequence[Scored], lm_gains: Sequence[float]) -> LocalEvidence:
        base = ChannelModel()
        n = len(scored)
        starts = np.fromiter((s.start for s in scored), dtype=np.int64, count=n)
        spans = np.fromiter((s.end - s.start for s in scored), dtype=np.float64, count=n)
        fixed = np.asarray(lm_gains, dtype=np.float64) + np.fromiter(
            (s.channel - base.swap_cost for s in scored), dtype=np.float64, count=n
        )
        _slots, slot_index = np.unique(starts, return_inverse=True)
        return cls(fixed, spans, slot_index)

    @property
    def eligible(self) -> int:
        """How many slots have a candidate: the words the rate is estimated over."""
        return int(self.slot_index.max()) + 1 if len(self.slot_index) else 0

    def gains(self, rate: float) -> np.ndarray:
        """Each candidate's local gain at ``rate``."""
        ch = ChannelModel(rate=rate)
        return self.fixed + ch.swap_cost - ch.keep_cost * self.spans

    def sure_swaps(self, rate: float, gain: float) -> int:
        """How many slots have a candidate whose local gain at ``rate`` exceeds ``gain`` nats."""
        return len(np.unique(self.slot_index[self.gains(rate) > gain]))

    def odds(self, rate: float) -> np.ndarray:
        """exp(local gain) of each candidate at ``rate`` (the gain capped at 30 nats)."""
        return np.exp(np.minimum(self.gains(rate), 30.0))


def em_rate(
    scored: Sequence[Scored],
    lm_gains: Sequence[float],
    rounds: int = 6,
    *,
    evidence: LocalEvidence | None = None,
) -> float:
    """The document's spin rate by expectation-maximisation over each slot's local evidence.

    Each slot is swapped with odds Σ_candidates exp(local gain), and the local gains depend on the rate
    itself, so a few rounds find the rate that agrees with its own posteriors. Clean text settles near the
    floor and spun text well above it, before any decoding; ``scored`` carries channel scores at
    ``DEFAULT_RATE``, shifted here to each round's rate. ``evidence`` is ``LocalEvidence.of(scored,
    lm_gains)`` when the caller already has it (the pipeline builds it once for this, ``original_rates`` and
    ``thesaurus_fit``).
    """
    if not scored:
        return estimate_rate(0.0, 0)
    evidence = evidence or LocalEvidence.of(scored, lm_gains)
    rate = DEFAULT_RATE
    for _ in range(rounds):
        odds = np.bincount(evidence.slot_index, weights=evidence.odds(rate))
        rate = estimate_rate(float((odds / (1.0 + odds)).sum()), len(odds))
    return rate


# A document is either clean or spun: spinners change a word in five (our lightest dev set, one in fourteen),
# while a clean article whose register the language model knows less well (1990s magazine journalism, say)
# settles at an estimated rate of 0.02 to 0.08 through sheer disagreement with the model. Rates below the
# midpoint are taken for such text: they lose up to ``CLEAN_PRIOR_NATS`` of log rate (a factor of four), rates
# well above it keep their value (``clean_prior``).
CLEAN_PRIOR_NATS = math.log(4.0)
CLEAN_RATE_MIDPOINT = 0.05
CLEAN_RATE_WIDTH = 0.01
CLEAN_PRIOR_SLOTS = 50.0  # a text with this many eligible words gets half the prior's strength
# ... and a text with sure swaps is spun whatever its rate: a real tool that changes one word in twenty leaves a
# few restorations its local evidence backs by more than SURE_SWAP_GAIN nats (two per 100 eligible words in the
# median held-out document of bench/attested.py), a clean text almost none (Slate's median 0.12, its 90th
# percentile 0.37); the prior fades out around SURE_SWAP_DENSITY such swaps per 100 eligible words
SURE_SWAP_GAIN = 5.0
SURE_SWAP_DENSITY = 0.4
SURE_SWAP_WIDTH = 0.1


def clean_prior(rate: float, eligible: int = 10**9, sure: int = 0) -> float:
    """A document's estimated spin rate (``em_rate``) under a two-population prior: documents are clean or
    spun, and a low estimate is more likely a clean text the model finds a little odd than a spinner at work
    on one word in thirty. The log rate falls by up to ``CLEAN_PRIOR_NATS``, smoothly (a logistic step of
    width ``CLEAN_RATE_WIDTH`` at ``CLEAN_RATE_MIDPOINT``), so every restoration in such a text needs more
    evidence; at spun texts' rates (0.1 and up) nothing changes. Two things weaken the step:

    * the estimate's weight: a text with ``eligible`` words that could be restored gets ``eligible /
      (eligible + CLEAN_PRIOR_SLOTS)`` of it, because a short text's estimate is mostly ``estimate_rate``'s
      own low prior;
    * ``sure`` swaps (``LocalEvidence.sure_swaps``): a text with more than about ``SURE_SWAP_DENSITY`` of them
      per 100 eligible words is spun, however few words its spinner changed.

    Why (session 19): clean Slate magazine articles of 1996-2000 (72,742 words, OANC) got 1.43 false edits per
    1,000 words at a median estimated rate of 0.040, against 0.011 for clean held-out Wikinews. With this
    prior: Slate 0.84, White House statements 0.45 → 0.20, clean held-out Wikinews 0.69 → 0.46; a real tool's
    held-out swaps (``bench/attested.py``, about one word in twenty changed) 0.1163 → 0.1142 and 0.1132 →
    0.1112 err at higher precision, split A 0.5725 → 0.5722, dev news, mild and clean unchanged. The rate test
    alone cut more false edits (Slate 0.70, White House 0.10) but cost the real tool's sparse swaps 0.012 err."""
    step = falling_step((rate - CLEAN_RATE_MIDPOINT) / CLEAN_RATE_WIDTH)
    trust = eligible / (eligible + CLEAN_PRIOR_SLOTS)
    density = 100.0 * sure / max(eligible, 1)
    quiet = falling_step((density - SURE_SWAP_DENSITY) / SURE_SWAP_WIDTH)
    return max(MIN_RATE, rate * math.exp(-CLEAN_PRIOR_NATS * step * trust * quiet))


def falling_step(x: float) -> float:
    """1 / (1 + e^x) without overflow: a one-word text with one sure swap has a sure-swap density of 100 per
    100 words, 996 widths past the step, and ``math.exp(996)`` raises (session 20: "White Home" alone crashed
    the engine)."""
    if x > 0.0:
        e = math.exp(-x)
        return e / (1.0 + e)
    return 1.0 / (1.0 + math.exp(x))


ORIGINAL_RATE_PRIOR = 2.0  # pseudo-occurrences at the document's rate behind each original's own rate
ORIGINAL_SHIFT_MAX = 1.5  # nats: the most an original's own rate moves its swaps from the document's rate


def original_rates(
    scored: Sequence[Scored],
    lm_gains: Sequence[float],
    rate: float,
    doc_words: Counter[str],
    *,
    evidence: LocalEvidence | None = None,
) -> dict[tuple[str, str], float]:
    """Per-original swap rates, as channel shifts for each (spun, original) pair: log(q_o / r).

    A spinner need not swap every word at the document's rate r: a consistent one turns every "said" into
    "stated". For each original o, the expected number of its swaps E_o (the local posteriors at rate r, as
    ``em_rate`` computes them) against the n_o times it still stands in the text gives its own rate
    q_o = (E_o + k·r) / (E_o + n_o + k), shrunk towards r by k pseudo-occurrences. A text with four likely
    "stated → said" and no "said" left makes each of them likelier; one that still says "said" far more
    often than it seems to have swapped it (n_o ≫ E_o / r) makes them less likely."""
    if not scored:
        return {}
    evidence = evidence or LocalEvidence.of(scored, lm_gains)
    odds = evidence.odds(rate)
    share = odds / (1.0 + np.bincount(evidence.slot_index, weights=odds)[evidence.slot_index])
    originals = [" ".join(s.words) for s in scored]
    ids: dict[str, int] = {}
    original_index = np.fromiter(
        (ids.setdefault(o, len(ids)) for o in originals), dtype=np.int64, count=len(scored)
    )
    expected = np.bincount(original_index, weights=share)
    standing = np.array([doc_words.get(o, 0) for o in ids], dtype=np.float64)
    k = ORIGINAL_RATE_PRIOR
    q = (expected + k * rate) / (expected + standing + k)
    shift = np.clip(np.log(q / rate), -ORIGINAL_SHIFT_MAX, ORIGINAL_SHIFT_MAX)
    out: dict[tuple[str, str], float] = {}
    for s, o, j in zip(scored, originals, original_index.tolist(), strict=True):
        v = float(shift[j])
        if abs(v) > 1e-3:
            out[(s.candidate.span.text.lower(), o)] = v
    return out


THESAURUS_PRIOR = 6.0  # pseudo-swaps at the prior weights (equal, or a site's) behind a document's weights
THESAURUS_ROUNDS = 20  # expectation-maximisation rounds (the weights move slowly when thesauri overlap)
LIKELY_SWAP = 0.5  # only slots whose local posterior of a swap exceeds this count as the spinner's evidence


@dataclass(frozen=True, slots=True)
class ThesaurusFit:
    """Which thesauri a document's spinner seems to use, and what that does to each thesaurus pair's prior."""

    weights: dict[str, float]  # each thesaurus's estimated share of the spinner's swaps, summing to 1
    shifts: dict[str, float]  # channel shift of the pairs, keyed by their packed shares (``ChannelModel``)


def thesaurus_fit(
    scored: Sequence[Scored],
    lm_gains: Sequence[float],
    rate: float,
    thesauri: Sequence[str],
    prior: Mapping[str, float] | None = None,
    *,
    evidence: LocalEvidence | None = None,
) -> ThesaurusFit:
    """The document's thesaurus weights and the channel shifts of its thesaurus pairs, keyed by the pairs'
    packed shares (``Candidate.thesauri``; ``ChannelModel.thesaurus_shift``).

    The prior log P(spun | original) is the mean over the ``thesauri`` of each one's P_t, because we do not
    know which one a spinner draws from. But one spinner uses one thesaurus, or a few, and each document shows
    which: a WordNet spinner's swaps are WordNet pairs, and in its text a pair only Moby holds is more likely a
    genuine word. Expectation-maximisation finds the document's weights w_t: each likely swap (a candidate
    whose local posterior at the document's rate, as ``em_rate`` computes it, exceeds ``LIKELY_SWAP``) is shared
    among the thesauri that hold its pair in proportion to w_t times their share of it
    (``Candidate.thesauri``); the weights are shrunk towards equal by ``THESAURUS_PRIOR`` pseudo-swaps, so a
    short or clean text keeps the mean. A pair's prior becomes log Σ_t w_t P_t, a shift of log(m Σ_t w_t s_t)
    for shares s_t among m thesauri, weighted like the prior (``CHANNEL_WEIGHT``).

    ``prior`` replaces the equal weights that the estimate is shrunk towards: a site's weights, learned from
    many of its documents by ``unspin learn`` (one document holds a dozen likely swaps; a site thousands).
    ``evidence``: as for ``em_rate``."""
    m = len(thesauri)
    mean = np.full(m, 1.0 / m)
    if prior:
        given = np.array([max(0.0, float(prior.get(t, 0.0))) for t in thesauri])
        if given.sum() > 0:
            mean = 0.9 * given / given.sum() + 0.1 / m  # never rule a thesaurus out entirely
    if m < 2 or not scored:
        return ThesaurusFit(dict(zip(thesauri, mean.tolist(), strict=True)), {})
    col = {t: j for j, t in enumerate(thesauri)}
    # candidates share few distinct rows of shares: each is parsed once
    row_of: dict[str, int] = {}
    index = np.fromiter(
        (row_of.setdefault(s.candidate.thesauri, len(row_of)) for s in scored),
        dtype=np.int64,
        count=len(scored),
    )
    rows = np.zeros((len(row_of), m))
    for packed, r in row_of.items():
        for t, v in unpack_shares(packed):
            if t in col:
                rows[r, col[t]] = v
    row_held = rows.sum(axis=1) > 0
    share, held = rows[index], row_held[index]
    if not held.any():
        return ThesaurusFit(dict(zip(thesauri, mean.tolist(), strict=True)), {})
    evidence = evidence or LocalEvidence.of(scored, lm_gains)
    odds_all = evidence.odds(rate)
    # a candidate counts only if its posterior can pass LIKELY_SWAP, which takes odds above 1 at the largest
    # shift (m ** CHANNEL_WEIGHT): only the slots that hold such a candidate take part (same weights, less work)
    could = held & (odds_all * m**CHANNEL_WEIGHT > LIKELY_SWAP / (1.0 - LIKELY_SWAP))
    part = np.isin(evidence.slot_index, np.unique(evidence.slot_index[could]))
    _slots, slot = np.unique(evidence.slot_index[part], return_inverse=True)
    odds_at_mean, s_part, h_part = odds_all[part], share[part], held[part]
    w = mean
    for _ in range(THESAURUS_ROUNDS if len(slot) else 0):
        mix = np.where(h_part, s_part @ w, 1.0)
        odds = np.minimum(odds_at_mean * np.where(h_part, m * mix, 1.0) ** CHANNEL_WEIGHT, math.exp(30.0))
        post = odds / (1.0 + np.bincount(slot, weights=odds)[slot])
        post = np.where(h_part & (post > LIKELY_SWAP), post, 0.0)
        counts = ((post / mix)[:, None] * s_part * w[None, :]).sum(axis=0)
        w = (counts + THESAURUS_PRIOR * mean) / (counts.sum() + THESAURUS_PRIOR)
    shift = CHANNEL_WEIGHT * np.log(np.where(row_held, m * (rows @ w), 1.0))
    return ThesaurusFit(
        dict(zip(thesauri, w.tolist(), strict=True)),
        {packed: v for packed, v in zip(row_of, shift.tolist(), strict=True) if abs(v) > 1e-3},
    )


def repeated_swaps(pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], float]:
    """Bonus for swaps the local evidence makes more than once: spinners reuse their thesaurus within a
    document."""
    counts = Counter(pairs)
    return {p: REPEATED_SWAP_BONUS * min(n - 1, 3) for p, n in counts.items() if n > 1}


def spin_score(confidences: Sequence[float], words: int) -> float:
    """How likely the document was spun at all: saturates once confident swaps pass a few per hundred words."""
    if words == 0:
        return 0.0
    density = sum(confidences) / (words + 30)  # short texts need more than one swap to look spun
    return 1.0 - math.exp(-30.0 * density)
