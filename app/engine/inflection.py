"""Botched inflections: the spinner swapped a lemma and inflected the synonym wrongly.

Cheap spinners look a word's lemma up in a thesaurus and then write the synonym in the wrong form, often its bare
lemma: "officials said" → "officers state", "he was saying" → "he was declares". The candidate stage inflects each
original like the spun word, so such a word is offered the wrong form of its original ("says" for "states"), and
the repair either keeps the botch or writes a second one.

Here the language model judges each spun word that a thesaurus could have produced against the word's own other
forms, in its context. Where another form fits clearly better ("officers stated" beside "officers state"), the
spinner probably botched it, and the originals of that form ("said") are proposed as well, at a cost: the
decoder then weighs them against keeping the text as it weighs every other candidate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from app.engine import decode as dec
from app.engine.candidates import (
    MAX_PER_SPAN,
    WordSlot,
    article_agrees,
    other_forms,
    ranked_thesaurus,
    written_like,
)
from app.engine.lexicon import ReverseThesaurus
from app.engine.lm import LanguageModel
from app.engine.types import Candidate, Source, Span, Token

# nats by which another form of the spun word must fit its context better than the word itself: the
# language model prefers one tense or number to another by a nat or so in clean text; a botch breaks the grammar
BOTCH_MARGIN = 5.0
# log P(the spinner botched the form): each candidate proposed through another form pays it, on top of the
# thesaurus's own log P(spun | original)
BOTCH_LOGP = -2.3


def misinflected(
    slots: Sequence[WordSlot], eligible: Sequence[int], lm: LanguageModel, bounds: Sequence[tuple[int, int]]
) -> dict[int, str]:
    """For each eligible slot whose word fits its context at least ``BOTCH_MARGIN`` nats worse than another
    form of it, the form that fits best.

    Most words fit as they are, so each other form is first scored alone after its left context: that bounds
    its fit from above (the tokens after it can only lower it), and only the forms whose bound clears the
    margin are scored in the whole window. The answer is the one scoring every form in full would give."""
    plans = [(i, forms) for i in eligible if (forms := other_forms(slots[i].lower))]
    heads = [(i, f) for i, forms in plans for f in forms]
    first = dec.context_fits(  # each word's own fit, then the other forms' bounds, in one batch
        [(i, i + 1, (slots[i].lower,)) for i, _f in plans] + [(i, i + 1, (f,)) for i, f in heads],
        slots,
        lm,
        bounds,
        with_next=[True] * len(plans) + [False] * len(heads),
    )
    own, bound = first[: len(plans)], first[len(plans) :]
    own_of = {i: fit for (i, _f), fit in zip(plans, own, strict=True)}
    hopeful = [(i, f) for (i, f), b in zip(heads, bound, strict=True) if b - own_of[i] >= BOTCH_MARGIN]
    fits = dec.context_fits([(i, i + 1, (f,)) for i, f in hopeful], slots, lm, bounds)
    best: dict[int, tuple[float, str]] = {}
    for (i, f), fit in zip(hopeful, fits, strict=True):
        if fit - own_of[i] >= BOTCH_MARGIN and (fit, f) > best.get(i, (-math.inf, "")):
            best[i] = (fit, f)
    return {i: f for i, (_fit, f) in best.items()}


def botch_candidates(
    source: str,
    tokens: Sequence[Token],
    slots: Sequence[WordSlot],
    candidates: Sequence[Candidate],
    lm: LanguageModel,
    thesaurus: ReverseThesaurus,
    unigram: Callable[[str], float],
    bounds: Sequence[tuple[int, int]],
    blocked: frozenset[tuple[str, str]] = frozenset(),
    apostrophe: str = "'",
) -> list[Candidate]:
    """Candidates for the words a spinner seems to have inflected wrongly: the thesaurus originals of the form
    that fits (``misinflected``), each written like the spun word, that the word's own candidates lack. Only
    one-word spans that the thesaurus already answers are asked: a word no thesaurus maps to cannot have been
    spun from one."""
    answered = {
        c.span.start_token
        for c in candidates
        if c.source is Source.THESAURUS and c.span.end_token == c.span.start_token + 1
    }
    eligible = [i for i, s in enumerate(slots) if s.token in answered]
    found = misinflected(slots, eligible, lm, bounds)
    if not found:
        return []
    flagged = {slots[i].token: i for i in found}
    have: dict[int, set[str]] = {i: set() for i in found}  # what each flagged word is offered already
    for c in candidates:
        if c.span.start_token in flagged and c.span.end_token == c.span.start_token + 1:
            have[flagged[c.span.start_token]].add(c.replacement.lower())
    out: list[Candidate] = []
    for i, form in found.items():
        slot = slots[i]
        tok = tokens[slot.token]
        span = Span(slot.token, slot.token + 1, tok.start, tok.end, tok.text)
        for original, logp, shares in ranked_thesaurus(form, thesaurus, unigram)[:MAX_PER_SPAN]:
            if original in have[i] or original == slot.lower or (slot.lower, original) in blocked:
                continue
            c = Candidate(
                span,
                written_like(tok.text, original, apostrophe),
                Source.THESAURUS,
                logp + BOTCH_LOGP,
                shares,
            )
            out.append(article_agrees(source, tokens, slots, i, c))
    return out
