"""Joint decoding: choose, for a whole sentence at once, which spans to restore.

Neighbouring swaps starve each other of context ("officers stated" only becomes "officials said" when both words
change together), so spans are decided by a beam search over the sentence lattice, each path scored by the
language model plus the channel model of ``score.py``. Each chosen edit then gets a confidence: the posterior of
its choice against keeping the text and against the other candidates, with the rest of the best path fixed.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.engine.candidates import WordSlot
from app.engine.lm import BOS, EOS, LanguageModel
from app.engine.score import ChannelModel, Scored

BEAM = 6
PREFILTER = (
    -4.0
)  # a candidate whose local gain is below this (nats) cannot win even with help from neighbours
TEMPERATURE = 1.6  # softens the posterior so that confidence tracks accuracy (see bench/calibration.py)


@dataclass(frozen=True, slots=True)
class Choice:
    """A restoration on the best path, with its posterior and the ranked alternatives."""

    scored: Scored
    confidence: float
    alternatives: tuple[tuple[str, float, str], ...]  # (replacement, posterior, source)
    keep_share: float = 0.0  # posterior of leaving the text as it is


def lm_gains(
    scored: Sequence[Scored],
    slots: Sequence[WordSlot],
    lm: LanguageModel,
    bounds: Sequence[tuple[int, int]] = (),
) -> list[float]:
    """Language-model gain of each candidate in the spun context alone. It does not depend on the channel,
    so the caller computes it once for the rate estimate, the likely swaps and the prefilter. The next word
    after the span is scored too, with the punctuation before it (``right_context``; always scoring two
    tokens after, which a trigram conditions on the span as well, moved quality by less than noise in
    sessions 2 and 6); the kept text's score is shared by every candidate of the same span.

    ``bounds`` (from ``group_by_sentence``) keeps the context inside the span's sentence, as the decoder
    sees it: ``<s>`` before its first word and ``</s>`` after its last, so that "..., he told." is judged as
    a sentence end ("he said" ends sentences, "he told" rarely does)."""
    first, last = sentence_edges(len(slots), bounds)
    k = max(1, lm.order - 1)
    queries: list[tuple[str, tuple[str, ...]]] = []  # every (word, context) asked, answered in one batch
    # per span: its context, the tokens after it, and where the kept text's queries are (shared)
    per_span: dict[tuple[int, int], tuple[tuple[str, ...], tuple[str, ...], int, int]] = {}
    ranges: list[tuple[int, int, int, int]] = []
    for s in scored:
        known = per_span.get((s.start, s.end))
        if known is None:
            ctx = _left_context(slots, s.start, first[s.start])
            after = right_context(slots, s.end, last[s.start])
            lo = len(queries)
            _window(ctx, (*(x.lower for x in slots[s.start : s.end]), *after), k, queries)
            known = per_span[(s.start, s.end)] = (ctx, after, lo, len(queries))
        ctx, after, klo, khi = known
        lo = len(queries)
        _window(ctx, (*s.words, *after), k, queries)
        ranges.append((lo, len(queries), klo, khi))
    values = _answers(lm, queries)
    return [_total(values, lo, hi) - _total(values, klo, khi) for lo, hi, klo, khi in ranges]


def context_fits(
    items: Sequence[tuple[int, int, tuple[str, ...]]],
    slots: Sequence[WordSlot],
    lm: LanguageModel,
    bounds: Sequence[tuple[int, int]] = (),
    with_next: bool | Sequence[bool] = True,
) -> list[float]:
    """Language-model log-probability of each (first slot, end slot, words) written over those slots, in the
    same window ``lm_gains`` scores a candidate in (two tokens before, the next word after, inside the
    sentence). Differences between items over the same slots are comparable; absolute values are not.

    Without ``with_next`` (for all items, or per item) only the words themselves are scored: an upper bound of
    their fit, since every log-probability is at most 0, that costs a fraction of the queries."""
    first, last = sentence_edges(len(slots), bounds)
    k = max(1, lm.order - 1)
    queries: list[tuple[str, tuple[str, ...]]] = []
    ranges: list[tuple[int, int]] = []
    nexts = [with_next] * len(items) if isinstance(with_next, bool) else with_next
    for (a, b, words), scored_next in zip(items, nexts, strict=True):
        lo = len(queries)
        after = right_context(slots, b, last[a]) if scored_next else ()
        _window(_left_context(slots, a, first[a]), (*words, *after), k, queries)
        ranges.append((lo, len(queries)))
    values = _answers(lm, queries)
    return [_total(values, lo, hi) for lo, hi in ranges]


def _answers(lm: LanguageModel, queries: Sequence[tuple[str, tuple[str, ...]]]) -> list[float]:
    """log P(word | context) of each query: in one batch when the model can answer one (``logprob_many``)."""
    many = getattr(lm, "logprob_many", None)
    return many(queries) if many is not None else [lm.logprob(w, c) for w, c in queries]


def _window(
    state: tuple[str, ...], tokens: Sequence[str], k: int, out: list[tuple[str, tuple[str, ...]]]
) -> None:
    """Append the queries that score ``tokens`` after the context ``state`` (as ``_advance`` asks them)."""
    if k == 2 and state:  # the trigram model's case, the same tuples built faster (this runs per candidate)
        for t in tokens:
            out.append((t, state))
            state = (state[-1], t)
        return
    for t in tokens:
        out.append((t, state))
        state = (*state, t)[-k:]


def _total(values: Sequence[float], lo: int, hi: int) -> float:
    """Sum of ``values[lo:hi]`` added left to right, as ``_advance`` adds (the same float, to the bit)."""
    total = 0.0
    for i in range(lo, hi):
        total += values[i]
    return total


def _left_context(slots: Sequence[WordSlot], a: int, first: int) -> tuple[str, ...]:
    """The two language-model tokens before slot ``a`` (words, punctuation, ``<s>``), within its sentence."""
    toks = list(slots[a].before)
    j = a - 1
    while len(toks) < 2 and j >= first:
        toks[:0] = (*slots[j].before, slots[j].lower)
        j -= 1
    if len(toks) < 2:
        toks.insert(0, BOS)
    return tuple(toks[-2:])


def right_context(slots: Sequence[WordSlot], b: int, end: int) -> tuple[str, ...]:
    """The tokens after a span ending at slot ``b`` that its quick gain scores: the next word and any
    punctuation before it (at most two tokens), or the sentence's closing punctuation and ``</s>``."""
    if b < end:
        nxt = slots[b]
        return (*nxt.before, nxt.lower)[:2] if nxt.before else (nxt.lower,)
    return (*slots[b - 1].after, EOS)[:2]


def sentence_edges(n: int, bounds: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """For each slot, the first slot of its sentence and the end (exclusive) of its sentence; one sentence
    of the whole text when no bounds are given."""
    if not bounds:
        return [0] * n, [n] * n
    first = [0] * n
    last = [n] * n
    for lo, hi in bounds:
        for i in range(lo, hi):
            first[i] = lo
            last[i] = hi
    return first, last


def local_gain(s: Scored, lm_part: float, channel: ChannelModel, shift: float = 0.0) -> float:
    """Quick gain of a candidate in the spun context alone: used to drop hopeless candidates early.

    ``shift`` is added to the candidate's channel score, so a caller can judge it under another rate (or
    bound it by a bonus) without copying it first."""
    return lm_part + s.channel + shift - channel.keep_cost * (s.end - s.start)


def decode_sentence(
    slots: Sequence[WordSlot],
    options_at: dict[int, list[Scored]],
    lm: LanguageModel,
    channel: ChannelModel,
    beam: int = BEAM,
) -> list[Scored]:
    """Best set of non-overlapping restorations for one sentence (slots local to it)."""
    m = len(slots)
    k = max(1, lm.order - 1)
    keep = channel.keep_cost
    # hyps[i]: state (last k words) -> (score, back pointer (prev index, prev state, chosen Scored or None))
    hyps: list[dict[tuple[str, ...], tuple[float, tuple | None]]] = [dict() for _ in range(m + 1)]
    hyps[0][(BOS,)] = (0.0, None)
    for i in range(m):
        if not hyps[i]:
            continue
        frontier = sorted(hyps[i].items(), key=lambda kv: -kv[1][0])[:beam]
        w = slots[i].lower
        here = options_at.get(i, ())
        kc = keep if here else 0.0
        pre = slots[i].before
        for key, (score, _back) in frontier:
            state = key
            if pre:  # punctuation before the word: the same on every path, scored in each path's context
                gain, state = _advance(lm, state, pre, k)
                score += gain
            sc = score + lm.logprob(w, state) + kc
            ns = (*state, w)[-k:]
            cur = hyps[i + 1].get(ns)
            if cur is None or sc > cur[0]:
                hyps[i + 1][ns] = (sc, (i, key, None))
            for s in here:
                gain, hist = _advance(lm, state, s.words, k)
                sc2 = score + s.channel + gain
                cur = hyps[s.end].get(hist)
                if cur is None or sc2 > cur[0]:
                    hyps[s.end][hist] = (sc2, (i, key, s))
    # backtrack from the best final state, each scored with the sentence's end
    tail = (*slots[m - 1].after, EOS) if m else (EOS,)
    state, (_score, back) = max(hyps[m].items(), key=lambda kv: kv[1][0] + _advance(lm, kv[0], tail, k)[0])
    chosen: list[Scored] = []
    while back is not None:
        i, prev_state, s = back
        if s is not None:
            chosen.append(s)
        state = prev_state
        back = hyps[i][state][1]
    chosen.reverse()
    return chosen


def _advance(
    lm: LanguageModel, state: tuple[str, ...], tokens: Sequence[str], k: int
) -> tuple[float, tuple[str, ...]]:
    """Score ``tokens`` after the context ``state``: their total log-probability and the state after them."""
    total = 0.0
    for t in tokens:
        total += lm.logprob(t, state)
        state = (*state, t)[-k:]
    return total, state


def path_words(slots: Sequence[WordSlot], chosen: Sequence[Scored]) -> list[tuple[int, int, tuple[str, ...]]]:
    """The best path as pieces (slot start, slot end, output words)."""
    pieces: list[tuple[int, int, tuple[str, ...]]] = []
    by_start = {s.start: s for s in chosen}
    i = 0
    while i < len(slots):
        s = by_start.get(i)
        if s is not None:
            pieces.append((s.start, s.end, s.words))
            i = s.end
        else:
            pieces.append((i, i + 1, (slots[i].lower,)))
            i += 1
    return pieces


def posteriors(
    slots: Sequence[WordSlot],
    chosen: Sequence[Scored],
    options_at: dict[int, list[Scored]],
    lm: LanguageModel,
    channel: ChannelModel,
) -> list[Choice]:
    """Confidence and alternatives for each chosen restoration, the rest of the best path held fixed."""
    pieces = path_words(slots, chosen)
    index_of = {p[0]: n for n, p in enumerate(pieces)}
    k = max(1, lm.order - 1)
    out: list[Choice] = []
    for s in chosen:
        n = index_of[s.start]
        before: list[str] = [BOS] if n <= 3 else []
        for p in pieces[max(0, n - 3) : n]:
            before.extend((*slots[p[0]].before, *p[2]))
        before.extend(slots[s.start].before)
        after: list[str] = []
        for p in pieces[n + 1 : n + 3]:
            after.extend((*slots[p[0]].before, *p[2]))
        if len(after) < k and n + 3 >= len(pieces):
            after.extend((*slots[-1].after, EOS))  # the sentence ends within reach
        after = after[:k]
        kept = tuple(x.lower for x in slots[s.start : s.end])
        rivals: dict[tuple[str, ...], tuple[float, str, str]] = {}
        rivals[kept] = (channel.keep_cost * len(kept), s.candidate.span.text, "keep")
        for alt in options_at.get(s.start, ()):
            if alt.end == s.end:
                rivals.setdefault(
                    alt.words, (alt.channel, alt.candidate.replacement, str(alt.candidate.source))
                )
        scores: dict[tuple[str, ...], float] = {}
        ctx0 = tuple(before[-k:])
        for words, (ch, _r, _src) in rivals.items():
            scores[words] = (ch + _advance(lm, ctx0, (*words, *after), k)[0]) / TEMPERATURE
        top = max(scores.values())
        z = sum(math.exp(v - top) for v in scores.values())
        post = {w: math.exp(v - top) / z for w, v in scores.items()}
        alts = sorted(
            ((rivals[w][1], p, rivals[w][2]) for w, p in post.items() if w != s.words and w != kept),
            key=lambda t: -t[1],
        )
        out.append(Choice(s, post[s.words], tuple(alts), post.get(kept, 0.0)))
    return out


def group_by_sentence(slots: Sequence[WordSlot], starts: set[int]) -> list[tuple[int, int]]:
    """(first slot, end slot) of each sentence."""
    bounds: list[tuple[int, int]] = []
    begin = 0
    for i, s in enumerate(slots):
        if i > begin and s.token in starts:
            bounds.append((begin, i))
            begin = i
    if begin < len(slots):
        bounds.append((begin, len(slots)))
    return bounds


def options_by_sentence(
    scored: Sequence[Scored], bounds: Sequence[tuple[int, int]]
) -> list[dict[int, list[Scored]]]:
    """Each sentence's candidates (``bounds`` from ``group_by_sentence``), keyed by their start slot within
    the sentence; a candidate that crosses a sentence boundary belongs to none. One pass over ``scored``
    (bisecting the sentence starts), so long documents cost linear, not quadratic, time."""
    firsts = [lo for lo, _hi in bounds]
    out: list[dict[int, list[Scored]]] = [defaultdict(list) for _ in bounds]
    for s in scored:
        k = bisect_right(firsts, s.start) - 1
        if k < 0:
            continue
        lo, hi = bounds[k]
        if s.end <= hi:
            out[k][s.start - lo].append(replace(s, start=s.start - lo, end=s.end - lo))
    return out
