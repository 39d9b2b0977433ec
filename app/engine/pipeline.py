"""The pipeline, stage by stage: OCR → tokenize → candidates → score → decode → edits.

``run_repair`` is the body of ``app.repair``; every shell (API, web, CLI, batch) ends up here.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from app.engine import decode as dec
from app.engine.candidates import (
    PHRASES,
    WordSlot,
    apostrophe_of,
    asks_thesaurus,
    document_slots,
    propose,
    ranked_thesaurus,
)
from app.engine.decide import decide
from app.engine.entities import view_of
from app.engine.inflection import botch_candidates
from app.engine.lexicon import PhraseDictionary
from app.engine.nlm import neural_gains
from app.engine.render import apply_edits
from app.engine.score import (
    MIN_RATE,
    SURE_SWAP_GAIN,
    ChannelModel,
    LocalEvidence,
    Scored,
    TopicFit,
    clean_prior,
    document_words,
    em_rate,
    original_rates,
    rechannel,
    repeated_swaps,
    score_candidates,
    spin_score,
    thesaurus_fit,
    with_neural,
)
from app.engine.spintax import groups as spintax_groups
from app.engine.tokens import markup_ranges, sections, sentence_starts, tokenize
from app.engine.types import (
    Candidate,
    Detection,
    Edit,
    Repair,
    RepairOptions,
    RepairTimeout,
    Source,
    SuspiciousSpan,
    Token,
)
from app.resources import Resources

# a text longer than this is repaired in blocks of about ``BLOCK_CHARS``, cut between paragraphs
LONG_TEXT_CHARS = 300_000
BLOCK_CHARS = 100_000
_RAW_NAMES = ("script", "style", "code", "textarea", "template", "svg", "math")


def run_repair(text: str, options: RepairOptions, res: Resources) -> Repair:
    """Repair ``text``. A long one (a book, a 50 MB line of an archive) is repaired block by block
    (``text_blocks``): the engine's working memory grows with the text (about 450 MB more for 1 MB of
    prose), and a block of 100,000 characters is as much document as its estimates need (session 22's
    archive audit: one 50 MB document took a worker to 5.4 GB)."""
    if len(text) <= LONG_TEXT_CHARS:
        return _repair_block(text, options, res)
    edits: list[Edit] = []
    words = 0
    score = 0.0
    thesauri: dict[str, float] = {}
    english = False
    t0 = time.perf_counter()
    for a, b in text_blocks(text):
        check_deadline(options)
        r = _repair_block(text[a:b], options, res)
        n = int(r.stats.get("words", 0))
        edits.extend(replace(e, start=e.start + a, end=e.end + a) for e in r.edits)
        words += n
        score += r.spin_score * n
        for k, v in r.thesauri.items():
            thesauri[k] = thesauri.get(k, 0.0) + v * n
        english = english or r.english
    stats: dict[str, float] = {"words": words, "elapsed_ms": round((time.perf_counter() - t0) * 1000, 2)}
    scale = 1 / words if words else 0.0
    weights = {k: v * scale for k, v in thesauri.items()}
    return Repair(text, apply_edits(text, edits), tuple(edits), score * scale, stats, weights, english)


def text_blocks(text: str, size: int = BLOCK_CHARS) -> list[tuple[int, int]]:
    """``[a, b)`` ranges covering ``text``, each about ``size`` characters, cut at a paragraph break (else a
    line break, else a space) that lies outside markup: never inside a tag, a comment or a ``<script>``,
    ``<style>`` or other raw element, whose rest would otherwise be read as prose. A text with no such place
    within ``8 × size`` is cut there anyway (no prose is that long without a space)."""
    out: list[tuple[int, int]] = []
    a = 0
    while len(text) - a > size * 1.5:
        b = _cut_point(text, a, size)
        out.append((a, b))
        a = b
    out.append((a, len(text)))
    return out


def _cut_point(text: str, a: int, size: int) -> int:
    for limit in (size, 2 * size, 4 * size, 8 * size):
        for sep in ("\n\n", "\n", " "):
            p = text.rfind(sep, a + limit // 2, a + limit)
            while p > a and not _outside_markup(text, a, p):
                p = text.rfind(sep, a + limit // 2, p)
            if p > a:
                return p + len(sep)
    return min(len(text), a + 8 * size)


def _outside_markup(text: str, a: int, p: int) -> bool:
    """Whether ``p`` lies outside every tag, comment and raw element opened since ``a`` (a block always
    begins outside them, since it begins at a cut this function allowed)."""
    chunk = text[a:p]
    if "<" not in chunk:
        return True
    if chunk.rfind("<") > chunk.rfind(">") or chunk.rfind("<!--") > chunk.rfind("-->"):
        return False
    low = chunk.lower()
    return all(low.rfind("<" + name) <= low.rfind("</" + name) for name in _RAW_NAMES)


def _repair_block(text: str, options: RepairOptions, res: Resources) -> Repair:
    """Repair ``text``; where it writes prose characters as HTML references (``can&rsquo;t``), repair the text
    they stand for and map every edit back to the source (``app.engine.entities``)."""
    view = view_of(text)
    if view is None:
        return _repair_plain(text, options, res)
    r = _repair_plain(view.text, options, res)
    edits = tuple(view.to_source(e) for e in r.edits)
    return Repair(text, apply_edits(text, edits), edits, r.spin_score, r.stats, r.thesauri, r.english)


def _repair_plain(text: str, options: RepairOptions, res: Resources) -> Repair:
    t0 = time.perf_counter()
    markup = _markup(text) if options.ocr or options.spin else []
    # a text that is clearly another language goes through no stage: English thesauri and word lists would
    # only anglicise it
    english = not (options.ocr or options.spin) or _english(text, markup, res)
    ocr_edits: list[Edit] = []
    stage_text = text
    if options.ocr and english:
        refused = refused_pairs(options)
        ocr_edits = [
            _trimmed(e, options)
            for e in _garble_stage(text, markup, res)
            if _kept(e, options) and (e.original.lower(), e.replacement.lower()) not in refused
        ]
        stage_text = apply_edits(text, ocr_edits)
        check_deadline(options)
    spin_edits: list[Edit] = []
    tokens = tokenize(stage_text)
    words = sum(1 for t in tokens if t.kind == "word")
    score = 0.0
    thesauri: dict[str, float] = {}
    if options.spin and words and english:
        # the garble stage's replacements, and spintax groups it left (or was not asked to resolve), stay as
        # they are: a thesaurus swap inside "{war|warfare}" only makes "{war|war}"
        avoid = _fixed_ranges(ocr_edits) + [(a, b) for a, b, _ in spintax_groups(stage_text)]
        spin_edits, score, thesauri = _spin_stage(stage_text, tokens, options, res, avoid)
        groups = sum(1 for e in ocr_edits if e.source == Source.SPINTAX)
        if groups:
            score = _score_with_groups(spin_edits, groups, words)
    edits = compose(text, ocr_edits, spin_edits)
    edits = [e for e in edits if _kept(e, options)]
    out = apply_edits(text, edits)
    elapsed = (time.perf_counter() - t0) * 1000
    stats: dict[str, float] = {"words": words, "elapsed_ms": round(elapsed, 2)}
    return Repair(text, out, tuple(edits), score, stats, thesauri, english)


def check_deadline(options: RepairOptions) -> None:
    """Stop with ``RepairTimeout`` once ``options.deadline`` has passed: asked between stages, sections and
    sentences, so a repair overruns its deadline by one sentence's work at most (a few milliseconds)."""
    if options.deadline is not None and time.monotonic() > options.deadline:
        raise RepairTimeout("the repair ran past its deadline")


def _trimmed(edit: Edit, options: RepairOptions) -> Edit:
    """The edit with at most ``options.max_alternatives`` alternatives (the spin stage's ``decide`` trims its
    own; the garble stage's edits come with the few their stage ranked)."""
    if len(edit.alternatives) <= options.max_alternatives:
        return edit
    return replace(edit, alternatives=edit.alternatives[: max(0, options.max_alternatives)])


def refused_pairs(options: RepairOptions) -> frozenset[tuple[str, str]]:
    """The (text, replacement) pairs the caller refused, lower-cased (``options.blocked``, e.g. swaps an editor
    rejected in the web form): spin swaps among them are never proposed, and OCR and spintax repairs among
    them are not made."""
    return frozenset((a.lower(), b.lower()) for a, b in options.blocked)


def _kept(edit: Edit, options: RepairOptions) -> bool:
    """Edits at the threshold or above, and every spintax resolution: a "{said|stated}" group is never the
    text's own wording, so even a close choice between its options beats leaving the braces (its confidence
    still says how sure the choice is)."""
    return edit.confidence >= options.min_confidence or edit.source == Source.SPINTAX


def run_detect(text: str, options: RepairOptions, res: Resources) -> Detection:
    """Suspicious spans are the restorations the decoder would consider, at any confidence, and the leftover
    spintax groups (OCR garble is not spin, and stays out)."""
    loose = replace(options, min_confidence=0.0, ocr=False)
    r = run_repair(text, loose, res)
    edits = list(r.edits)
    score = r.spin_score
    if options.ocr and options.spin and r.english:
        markup = _markup(text)
        groups = _prose_spintax(_blanked(text, markup), markup, res)
        if groups:
            score = _score_with_groups(edits, len(groups), int(r.stats["words"]))
            edits = sorted([*edits, *groups], key=lambda e: e.start)
    spans = tuple(
        SuspiciousSpan(
            e.start,
            e.end,
            e.original,
            e.confidence,
            (e.replacement, *(a.replacement for a in e.alternatives)),
        )
        for e in edits
    )
    return Detection(score, spans, int(r.stats.get("words", 0)), r.english)


def _score_with_groups(spin_edits: Sequence[Edit], groups: int, words: int) -> float:
    """The spin score with leftover spintax groups: each is certain evidence of a spinner, a sure swap."""
    return spin_score([e.confidence for e in spin_edits] + [1.0] * groups, words)


def _english(text: str, markup: Sequence[tuple[int, int]], res: Resources) -> bool:
    """Whether ``text`` is English, or cannot be told apart from it (``app.engine.language``). Its ``markup``
    is blanked first: tag names say nothing of the prose's language."""
    languages = res.languages
    return languages is None or languages.is_english(_blanked(text, markup))


def _garble_stage(text: str, markup: list[tuple[int, int]], res: Resources) -> list[Edit]:
    """Leftover spintax groups (``app.engine.spintax``), then OCR garble outside them and ``markup``."""
    # the stage reads the text with its markup blanked out (same offsets), so that "gov ernment.</div>" is
    # still prose to it, and keeps no edit that touches markup
    prose = _blanked(text, markup)
    groups = _prose_spintax(prose, markup, res)
    model = res.ocr
    if model is None:
        return groups
    from app.engine.ocr import fix_ocr, long_s_reading_of

    taken = Ranges(markup + [(g.start, g.end) for g in groups])
    ocr = [
        e
        for e in fix_ocr(prose, model, res.lm)
        if not taken.touches(e.start, e.end)
        and (not _thesaurus_word(e.original, res) or long_s_reading_of(e.original, e.replacement))
    ]
    return sorted([*groups, *ocr], key=lambda e: e.start)


def _prose_spintax(prose: str, markup: Sequence[tuple[int, int]], res: Resources) -> list[Edit]:
    """The spintax groups of a text whose ``markup`` is blanked out in ``prose``, none of them in markup."""
    from app.engine.spintax import fix_spintax

    taken = Ranges(markup)
    return [g for g in fix_spintax(prose, res.lm) if not taken.touches(g.start, g.end)]


def _thesaurus_word(word: str, res: Resources) -> bool:
    """Whether a word the OCR stage would mend is one our thesauri hold (*tike*, *palls*, *megahit*,
    *answerability*): rare, so the OCR word list lacks it, but English, and the kind of word a spinner
    writes. It is the spin stage's to judge, as the OCR stage leaves every dictionary word alone. (Session 18:
    on the three spun dev sets 9 of the stage's 14 edits were such words, all of them spinner output.)"""
    lower = word.lower()
    return (
        lower.isalpha()
        and asks_thesaurus(lower)
        and bool(ranked_thesaurus(lower, res.thesaurus, res.lm.unigram_logprob))
    )


def _markup(text: str) -> list[tuple[int, int]]:
    """``tokens.markup_ranges`` of ``text``, skipping the tokenizer for the plain text most documents are."""
    return markup_ranges(tokenize(text)) if _MAYBE_MARKUP.search(text) else []


_MAYBE_MARKUP = re.compile(r"<|@|://|www\.|`|~~~")


def _blanked(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """``text`` with every character of ``ranges`` but newlines turned into a space (offsets unchanged)."""
    if not ranges:
        return text
    parts: list[str] = []
    pos = 0
    for a, b in ranges:
        parts.append(text[pos:a])
        parts.append("".join(c if c == "\n" else " " for c in text[a:b]))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


class Ranges:
    """Character ranges, asked whether a span touches any of them (``a < end and start < b``) in O(log n):
    a text of thousands of spintax groups or OCR repairs must not cost a scan of them all per candidate
    (session 21: 10,000 groups took 57 s that way)."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(ranges):
            if merged and a < merged[-1][1]:  # overlapping (not merely adjacent): one range
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def touches(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end) - 1  # the last range starting before ``end``: the one ending last
        return k >= 0 and start < self.ends[k]


def phrase_sources(options: RepairOptions, res: Resources) -> list[tuple[PhraseDictionary, Source]]:
    """User-given pairs first (they win ties), then the learned profile, then the shipped dictionary."""
    sources = [(res.phrases, Source.PHRASE)]
    if options.profile:
        sources.insert(0, (res.profile(options.profile), Source.PROFILE))
    if options.site is not None and options.site.pairs:
        sources.insert(0, (res.site_phrases(options.site), Source.PROFILE))
    if res.extra_phrases is not None:
        sources.insert(0, (res.extra_phrases, Source.FEEDBACK))
    if options.extra_phrases:
        sources.insert(0, (PhraseDictionary.from_pairs(options.extra_phrases, logp=0.0), Source.FEEDBACK))
    return sources


def spin_candidates(
    text: str, tokens: Sequence[Token], options: RepairOptions, res: Resources
) -> tuple[set[int], list[WordSlot], list[Candidate]]:
    """The sentence starts, word slots and candidate restorations of a text as the spin stage sees them: the
    number words a phrase dictionary holds are slots too ("final 12 months"), and ``options.blocked`` pairs
    are never proposed. Beside what the dictionaries and thesauri offer for each span (``propose``), a word
    that seems written in the wrong form gets the originals of the form that fits (``botch_candidates``).
    ``analyse_spin`` scores these; benchmarks and tests ask what was proposed."""
    starts = sentence_starts(list(tokens))
    phrases = phrase_sources(options, res)
    numbers = frozenset().union(*(d.number_words for d, _ in phrases))
    slots = document_slots(tokens, starts, res.lm.punctuation, numbers)
    if not slots:
        return starts, slots, []
    blocked = refused_pairs(options)
    cands = propose(
        text, tokens, slots, res.thesaurus, phrases, res.lm.unigram_logprob, blocked, res.attested_words
    )
    bounds = dec.group_by_sentence(slots, starts)
    cands += botch_candidates(
        text,
        tokens,
        slots,
        cands,
        res.lm,
        res.thesaurus,
        res.lm.unigram_logprob,
        bounds,
        blocked,
        apostrophe_of(text),
    )
    return starts, slots, cands


@dataclass(frozen=True, slots=True)
class SpinAnalysis:
    """What the spin stage decided, before thresholds: kept for calibration training and benches."""

    choices: list[dec.Choice]
    rate: float
    doc_words: Counter[str]
    words: int
    thesauri: dict[str, float] = field(default_factory=dict)  # the spinner's source weights (ThesaurusFit)


def analyse_spin(
    text: str,
    tokens: Sequence[Token],
    options: RepairOptions,
    res: Resources,
    avoid: Sequence[tuple[int, int]] = (),
) -> SpinAnalysis:
    """Candidates (``spin_candidates``) → channel scores → one decoding pass, with the document's own spin rate
    (``em_rate``, under the clean-or-spun prior ``clean_prior``, which the document's sure swaps switch off),
    the swaps its local evidence repeats, and the sources (thesauri, phrase dictionary) its spinner seems to use
    (``thesaurus_fit``, shrunk towards a site profile's weights when one is given); the candidates that pass
    the prefilter also get the neural model's gain (``app.engine.nlm``, when installed).

    (A first decoding pass to estimate the rate and the repeated swaps, as in session 1, was 0.01 err better
    at equal precision on our held-out cases but cost 9% of the speed, which then fell below 3,000 words/s.)"""
    starts, slots, cands = spin_candidates(text, tokens, options, res)
    check_deadline(options)
    doc_words = document_words(slots)
    if not slots:
        return SpinAnalysis([], MIN_RATE, doc_words, 0)
    lm = res.lm
    if avoid:
        taken = Ranges(avoid)
        cands = [c for c in cands if not taken.touches(c.span.start, c.span.end)]
    slot_of_token = {s.token: n for n, s in enumerate(slots)}
    topic = _topic_fit(slots, res)

    # channel scores at the default rate, and language-model gains (which no channel changes), computed once
    base = score_candidates(cands, slot_of_token, doc_words, lm.unigram_logprob, topic, lm.register)
    bounds = dec.group_by_sentence(slots, starts)
    lm_gains = dec.lm_gains(base, slots, lm, bounds)
    check_deadline(options)
    evidence = LocalEvidence.of(base, lm_gains)  # the local evidence the three document estimates share
    raw = em_rate(base, lm_gains, evidence=evidence)
    rate = clean_prior(raw, evidence.eligible, evidence.sure_swaps(raw, SURE_SWAP_GAIN))
    bonus = repeated_swaps(_likely_swaps(base, lm_gains, rate))
    for pair, shift in original_rates(base, lm_gains, rate, doc_words, evidence=evidence).items():
        bonus[pair] = bonus.get(pair, 0.0) + shift
    site = _site_weights(options, res)
    sources = (*res.thesaurus.thesauri, PHRASES)
    fit = thesaurus_fit(base, lm_gains, rate, sources, site, evidence=evidence)
    held = fit.shifts
    channel = ChannelModel(rate=rate, swap_bonus=bonus, thesaurus_shift=held)
    # only about one candidate in ten passes the prefilter: bound the gain with the largest bonus first, so
    # that rechannel builds objects for the few that may pass (same result as filtering after it)
    bound = (
        channel.swap_cost
        - ChannelModel().swap_cost
        + max(channel.swap_bonus.values(), default=0.0)
        + max(held.values(), default=0.0)
    )
    # ``dec.local_gain`` written out (the same sum, to the bit): it runs for every candidate
    keep, floor = channel.keep_cost, dec.PREFILTER
    maybe = [
        (s, g)
        for s, g in zip(base, lm_gains, strict=True)
        if g + s.channel + bound - keep * (s.end - s.start) > floor
    ]
    passed = [
        (s, g)
        for s, (_b, g) in zip(rechannel([b for b, _g in maybe], channel), maybe, strict=True)
        if dec.local_gain(s, g, channel) > floor
    ]
    scored = [s for s, _g in passed]
    if res.nlm is not None and scored:  # the neural model's second opinion, on the few that passed
        neural = neural_gains(scored, slots, res.nlm, bounds, res.nlm_backward)
        scored = with_neural(scored, [g for _s, g in passed], neural)
        check_deadline(options)
    final: list[dec.Choice] = []
    for (lo, hi), opts in zip(bounds, dec.options_by_sentence(scored, bounds), strict=True):
        check_deadline(options)
        if opts:
            local = slots[lo:hi]
            best = dec.decode_sentence(local, opts, lm, channel)
            final.extend(dec.posteriors(local, best, opts, lm, channel))
    return SpinAnalysis(final, rate, doc_words, len(slots), fit.weights)


def _site_weights(options: RepairOptions, res: Resources) -> dict[str, float] | None:
    """The source weights a document's own estimate is shrunk towards: a learned site's, else a profile
    file's, else none (equal weights)."""
    if options.site is not None and options.site.thesauri:
        return dict(options.site.thesauri)
    return res.profile(options.profile).thesaurus_weights if options.profile else None


def _likely_swaps(base: Sequence[Scored], lm_gains: Sequence[float], rate: float) -> list[tuple[str, str]]:
    """(spun, original) of every span whose best candidate beats keeping it on local evidence alone."""
    ch = ChannelModel(rate=rate)
    shift = (
        ch.swap_cost - ChannelModel().swap_cost
    )  # base is scored at the default rate: judge it at this one
    best: dict[tuple[int, int], tuple[float, Scored]] = {}
    keep = ch.keep_cost
    for s, g in zip(base, lm_gains, strict=True):
        gain = g + s.channel + shift - keep * (s.end - s.start)  # dec.local_gain, written out (hot)
        if gain > 0 and gain > best.get((s.start, s.end), (0.0, s))[0]:
            best[(s.start, s.end)] = (gain, s)
    return [(s.candidate.span.text.lower(), " ".join(s.words)) for _g, s in best.values()]


def _topic_fit(slots: Sequence[WordSlot], res: Resources) -> TopicFit | None:
    """The document's topic-fit scorer for ``score_candidates`` (``app.engine.topic``), or None when no
    vectors are installed."""
    tv = res.topic
    if tv is None:
        return None
    from app.engine.topic import topic_gains

    lowered = [s.lower for s in slots]

    def fit(spans: Sequence[tuple[int, int]], originals: Sequence[tuple[str, ...]]) -> Sequence[float]:
        return topic_gains(tv, lowered, spans, originals).tolist()

    return fit


def _fixed_ranges(edits: Sequence[Edit]) -> list[tuple[int, int]]:
    """Where the OCR stage's replacements sit in the text it hands on: the spin stage leaves them alone."""
    out: list[tuple[int, int]] = []
    shift = 0
    for e in sorted(edits, key=lambda e: e.start):
        start = e.start + shift
        out.append((start, start + len(e.replacement)))
        shift += len(e.replacement) - (e.end - e.start)
    return out


SECTION_WORDS = 10_000  # longer texts are repaired a section at a time (see ``_spin_stage``)


def _spin_stage(
    text: str,
    tokens: Sequence[Token],
    options: RepairOptions,
    res: Resources,
    avoid: Sequence[tuple[int, int]] = (),
) -> tuple[list[Edit], float, dict[str, float]]:
    """Spin edits, the spin score and the spinner's thesaurus weights (over all sections, by their words).
    A text longer than ``SECTION_WORDS`` words is analysed a section of
    whole sentences at a time: a section is plenty of evidence for the spin rate and document consistency,
    and the analysis holds every candidate of what it analyses in memory (about 20 KB a word), which would
    grow without bound. Tokens keep their offsets into ``text``, so edits need no shifting."""
    edits: list[Edit] = []
    words = 0
    weights: dict[str, float] = {}
    for lo, hi in sections(tokens, SECTION_WORDS):
        check_deadline(options)
        a = analyse_spin(text, tokens[lo:hi], options, res, avoid)
        edits += decide(a.choices, res.lm, a.rate, a.doc_words, res.calibrator, options.max_alternatives)
        words += a.words
        for t, w in a.thesauri.items():
            weights[t] = weights.get(t, 0.0) + w * a.words
    thesauri = {t: w / words for t, w in weights.items()} if words else {}
    return edits, spin_score([e.confidence for e in edits], words), thesauri


def compose(source: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """Express ``second`` (offsets into the text after ``first``) as edits of ``source``, merged with ``first``.

    Where a later edit overlaps an earlier one, the two become one edit over the union, so that every edit
    still points at the exact input characters it replaces.
    """
    if not first:
        return list(second)
    if not second:
        return list(first)
    # map positions of the intermediate text back to the source
    segs: list[tuple[int, int, int, int, Edit | None]] = []  # (mid_start, mid_end, src_start, src_end, edit)
    pos_src = pos_mid = 0
    for e in sorted(first, key=lambda e: e.start):
        gap = e.start - pos_src
        if gap:
            segs.append((pos_mid, pos_mid + gap, pos_src, e.start, None))
        pos_mid += gap
        segs.append((pos_mid, pos_mid + len(e.replacement), e.start, e.end, e))
        pos_mid += len(e.replacement)
        pos_src = e.end
    segs.append((pos_mid, pos_mid + len(source) - pos_src, pos_src, len(source), None))

    def to_src(mid: int, left: bool) -> int:
        for ms, me, ss, se, e in segs:
            if ms <= mid <= me and (e is None or mid in (ms, me)):
                if e is None:
                    return ss + (mid - ms)
                return ss if mid == ms else se
            if e is not None and ms < mid < me:
                return ss if left else se
        return len(source)

    mid = apply_edits(source, first)  # the text the second stage saw, built once
    merged: list[Edit] = []
    used: set[int] = set()
    for e2 in second:
        s0, s1 = to_src(e2.start, True), to_src(e2.end, False)
        inside = [e for e in first if (e.start < s1 and e.end > s0) or (e.start == e.end == s0)]
        for e in inside:
            used.add(id(e))
            s0, s1 = min(s0, e.start), max(s1, e.end)
        # the replacement is the intermediate text of the union with e2 applied
        m0 = _src_to_mid(segs, s0)
        m1 = _src_to_mid(segs, s1)
        mid_text = mid[m0:m1]
        repl = mid_text[: e2.start - m0] + e2.replacement + mid_text[e2.end - m0 :]
        merged.append(Edit(s0, s1, source[s0:s1], repl, e2.confidence, e2.source, e2.alternatives))
    merged.extend(e for e in first if id(e) not in used)
    return sorted(merged, key=lambda e: e.start)


def _src_to_mid(segs: Sequence[tuple[int, int, int, int, Edit | None]], src: int) -> int:
    for ms, me, ss, se, e in segs:
        if ss <= src <= se:
            if e is None:
                return ms + (src - ss)
            return ms if src == ss else me
    return segs[-1][1]
