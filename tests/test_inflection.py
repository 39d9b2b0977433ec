"""Botched inflections (``app.engine.inflection``): a synonym written in the wrong form is noticed by the language
model, and the originals of the form that fits are proposed."""

from __future__ import annotations

import pytest

from app.engine import decode, inflection
from app.engine.candidates import other_forms, ranked_thesaurus
from app.engine.pipeline import spin_candidates
from app.engine.score import document_words, score_candidates
from app.engine.tokens import tokenize
from app.engine.types import RepairOptions, Source
from app.resources import get_resources

BOTCHED = "The minister has states that the talks had failed."
WELL_FORMED = "The minister has stated that the talks had failed."


def _analysed(text: str, options: RepairOptions | None = None):  # type: ignore[no-untyped-def]
    res = get_resources()
    toks = tokenize(text)
    starts, slots, cands = spin_candidates(text, toks, options or RepairOptions(), res)
    return res, toks, slots, cands, decode.group_by_sentence(slots, starts)


def test_other_forms_are_the_other_inflections_of_verbs_and_nouns() -> None:
    assert {"state", "stated", "stating"} <= set(other_forms("states"))
    assert "states" not in other_forms("states")
    assert "deal" in other_forms("deals")
    assert other_forms("quickly") == ()  # an adverb has no forms a spinner could botch
    assert other_forms("the") == ()


def test_a_form_that_breaks_the_grammar_is_found_and_a_fitting_one_is_not() -> None:
    res, _toks, slots, _c, bounds = _analysed(BOTCHED)
    at = [s.lower for s in slots].index("states")
    assert inflection.misinflected(slots, [at], res.lm, bounds) == {at: "stated"}
    res, _toks, slots, _c, bounds = _analysed(WELL_FORMED)
    at = [s.lower for s in slots].index("stated")
    assert inflection.misinflected(slots, [at], res.lm, bounds) == {}


def test_the_originals_of_the_fitting_form_are_proposed_at_a_cost() -> None:
    res, _toks, _slots, cands, _bounds = _analysed(BOTCHED)
    unigram = res.lm.unigram_logprob
    proposed = {c.replacement: c for c in cands if c.span.text == "states"}
    said = proposed["said"]  # through "stated": "states" itself would only offer "says"
    assert said.source is Source.THESAURUS
    logp = {o: lp for o, lp, _s in ranked_thesaurus("stated", res.thesaurus, unigram)}
    assert said.prior == pytest.approx(logp["said"] + inflection.BOTCH_LOGP)
    assert "says" in proposed and proposed["says"].prior > said.prior
    # a pair the caller rejected is not proposed through another form either
    blocked = RepairOptions(blocked=(("states", "said"),))
    _res, _t, _s, cands, _b = _analysed(BOTCHED, blocked)
    assert not any(c.replacement == "said" for c in cands)


def test_only_the_misfitting_word_gets_candidates_through_another_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fixes(text: str) -> list[tuple[str, str]]:
        with monkeypatch.context() as m:  # the candidates as the candidate stage alone proposes them
            m.setattr(inflection, "BOTCH_MARGIN", float("inf"))
            res, toks, slots, cands, bounds = _analysed(text)
        found = inflection.botch_candidates(
            text, toks, slots, cands, res.lm, res.thesaurus, res.lm.unigram_logprob, bounds
        )
        return [(c.span.text, c.replacement) for c in found]

    botched = fixes(BOTCHED)
    assert ("states", "said") in botched and {s for s, _r in botched} == {"states"}
    assert fixes(WELL_FORMED) == []


def test_context_fits_differ_as_the_decoders_gains_do() -> None:
    """``context_fits`` scores a span in the window ``lm_gains`` uses: the difference of two fits is a gain."""
    res, _toks, slots, cands, bounds = _analysed(BOTCHED)
    slot_of = {s.token: i for i, s in enumerate(slots)}
    scored = score_candidates(cands, slot_of, document_words(slots), res.lm.unigram_logprob, None)
    gains = decode.lm_gains(scored, slots, res.lm, bounds)
    for s, g in list(zip(scored, gains, strict=True))[:40]:
        kept = tuple(x.lower for x in slots[s.start : s.end])
        own, fit = decode.context_fits(
            [(s.start, s.end, kept), (s.start, s.end, s.words)], slots, res.lm, bounds
        )
        assert fit - own == pytest.approx(g, abs=1e-9)
