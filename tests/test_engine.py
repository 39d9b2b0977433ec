"""Engine contract: offsets, byte-exact round trip, conservative behaviour, and the stages' pure functions."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import repair
from app.engine import pipeline
from app.engine.candidates import (
    PHRASES,
    analyses,
    apostrophe_of,
    document_slots,
    indefinite_article,
    inflect,
    match_apostrophe,
    match_case,
    ranked_thesaurus,
    shared_pair,
    spaced_like,
    thesaurus_restorations,
    word_slots,
)
from app.engine.lexicon import pack_shares, unpack_shares
from app.engine.pipeline import compose
from app.engine.render import apply_edits, unified_diff
from app.engine.score import (
    ORIGINAL_SHIFT_MAX,
    ChannelModel,
    LocalEvidence,
    Scored,
    em_rate,
    estimate_rate,
    original_rates,
    rechannel,
    spin_score,
    thesaurus_fit,
)
from app.engine.tokens import sections, sentence_starts, tokenize
from app.engine.types import Candidate, Edit, Repair, RepairOptions, Source, Span, TokenKind


def _check_edits(text: str, result: Repair) -> None:
    last = 0
    for e in result.edits:
        assert 0 <= e.start <= e.end <= len(text)
        assert e.start >= last, "edits overlap or are out of order"
        assert text[e.start : e.end] == e.original
        assert 0.0 <= e.confidence <= 1.0
        last = e.end
    assert apply_edits(text, result.edits) == result.text


def _restores_and_leaves_alone(spun: str, clean: str) -> None:
    """``spun`` comes back as ``clean``, with well-formed edits, and ``clean`` comes back untouched."""
    result = repair(spun)
    _check_edits(spun, result)
    assert result.text == clean
    assert repair(clean).edits == ()


words = st.sampled_from(
    [
        "the",
        "officers",
        "stated",
        "by",
        "way",
        "of",
        "war",
        "café",
        "naïve",
        "Ünïcödé",
        "👍🏽",
        "can't",
        "it's",
    ]
)
seps = st.sampled_from(
    [" ", "  ", "\n", "\t", ", ", ". ", "!\n\n", " — ", "\u00a0", "&amp; ", " <b>", "\r\n"]
)
prose = st.lists(st.tuples(words, seps), max_size=40).map(lambda xs: "".join(w + s for w, s in xs))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), prose))
def test_edits_reproduce_output_for_any_unicode(text: str) -> None:
    _check_edits(text, repair(text))


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 .,;:!?-()[]\n\t€$%&👍中文日本語")), max_size=200))
def test_text_without_words_comes_back_identical(text: str) -> None:
    result = repair(text)
    assert result.text == text
    assert result.edits == ()


def test_extra_phrases_apply_with_case_and_exact_offsets() -> None:
    text = "By way of the gate, the officers stated:\u00a0&amp; more by  way of spaces."
    opts = RepairOptions(extra_phrases=(("by way of", "through"), ("officers stated", "officials said")))
    r = repair(text, opts)
    _check_edits(text, r)
    replaced = {(e.original, e.replacement) for e in r.edits}
    assert ("By way of", "Through") in replaced
    assert ("officers stated", "officials said") in replaced
    # a phrase only matches words joined by single spaces, so the spaced-out one is left alone
    assert "by  way of spaces" in r.text
    assert "\u00a0&amp; more" in r.text


def test_phrases_match_across_hyphens_and_take_an_abbreviations_own_full_stop() -> None:
    """Spinners write hyphenated and abbreviated forms ("well-liked", "non-public", "p.c."): a phrase may
    join words by one hyphen or full stop, and an abbreviation's full stop goes with it mid-sentence but
    stays where it also ends the sentence."""
    text = "A well-liked mayor won 52 p.c. of votes, up 3 p.c. Then non-public talks began."
    pairs = (("well-liked", "popular"), ("p.c.", "percent"), ("p.c", "percent"), ("non-public", "private"))
    r = repair(text, RepairOptions(ocr=False, extra_phrases=pairs))
    _check_edits(text, r)
    assert r.text == "A popular mayor won 52 percent of votes, up 3 percent. Then private talks began."
    assert {e.original for e in r.edits} == {"well-liked", "p.c.", "p.c", "non-public"}


def test_blocked_pairs_are_never_proposed() -> None:
    text = "The officers stated their case."
    pair = ("officers stated", "officials said")
    assert any(
        e.replacement == "officials said" for e in repair(text, RepairOptions(extra_phrases=(pair,))).edits
    )
    blocked = repair(text, RepairOptions(extra_phrases=(pair,), blocked=(pair,)))
    assert all(e.replacement != "officials said" for e in blocked.edits)


def test_min_confidence_one_makes_no_edits() -> None:
    text = "The officers stated that the warfare would finish by way of talks."
    assert repair(text, RepairOptions(min_confidence=1.0)).text == text


def test_spin_off_and_ocr_off_is_identity() -> None:
    text = "Tbe officers stated it by way of a lettter."
    assert repair(text, RepairOptions(spin=False, ocr=False)).text == text


def test_names_and_acronyms_are_protected() -> None:
    text = "Yesterday Trump met NATO leaders in Brussels, and Trump spoke at length."
    r = repair(text)
    changed = {e.original for e in r.edits}
    assert not changed & {"Trump", "NATO", "Brussels"}


def test_words_touching_digits_are_never_rewritten() -> None:
    """A word glued to a number is a code, a product name or noise ("MP3", base64's "yr6arf"): the phrase
    dictionary's "yr" -> "year" once rewrote such noise. The same word standing alone is still repaired."""
    text = "Officers stated the project took a yr to finish. The key was yr6arfQ and the player an MP3."
    r = repair(text)
    assert [(e.start, e.replacement) for e in r.edits if e.original == "yr"] == [
        (text.index("a yr") + 2, "year")
    ]
    slots = document_slots(tokenize(text), set())
    coded = {s.text for s in slots if s.coded}
    assert coded == {"yr", "MP"}  # the glued "yr" and "MP"; the free "yr" is not coded
    assert sum(s.text == "yr" and not s.coded for s in slots) == 1


def test_headline_capitals_say_nothing_about_names() -> None:
    """A title-cased headline used to make its words names: "Officers" opening the body was kept from the
    thesaurus. A headline word the text also writes in lower case is free; others may be names or acronyms."""
    text = (
        "Officers Say Warfare Has Got Here to an End\n\n"
        "Officers stated on Monday that the warfare had ended.\n\n"
        "NATO SAYS WARFARE IS OVER AS MAY MEETS COOK\n\n"
        "Officers met Smith in Brussels."
    )
    tokens = tokenize(text)
    by_word: dict[str, list[bool]] = {}
    for s in document_slots(tokens, sentence_starts(tokens)):
        by_word.setdefault(s.text, []).append(s.protected)
    assert by_word["Warfare"] == [False] and by_word["WARFARE"] == [False]  # the body writes "warfare"
    assert by_word["Officers"] == [False, False, False]
    assert by_word["NATO"] == [True] and by_word["MAY"] == [True] and by_word["COOK"] == [True]
    assert by_word["Say"] == [True]  # never written in lower case: it might be a name
    assert by_word["Smith"] == [True] and by_word["Brussels"] == [True]


def test_names_in_a_headline_alone_stay_protected() -> None:
    text = "Theresa May Meets Tim Cook and Bill Gates in Brussels"
    assert repair(text, RepairOptions(min_confidence=0.0)).edits == ()


def test_match_case() -> None:
    assert match_case("Stated", "said") == "Said"
    assert match_case("STATED", "said") == "SAID"
    assert match_case("stated", "said") == "said"
    assert match_case("White Home", "White House") == "White House"
    assert match_case("white home", "White House") == "White House"
    # spinners swap words inside names: a title-cased phrase stays one, small words stay small
    assert match_case("Nationwide Safety", "national security") == "National Security"
    assert match_case("Home of Representatives", "house of representatives") == "House of Representatives"
    assert match_case("NATIONWIDE SAFETY", "national security") == "NATIONAL SECURITY"
    assert match_case("Nationwide safety", "national security") == "National security"
    assert match_case("By way of", "through") == "Through"
    assert match_case("Final 12 Months", "last year") == "Last Year"  # a number does not break a title


def test_title_cased_names_are_restored_in_title_case() -> None:
    text = "He said the Nationwide Safety Council would meet before the Home of Representatives voted."
    out = repair(text, RepairOptions(ocr=False)).text
    assert "National Security Council" in out
    assert "House of Representatives" in out


def test_a_spun_participle_gets_the_participle_back() -> None:
    """ "got here" is the past tense and, in British English, the participle of "get here": after "had" the
    restoration is "come", in a simple past "came"."""
    spun = (
        "Officers stated the warfare in Ukraine {} to a turning point, the nationwide safety adviser stated."
    )
    perfect = repair(spun.format("had got here"), RepairOptions(ocr=False)).text
    past = repair(spun.format("got here"), RepairOptions(ocr=False)).text
    assert "war in Ukraine had come to a turning point" in perfect
    assert "war in Ukraine came to a turning point" in past


def test_inflection_carries_over() -> None:
    assert ("v", "state", "VBD") in analyses("stated")
    assert inflect("say", "v", "VBD") == "said"
    assert inflect("come down", "v", "VBD") == "came down"
    assert inflect("vice president", "n", "NNS") == "vice presidents"
    assert inflect("war", "n", "NN") == "war"


def test_a_noun_whose_plural_is_itself_may_restore_a_plural() -> None:
    """A spinner that puts "jurisprudence" for "laws" leaves a plural no ending shows; only nouns whose
    plural is the word itself get the plural reading ("law" is no plural, though some tables list it so)."""
    from app.resources import get_resources

    assert ("n", "jurisprudence", "NNS") in analyses("jurisprudence")
    assert ("n", "police", "NNS") in analyses("police")
    assert not any(t == "NNS" for _p, _l, t in analyses("law"))
    assert not any(t == "NNS" for _p, _l, t in analyses("news"))  # a plural-looking word is read as it is
    originals = {o for o, _lp, _sh in thesaurus_restorations("jurisprudence", get_resources().thesaurus)}
    assert {"law", "laws"} <= originals


def test_restorations_write_the_texts_apostrophes() -> None:
    """Dictionaries store straight apostrophes; a scraped text set with typographic ones must get those back."""
    curly = "\u201cWe are able to\u2019t wait,\u201d the nationwide safety adviser said. It\u2019s over."
    out = repair(curly, RepairOptions(ocr=False)).text
    assert "We can\u2019t wait" in out
    assert "'" not in out
    straight = curly.replace("\u2019", "'")
    assert "We can't wait" in repair(straight, RepairOptions(ocr=False)).text
    assert match_apostrophe("it is", "it's", apostrophe_of("It\u2019s late. It\u2019s over.")) == "it\u2019s"
    assert match_apostrophe("it is", "it's", apostrophe_of("It's late.")) == "it's"
    assert match_apostrophe("are able to\u2019t", "can't") == "can\u2019t"  # the span's own wins


def test_inflection_coins_no_non_words() -> None:
    """lemminflect's rules for words outside its tables made "stakeses" and "stagnanter" candidates."""
    assert inflect("stakes", "v", "VBZ") == "stakes"  # a lemma that is itself an inflected form
    assert inflect("arms", "n", "NNS") == "arms"
    assert inflect("tidy", "a", "JJS") == "tidiest"  # compared by suffix where English does
    assert inflect("stagnant", "a", "JJR") == ""  # "more stagnant": no one-word form to restore
    assert inflect("beaming", "a", "JJR") == ""
    from app.resources import get_resources

    res = get_resources()
    originals = {o for o, _lp, _sh in thesaurus_restorations("wagers", res.thesaurus)}
    originals |= {o for o, _lp, _sh in thesaurus_restorations("deader", res.thesaurus)}
    assert "stakes" in originals or "bets" in originals
    assert not {"stakeses", "stagnanter", "draineder"} & originals


def test_indefinite_article_follows_sound() -> None:
    assert [indefinite_article(w) for w in ("case", "example", "Hour", "union", "one", "idea", "user")] == [
        "a",
        "an",
        "an",
        "a",
        "a",
        "an",
        "a",
    ]


def test_restoring_a_noun_fixes_the_article_the_spinner_changed() -> None:
    text = "She found a instance of it."
    r = repair(text, RepairOptions(extra_phrases=(("instance", "example"),)))
    _check_edits(text, r)
    assert r.text == "She found an example of it."
    assert [e.original for e in r.edits] == ["a instance"]  # one edit, its offsets cover the article too
    keep = "He has an example of it."
    r2 = repair(keep, RepairOptions(extra_phrases=(("example", "sample"),)))
    assert "an sample" not in r2.text


def test_compose_merges_overlapping_stage_edits() -> None:
    source = "Tbe officers stated it."
    first = [Edit(0, 3, "Tbe", "The", 0.9, "ocr")]
    mid = apply_edits(source, first)
    second = [Edit(4, 19, "officers stated", "officials said", 0.8, "phrase-dictionary")]
    assert mid[4:19] == "officers stated"
    merged = compose(source, first, second)
    assert apply_edits(source, merged) == "The officials said it."
    overlapping = [Edit(0, 12, "The officers", "The officials", 0.7, "thesaurus")]
    merged = compose(source, first, overlapping)
    assert len(merged) == 1 and merged[0].original == "Tbe officers"
    assert apply_edits(source, merged) == "The officials stated it."


def test_unified_diff_shows_changed_line_only() -> None:
    diff = unified_diff("a\nofficers stated\nc\n", "a\nofficials said\nc\n")
    assert "-officers stated" in diff and "+officials said" in diff
    assert unified_diff("same\n", "same\n") == ""


def test_rate_and_spin_score_are_monotone() -> None:
    assert estimate_rate(0, 300) < estimate_rate(30, 300) < estimate_rate(90, 300)
    assert spin_score([], 100) == 0.0
    assert spin_score([0.9] * 2, 300) < spin_score([0.9] * 30, 300) <= 1.0


def _scored(slot: int, channel: float, spun: str = "stated", original: str = "said") -> Scored:
    span = Span(slot, slot + 1, 10 * slot, 10 * slot + len(spun), spun)
    return Scored(Candidate(span, original, Source.THESAURUS, -1.0), slot, slot + 1, (original,), channel)


def test_the_register_shift_moves_a_restoration_towards_news_words() -> None:
    """score_candidates adds REGISTER_WEIGHT × (register of the original − register of the spun words)."""
    from app.engine.score import REGISTER_WEIGHT, document_words, score_candidates

    text = "Officials stated the plan."
    toks = tokenize(text)
    slots = word_slots(toks, sentence_starts(toks), set())
    at = [s.lower for s in slots].index("stated")
    span = Span(slots[at].token, slots[at].token + 1, 10, 16, "stated")
    cand = Candidate(span, "said", Source.THESAURUS, -1.0)
    slot_of = {s.token: i for i, s in enumerate(slots)}
    register = {"said": 1.5, "stated": -0.5}
    plain = score_candidates([cand], slot_of, document_words(slots), lambda w: -8.0)
    leaned = score_candidates([cand], slot_of, document_words(slots), lambda w: -8.0, None, register.get)
    assert leaned[0].channel - plain[0].channel == pytest.approx(REGISTER_WEIGHT * 2.0)


def test_em_rate_separates_spun_from_clean_evidence() -> None:
    base = ChannelModel().swap_cost
    slots = [_scored(i, base - 1.5) for i in range(200)]
    strong = em_rate(slots, [9.0 if i % 4 == 0 else -6.0 for i in range(200)])  # a quarter look swapped
    weak = em_rate(slots, [-6.0] * 200)  # nothing looks swapped
    assert weak < 0.01 < 0.1 < strong <= 0.35
    assert em_rate([], []) == estimate_rate(0.0, 0)


def test_the_clean_prior_lowers_only_the_rates_clean_text_settles_at() -> None:
    """Documents are clean or spun: a low estimated rate (a clean text the model finds a little odd) loses up to
    a factor of four, a spun text's rate is kept, and the mapping is monotone and never below the floor; the
    fewer words the estimate rests on, the less it is lowered."""
    from app.engine.score import CLEAN_PRIOR_NATS, MIN_RATE, clean_prior

    for spun_rate in (0.12, 0.2, 0.35):
        assert clean_prior(spun_rate) == pytest.approx(spun_rate, rel=0.02)
    for clean_rate in (0.01, 0.02, 0.03):
        assert clean_prior(clean_rate) < 0.31 * clean_rate
        assert clean_prior(clean_rate) > math.exp(-CLEAN_PRIOR_NATS) * clean_rate * 0.99
    grid = [MIN_RATE + k * 0.001 for k in range(350)]
    mapped = [clean_prior(r) for r in grid]
    assert all(b >= a for a, b in itertools.pairwise(mapped))
    assert min(mapped) >= MIN_RATE
    # a short text's estimate is mostly the estimator's own prior: it is lowered less
    assert clean_prior(0.02, 20) > clean_prior(0.02, 200) > clean_prior(0.02)
    # sure swaps make a text spun, however low its rate: two per 100 eligible words switch the prior off
    assert clean_prior(0.02, 400, sure=0) < 0.5 * 0.02
    assert clean_prior(0.02, 400, sure=8) == pytest.approx(0.02, rel=0.01)


def test_the_clean_prior_survives_the_extremes_of_its_inputs() -> None:
    """One eligible word with one sure swap is a density of 100 per 100 words, far past the step: the prior
    must still answer (session 20: ``math.exp`` overflowed and "White Home" alone crashed the engine)."""
    from app.engine.score import MIN_RATE, clean_prior, falling_step

    assert clean_prior(0.0996, 1, 1) == pytest.approx(0.0996, rel=1e-6)
    assert MIN_RATE <= clean_prior(0.0, 1, 0) <= clean_prior(1.0, 10**9, 10**9) == 1.0
    assert falling_step(1e6) == 0.0 and falling_step(-1e6) == 1.0 and falling_step(0.0) == 0.5


@pytest.mark.parametrize("text", ["White Home", "White Home.", "Nationwide safety", "We are able to't"])
def test_a_text_of_one_sure_swap_is_repaired(text: str) -> None:
    r = repair(text)
    _check_edits(text, r)
    assert r.text != text and r.spun


def test_sure_swaps_count_the_slots_whose_evidence_clears_the_bar() -> None:
    base = ChannelModel().swap_cost
    scored = [_scored(i, base - 1.5) for i in range(10)] + [_scored(3, base - 1.5, original="told")]
    gains = [9.0, -6.0, -6.0, 9.0, -6.0, 9.0, -6.0, -6.0, -6.0, -6.0, 12.0]  # slot 3 twice
    evidence = LocalEvidence.of(scored, gains)
    assert evidence.eligible == 10
    assert evidence.sure_swaps(0.2, 5.0) == 3  # slots 0, 3 and 5, slot 3 counted once
    assert evidence.sure_swaps(0.2, 50.0) == 0
    assert LocalEvidence.of([], []).sure_swaps(0.2, 5.0) == 0


def test_an_original_that_no_longer_stands_in_the_text_gets_its_own_higher_rate() -> None:
    """Three likely "stated → said" and no "said" left: each is likelier than the document's rate says; the
    same evidence in a text that still says "said" forty times is less likely; an unseen pair moves nothing."""
    base = ChannelModel().swap_cost
    cands = [_scored(i, base - 1.0) for i in range(3)] + [_scored(3, base - 1.0, "large", "big")]
    gains = [4.0, 4.0, 4.0, -8.0]
    rate = 0.1
    consistent = original_rates(cands, gains, rate, Counter({"stated": 3, "large": 1}))
    everywhere = original_rates(cands, gains, rate, Counter({"stated": 3, "said": 40, "large": 1}))
    assert consistent[("stated", "said")] > 0.5
    assert everywhere[("stated", "said")] < 0 < consistent[("stated", "said")]
    assert abs(consistent.get(("large", "big"), 0.0)) < 0.1  # no evidence either way: shrunk to the rate
    assert max(abs(v) for v in consistent.values()) <= ORIGINAL_SHIFT_MAX


def _held(slot: int, spun: str, original: str, shares: tuple[tuple[str, float], ...]) -> Scored:
    span = Span(slot, slot + 1, 10 * slot, 10 * slot + len(spun), spun)
    cand = Candidate(span, original, Source.THESAURUS, -1.5, pack_shares(shares))
    return Scored(cand, slot, slot + 1, (original,), ChannelModel().swap_cost - 1.5)


def test_a_documents_thesaurus_weights_follow_the_pairs_its_likely_swaps_come_from() -> None:
    """Twelve likely swaps that only WordNet holds: in that document a WordNet pair is likelier than the mean
    prior says and a pair only Moby holds less likely; with no likely swap (a clean text) nothing moves much;
    the same evidence from Moby pairs turns the weights round. Shifts are keyed by the packed shares."""
    thesauri = ("wn", "moby", "mythes")
    wn_only = [_held(i, f"spun{i}", f"orig{i}", (("wn", 1.0),)) for i in range(12)]
    moby_pair = _held(12, "large", "big", (("moby", 1.0),))
    wn_pair = _held(13, "stated", "said", (("wn", 0.8), ("mythes", 0.2)))
    cands = [*wn_only, moby_pair, wn_pair]
    likely = [6.0] * 12 + [0.0, 0.0]
    moby, wn, mixed = "moby:1.0", "wn:1.0", "wn:0.8,mythes:0.2"
    fit = thesaurus_fit(cands, likely, 0.15, thesauri)
    assert set(fit.shifts) == {moby, wn, mixed}
    assert fit.shifts[moby] < -1.0 < 0.5 < fit.shifts[mixed] < fit.shifts[wn]
    assert fit.weights["wn"] > 0.6 > 0.2 > fit.weights["moby"]
    assert sum(fit.weights.values()) == pytest.approx(1.0)

    clean = thesaurus_fit(cands, [-8.0] * 14, 0.01, thesauri)
    assert max((abs(v) for v in clean.shifts.values()), default=0.0) < 0.2
    assert all(abs(w - 1 / 3) < 0.05 for w in clean.weights.values())

    moby_doc = [_held(i, f"spun{i}", f"orig{i}", (("moby", 1.0),)) for i in range(12)]
    turned = thesaurus_fit([*moby_doc, moby_pair, wn_pair], likely, 0.15, thesauri).shifts
    assert turned[moby] > 1.0 and turned[mixed] < -0.5
    assert thesaurus_fit(cands, likely, 0.15, ("wn",)).shifts == {}  # one thesaurus: nothing to weigh


def test_a_sites_thesaurus_weights_are_the_prior_a_document_is_shrunk_towards() -> None:
    """A clean text of a site whose spinner uses Moby: with the site's weights its Moby pairs are likelier than
    with equal ones; a document's own strong evidence still outweighs the site's."""
    thesauri = ("wn", "moby", "mythes")
    moby_pair = _held(0, "large", "big", (("moby", 1.0),))
    wn_pair = _held(1, "stated", "said", (("wn", 1.0),))
    site = {"wn": 0.1, "moby": 0.8, "mythes": 0.1}
    quiet = thesaurus_fit([moby_pair, wn_pair], [-8.0, -8.0], 0.01, thesauri, site)
    assert quiet.shifts["moby:1.0"] > 0.5 > -0.5 > quiet.shifts["wn:1.0"]
    assert quiet.weights["moby"] > 0.7
    wn_doc = [_held(i, f"spun{i}", f"orig{i}", (("wn", 1.0),)) for i in range(2, 40)]
    loud = thesaurus_fit([moby_pair, wn_pair, *wn_doc], [-8.0, -8.0] + [6.0] * 38, 0.15, thesauri, site)
    assert loud.weights["wn"] > loud.weights["moby"]


def test_phrase_dictionary_candidates_count_as_one_more_source() -> None:
    """A phrase-dictionary candidate is held by the "phrases" source whole, so a document whose spinner
    rewrites phrases makes them likelier and one whose spinner only swaps synonyms makes them less likely; a
    pair both hold is shared between them (session 27)."""
    from app.engine.candidates import PHRASE_SHARE, PHRASES, proper_nouns, propose, word_slots
    from app.engine.pipeline import phrase_sources
    from app.engine.tokens import sentence_starts
    from app.resources import get_resources

    text = "The talks went on by way of a video link, officials stated."
    tokens = tokenize(text)
    starts = sentence_starts(list(tokens))
    slots = word_slots(tokens, starts, proper_nouns(tokens, starts))
    res = get_resources()
    cands = propose(
        text, tokens, slots, res.thesaurus, phrase_sources(RepairOptions(), res), res.lm.unigram_logprob
    )
    by_way = [c for c in cands if c.span.text == "by way of" and c.source is Source.PHRASE]
    assert {c.replacement for c in by_way} >= {"through"}
    assert all(c.thesauri == PHRASE_SHARE for c in by_way)
    stated = {
        c.replacement: c.thesauri for c in cands if c.span.text == "stated" and c.source is Source.THESAURUS
    }
    # a pair only the thesauri hold has no share of the phrases source; one the table holds too has both
    only_thesauri = [packed for original, packed in stated.items() if original != "said"]
    assert only_thesauri and all(PHRASES not in packed and packed for packed in only_thesauri)
    assert PHRASES in stated["said"] and "wn" in stated["said"]


def test_rechannel_adds_each_pairs_thesaurus_shift() -> None:
    wn_pair = _held(0, "stated", "said", (("wn", 1.0),))
    phrase = _scored(1, -5.0, spun="by way of", original="through")  # not a thesaurus pair: no shift
    ch = ChannelModel(thesaurus_shift={"wn:1.0": 0.7})
    moved = rechannel([wn_pair, phrase], ch)
    assert moved[0].channel == pytest.approx(wn_pair.channel + 0.7)
    assert moved[1].channel == pytest.approx(-5.0)


def test_rechannel_shifts_by_rate_and_adds_repeated_swap_bonus() -> None:
    s = _scored(0, -5.0)
    other = _scored(1, -5.0, spun="large", original="big")
    ch = ChannelModel(rate=0.3, swap_bonus={("stated", "said"): 1.2})
    moved = rechannel([s, other], ch)
    shift = ch.swap_cost - ChannelModel().swap_cost
    assert moved[0].channel == pytest.approx(-5.0 + shift + 1.2)
    assert moved[1].channel == pytest.approx(-5.0 + shift)
    assert moved[0].candidate is s.candidate and s.channel == -5.0  # the input is not changed


def test_apply_edits_rejects_mismatched_edits() -> None:
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(0, 1, "x", "y", 1.0, "ocr")])
    with pytest.raises(ValueError):
        apply_edits("abc", [Edit(0, 2, "ab", "y", 1.0, "ocr"), Edit(1, 3, "bc", "z", 1.0, "ocr")])


ORIGINAL = (
    "Vice President Maria Lopez arrived in Madrid on Monday. Later the vice president told reporters that the "
    "national security adviser had come through Paris. We can't wait, she said."
)
SPUN = (
    "Vice President Maria Lopez arrived in Madrid on Monday. Later the vice chairman told reporters that the "
    "nationwide safety adviser had come by way of Paris. We are able to't wait, she said."
)


def test_end_to_end_restores_a_spun_paragraph() -> None:
    r = repair(SPUN)
    _check_edits(SPUN, r)
    assert r.text == ORIGINAL
    by_original = {e.original: e for e in r.edits}
    # document consistency: "Vice President" elsewhere in the text vouches for the restoration
    assert by_original["vice chairman"].replacement == "vice president"
    assert by_original["are able to't"].replacement == "can't"
    assert r.spin_score > 0.5 and r.spun and r.to_dict()["spun"] is True


def test_end_to_end_leaves_the_original_alone() -> None:
    r = repair(ORIGINAL)
    assert r.text == ORIGINAL and r.edits == ()
    assert r.spin_score < 0.2 and not r.spun and r.to_dict()["spun"] is False


def test_detect_reports_suspicious_spans_without_rewriting() -> None:
    from app import detect

    d = detect(SPUN)
    texts = {s.text for s in d.spans}
    assert {"nationwide safety", "are able to't"} <= texts
    for s in d.spans:
        assert SPUN[s.start : s.end] == s.text and 0 <= s.suspicion <= 1
    assert d.spin_score > detect(ORIGINAL).spin_score
    assert d.spun and not detect(ORIGINAL).spun and d.to_dict()["spun"] is True


def test_sections_cover_the_text_at_sentence_starts_within_the_word_limit() -> None:
    text = "One two three. Four five six seven. Eight nine. Ten eleven twelve thirteen fourteen fifteen."
    tokens = tokenize(text)
    for limit in (1, 3, 4, 100):
        parts = sections(tokens, limit)
        assert "".join(t.text for a, b in parts for t in tokens[a:b]) == text
        assert all(sum(t.kind is TokenKind.WORD for t in tokens[a:b]) <= limit for a, b in parts)
    assert ["".join(t.text for t in tokens[a:b]) for a, b in sections(tokens, 4)][:3] == [
        "One two three. ",
        "Four five six seven. ",
        "Eight nine. ",
    ]


def test_a_long_text_is_repaired_section_by_section(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ``SECTION_WORDS`` the spin stage analyses whole sentences a section at a time: each section gets
    exactly the edits it gets alone, at offsets into the whole text."""
    paragraphs = [
        "The officers stated that talks would continue by way of video link.",
        "Officials at the White Home said the nationwide safety adviser got here late.",
        "Our imaginative and prescient is evident, the vice chairman stated on Monday.",
    ]
    text = " ".join(paragraphs)
    opts = RepairOptions(ocr=False, min_confidence=0.0)
    monkeypatch.setattr(pipeline, "SECTION_WORDS", 14)
    sectioned = repair(text, opts)
    expected: list[tuple[int, int, str, float]] = []
    offset = 0
    for p in paragraphs:
        expected += [
            (e.start + offset, e.end + offset, e.replacement, e.confidence) for e in repair(p, opts).edits
        ]
        offset += len(p) + 1
    # confidences too: analysed whole, the text gets one spin rate and so other confidences
    assert [(e.start, e.end, e.replacement, e.confidence) for e in sectioned.edits] == expected
    assert sectioned.text == apply_edits(text, list(sectioned.edits))
    assert {e[2] for e in expected} >= {"via", "White House", "vision"}  # one restoration in every section


def test_word_level_spinner_artefacts_are_restored() -> None:
    """Set phrases that word-level spinners of scraped news leave behind (added in session 4) are undone in
    context, and the clean sentence they came from is left alone."""
    spun = (
        "Within the meantime, the corporate said its chief govt had examined optimistic for the virus, "
        "and the board would meet as quickly as potential."
    )
    clean = (
        "In the meantime, the company said its chief executive had tested positive for the virus, "
        "and the board would meet as soon as possible."
    )
    assert repair(spun).text == clean
    assert repair(clean).edits == ()


def test_round_trip_hallmarks_of_scraped_news_are_restored() -> None:
    """Connectives and auxiliaries that round-trip spinners of scraped news leave behind (added in session
    11): "has but to", "touch upon", "in response to" (according to), "will probably be"."""
    spun = (
        "The ministry has but to touch upon the report. At least 40 people died, in response to local "
        "officials, and the inquiry will probably be held in public next month."
    )
    clean = (
        "The ministry has yet to comment on the report. At least 40 people died, according to local "
        "officials, and the inquiry will be held in public next month."
    )
    _restores_and_leaves_alone(spun, clean)
    # compounds and names with every word swapped
    names = "The Monetary Instances said the film topped the field workplace for a third week."
    assert repair(names).text == "The Financial Times said the film topped the box office for a third week."


def test_more_round_trip_hallmarks_are_restored_and_their_genuine_lookalikes_kept() -> None:
    """Session 13's additions: phrases only a round-trip spinner writes ("primarily based on", "grew to
    become", "legal professional common", "got here throughout"), restored word for word; genuine English that
    shares words with them stays as it is."""
    spun = (
        "The decision was primarily based on a report. In actual fact, the minister grew to become angry on "
        "the similar time as the legal professional common spoke, and police discovered out that the suspect "
        "had got here throughout the car firstly of the week."
    )
    clean = (
        "The decision was based on a report. In fact, the minister became angry at the same time as the "
        "attorney general spoke, and police found out that the suspect had come across the car at the start "
        "of the week."
    )
    _restores_and_leaves_alone(spun, clean)
    genuine = "Calls came throughout the night, and the legal professional bodies met at the same time."
    assert repair(genuine).edits == ()


def test_session_19_names_and_compounds_are_restored_and_genuine_uses_kept() -> None:
    """Round-trip names and compounds added in session 19 ("Worldwide Financial Fund", "money owed",
    "laptop computer", "metropolis corridor", "Fb") are restored; the genuine English that shares their
    words ("the money owed to", "common ground", "a laptop computer") stays as it is."""
    spun = (
        "The Worldwide Financial Fund warned that money owed could rise. Fb fired its chief monetary "
        "officer, the tech big said at metropolis corridor, and the unemployment charge fell."
    )
    clean = (
        "The International Monetary Fund warned that debts could rise. Facebook fired its chief financial "
        "officer, the tech giant said at city hall, and the unemployment rate fell."
    )
    _restores_and_leaves_alone(spun, clean)
    genuine = (
        "The court ordered him to repay the money owed to his former employer. They agreed on common ground "
        "after talks, and a new laptop computer costs more than a tablet."
    )
    assert repair(genuine).edits == ()


def test_session_20_committees_are_restored_and_a_genuine_home_kept() -> None:
    """The House's committees as a round trip writes them ("Home Intelligence Committee") and "printed within
    the journal" are restored; a home next to a committee across a sentence end stays."""
    spun = (
        "The senator, who chairs the Home Intelligence Committee, said the study, printed within the journal "
        "Nature, was flawed, and the Home Judiciary Committee agreed."
    )
    clean = (
        "The senator, who chairs the House Intelligence Committee, said the study, published in the journal "
        "Nature, was flawed, and the House Judiciary Committee agreed."
    )
    _restores_and_leaves_alone(spun, clean)
    genuine = "The members met at his home. Intelligence Committee staff arrived later with the journal."
    assert repair(genuine).edits == ()


def test_a_pair_both_dictionary_and_thesaurus_hold_is_one_candidate_with_both_shares() -> None:
    """Session 27: the phrase table keeps a round trip's "stated" for *said*, which the thesauri hold too. The
    span gets one candidate whose prior sums the two sources' and whose shares split by their parts, so the
    document's source weights (``thesaurus_fit``) move it with either kind of spinner."""
    from app.resources import get_resources

    res = get_resources()
    text = "The minister stated on Tuesday that the talks had failed."
    _starts, _slots, cands = pipeline.spin_candidates(text, tokenize(text), RepairOptions(), res)
    said = [c for c in cands if c.span.text == "stated" and c.replacement == "said"]
    assert len(said) == 1
    shares = dict(unpack_shares(said[0].thesauri))
    assert PHRASES in shares and len(shares) > 1  # the dictionary's part and the thesauri's
    assert sum(shares.values()) == pytest.approx(1.0, abs=0.01)
    phrase = [r.logp for r in res.phrases.lookup_key("stated") if r.original == "said"]
    ranked = ranked_thesaurus("stated", res.thesaurus, res.lm.unigram_logprob)
    thesaurus = [lp for o, lp, _sh in ranked if o == "said"]
    assert said[0].prior == pytest.approx(math.log(math.exp(phrase[0]) + math.exp(thesaurus[0])))


def test_shared_pair_sums_the_sources_and_splits_the_shares() -> None:
    logp, source, packed = shared_pair(
        math.log(0.1), math.log(0.3), pack_shares((("wn", 0.5), ("moby", 0.5)))
    )
    assert logp == pytest.approx(math.log(0.4))
    assert source is Source.THESAURUS
    assert dict(unpack_shares(packed)) == {PHRASES: 0.25, "wn": 0.375, "moby": 0.375}


def test_a_round_trip_document_gets_its_plain_synonym_swaps_restored_too() -> None:
    """In a document full of a round trip's hallmarks ("the brand new", "subsequent 12 months", "invoice"),
    the same spinner's swaps that are plain English ("Officers", "stated", "native") are restored as well;
    the same words in a clean report stay (session 27: until then "Officers" and "native" stayed)."""
    spun = (
        "The authorities stated on Tuesday that the brand new regulation would take impact subsequent 12 months, "
        "in keeping with a press release printed by the ministry. Officers mentioned the invoice, which "
        "lawmakers handed final week, would additionally give native councils more power over housing. "
        '"We are able to\'t wait any longer," the minister stated in an interview.'
    )
    result = repair(spun)
    _check_edits(spun, result)
    made = {(e.original, e.replacement) for e in result.edits}
    assert {("Officers", "Officials"), ("native", "local"), ("handed", "passed"), ("stated", "said")} <= made
    assert result.text.count(" said ") == 3 and "stated" not in result.text
    clean = (
        "Two officers stated on Tuesday that the suspect had fled the scene before police arrived, and that a "
        "search of the area was under way."
    )
    assert repair(clean).edits == ()


def test_session_27_hallmarks_are_restored_and_genuine_lookalikes_kept() -> None:
    """A round trip's "tons of of" (hundreds of), "1000's of" (thousands of: the apostrophe's plural of a
    number, which the tokenizer splits in three), "slightly than" and "capable of" before a bare verb (be
    able to) and "the opposite aspect" (the other side); genuine "tons of work", "the 1990's", "slightly
    larger", "capable of reaching" and "one aspect of the plan" stay."""
    spun = (
        "Tons of of protesters gathered, and 1000's of police watched slightly than intervened. "
        "It is not clear whether they will be capable of meet before Friday. "
        "On the opposite aspect of the river, the town flooded."
    )
    clean = (
        "Hundreds of protesters gathered, and thousands of police watched rather than intervened. "
        "It is not clear whether they will be able to meet before Friday. "
        "On the other side of the river, the town flooded."
    )
    result = repair(spun)
    _check_edits(spun, result)
    assert result.text == clean
    genuine = (
        "She has tons of work to do, and in the 1990's the shop was slightly larger than it is now. "
        "The new engine is capable of reaching 200 miles an hour. "
        "One aspect of the plan worried critics, who said the economic aspect was weak."
    )
    assert repair(genuine).edits == ()


def test_phrases_with_numbers_are_restored_and_genuine_numbers_are_left_alone() -> None:
    """ "12 months" for "year" is a hallmark of round-trip spinners; numbers are not word slots, so until
    session 11 no phrase with a number in it could match. Genuine "12 months" stays."""
    spun = "Sales fell final 12 months, and profits are down 4% on a 12 months in the past."
    result = repair(spun)
    _check_edits(spun, result)
    assert result.text == "Sales fell last year, and profits are down 4% on a year ago."
    clean = "Over the past 12 months, sales fell by 12%, and 12 shops closed."
    assert repair(clean).edits == ()


class _EndingLM:
    """A toy language model for the decoder: flat, except that a sentence may end after "said" but hardly
    after "told", and that "said" is likely right after a closing quote. It records what it is asked."""

    order = 3
    name = "toy"
    punctuation = True

    def __init__(self) -> None:
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def logprob(self, word: str, context: tuple[str, ...]) -> float:
        self.asked.append((word, context))
        if word == "</s>":
            return -0.5 if context[-1:] == ("said",) else -9.0
        if word == "said" and context[-2:] == (",", '"'):
            return -1.0
        return -6.0

    def unigram_logprob(self, word: str) -> float:
        return -6.0


def _sentence_slots(text: str) -> list:
    from app.engine.candidates import word_slots
    from app.engine.tokens import sentence_starts

    tokens = tokenize(text)
    return word_slots(tokens, sentence_starts(tokens), set(), context=True)


def test_the_decoder_scores_punctuation_and_the_sentence_end() -> None:
    """ "..., he told." — only the punctuation and the sentence end tell *told* from *said*: the flat toy
    model knows nothing else, so the decoder must ask it about both, in the right order."""
    from app.engine import decode

    slots = _sentence_slots('"We won," he told.')
    at = [s.lower for s in slots].index("told")
    cand = _scored(at, -2.0, spun="told", original="said")
    lm = _EndingLM()
    gain = decode.lm_gains([cand], slots, lm, [(0, len(slots))])
    assert gain[0] == pytest.approx(-0.5 - -9.0)  # P(</s> | he said) against P(</s> | he told)
    assert ("</s>", ("he", "said")) in lm.asked and ("said", ('"', "he")) in lm.asked
    chosen = decode.decode_sentence(slots, {at: [cand]}, lm, ChannelModel())
    assert [c.words for c in chosen] == [("said",)]
    # the same words without the sentence end after them: nothing favours "said", so the text is kept
    slots2 = _sentence_slots('"We won," he told reporters.')
    chosen2 = decode.decode_sentence(
        slots2, {at: [_scored(at, -2.0, "told", "said")]}, _EndingLM(), ChannelModel()
    )
    assert chosen2 == []
    # and the quote before a word is part of its context: '," said' is likelier than '," told'
    slots3 = _sentence_slots('"We won," told the coach.')
    at3 = [s.lower for s in slots3].index("told")
    lm3 = _EndingLM()
    g3 = decode.lm_gains([_scored(at3, -2.0, "told", "said")], slots3, lm3, [(0, len(slots3))])
    assert ("said", (",", '"')) in lm3.asked and g3[0] == pytest.approx(-1.0 - -6.0)


def test_batched_language_model_gains_equal_one_query_at_a_time() -> None:
    """``lm_gains`` asks the model all its queries in one batch when the model can answer one
    (``logprob_many``); every gain must be the float the one-query-at-a-time path gives, or a result would
    depend on which model object the decoder was handed."""
    from app.engine import decode
    from app.engine.candidates import proper_nouns, propose, word_slots
    from app.engine.score import document_words, score_candidates
    from app.engine.tokens import sentence_starts
    from app.resources import get_resources

    res = get_resources()
    lm = res.lm
    text = (
        "The officers stated on Tuesday that the nationwide safety adviser had resigned. "
        'He got here by way of Chicago, they stated. "We are able to\'t," he told.'
    )
    toks = tokenize(text)
    starts = sentence_starts(toks)
    slots = word_slots(toks, starts, proper_nouns(toks, starts), lm.punctuation)
    sources = pipeline.phrase_sources(RepairOptions(), res)
    cands = propose(text, toks, slots, res.thesaurus, sources, lm.unigram_logprob)
    slot_of = {s.token: i for i, s in enumerate(slots)}
    scored = score_candidates(cands, slot_of, document_words(slots), lm.unigram_logprob, None)
    assert len(scored) > 50 and any(len(s.words) > 1 for s in scored)
    bounds = decode.group_by_sentence(slots, starts)

    class OneAtATime:  # the model without its batch method
        order, punctuation, logprob = lm.order, lm.punctuation, lm.logprob

    assert hasattr(lm, "logprob_many")
    batched = decode.lm_gains(scored, slots, lm, bounds)
    lm._cache.clear()  # type: ignore[attr-defined]
    assert decode.lm_gains(scored, slots, OneAtATime(), bounds) == batched


def test_loaded_resources_are_frozen_out_of_the_collectors_sight() -> None:
    """What a resource load builds lives as long as the process, so later collections must not walk it
    again (``gc.freeze`` in ``Resources._timed``); the load is still timed, and the value returned."""
    import gc

    from app.resources import Resources

    res = Resources()
    before = gc.get_freeze_count()
    value = res._timed("probe", lambda: [[n] for n in range(5000)])
    assert len(value) == 5000 and "probe" in res.load_seconds
    assert gc.get_freeze_count() >= before + 5000


def test_repair_pauses_the_garbage_collector_and_restores_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine runs with the cyclic collector paused (app/gcpause.py); afterwards it is as it was, also
    when the repair fails, and a collector the caller turned off stays off."""
    import gc

    seen: list[bool] = []

    def watch(text: str, options: RepairOptions, res: object) -> Repair:
        seen.append(gc.isenabled())
        if text == "boom":
            raise RuntimeError("boom")
        return Repair(text, text, (), 0.0, {})

    monkeypatch.setattr(pipeline, "run_repair", watch)
    was = gc.isenabled()
    try:
        gc.enable()
        repair("fine")
        assert seen == [False] and gc.isenabled()
        with pytest.raises(RuntimeError):
            repair("boom")
        assert seen == [False, False] and gc.isenabled()
        gc.disable()
        repair("fine")
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()


def test_hard_wrapped_text_is_repaired_as_if_unwrapped() -> None:
    """Archives wrap lines inside sentences: a phrase across the wrap is still one phrase, the restoration
    keeps the newline where the words allow it, and everything else stays byte for byte."""
    wrapped = (
        "Officers stated the vice\nchairman got here to the White Home by way of a aspect door. The nationwide\n"
        "safety adviser informed reporters\nof a plan."
    )
    flat = wrapped.replace("\n", " ")
    r, plain = repair(wrapped), repair(flat)
    for e in r.edits:
        assert wrapped[e.start : e.end] == e.original
    assert "The national\nsecurity adviser" in r.text and "the vice\npresident" in r.text
    assert r.text.replace("\n", " ") == plain.text
    assert [round(e.confidence, 6) for e in r.edits] == [round(e.confidence, 6) for e in plain.edits]


def test_spaced_like_keeps_the_span_spaces_only_for_as_many_words() -> None:
    assert spaced_like("nationwide\nsafety", "national security") == "national\nsecurity"
    assert spaced_like("White\u00a0Home", "White House") == "White\u00a0House"
    assert spaced_like("by way\nof", "through") == "through"


def test_rare_thesaurus_words_are_left_to_the_spin_stage() -> None:
    """Spinners write rare words the OCR word list lacks (*megahit*, *palls*, *tike*); they are English, not
    garble, so the OCR stage leaves them, as it leaves every dictionary word, while real garble nearby is
    still mended."""
    text = "The studio expected a megahit, and tbe palls showed a looked after tike was happy."
    r = repair(text, RepairOptions(spin=False))
    assert [(e.original, e.replacement) for e in r.edits] == [("tbe", "the")]


def test_typographic_apostrophes_change_nothing_but_spelling() -> None:
    """Scraped news sets apostrophes as ’. The same article gets the same restorations at the same confidences
    either way (before session 18 the neural model read "don’t" as an unknown word and lost its opinion)."""
    straight = (
        "The minister's aides said they don't expect the warfare to end. It's a grave problem, officers stated, "
        "and the nation's leaders won't accept it. \"We are able to't wait,\" she informed reporters."
    )
    curly = straight.replace("'", "\u2019")
    a, b = repair(straight), repair(curly)
    assert a.edits, "the example must have restorations"
    assert [(e.start, e.replacement.replace("'", "\u2019"), round(e.confidence, 6)) for e in a.edits] == [
        (e.start, e.replacement, round(e.confidence, 6)) for e in b.edits
    ]


def test_a_repair_stops_at_its_deadline() -> None:
    """``RepairOptions.deadline`` bounds the work (the service sets it from its request timeout); without one
    the same text repairs normally."""
    import time

    from app import RepairOptions, RepairTimeout, repair

    text = "Officers stated the vice chairman got here to the White Home. " * 20
    with pytest.raises(RepairTimeout):
        repair(text, RepairOptions(deadline=time.monotonic() - 1.0))
    assert repair(text, RepairOptions(deadline=time.monotonic() + 600)).text == repair(text).text


def test_many_spintax_groups_read_the_context_a_whole_text_scan_would() -> None:
    """The context words of a group are read from the last characters before it (earlier groups as chosen)
    and the first after it, visiting only nearby groups: the same words as building the whole text."""
    import random

    from app.engine import spintax

    rng = random.Random(21)
    words = [
        "the",
        "officials",
        "said",
        "war",
        "warfare",
        "stated",
        "told",
        "on",
        "Tuesday",
        "that",
        "a",
        "big",
        "large",
        "house",
        "home",
    ]
    for _ in range(200):
        parts = [
            "{" + "|".join(rng.sample(words, 3)) + "}"
            if rng.random() < 0.4
            else " ".join(rng.choices(words, k=rng.randint(0, 60)))
            for _ in range(rng.randint(1, 25))
        ]
        text = rng.choice([" ", "", ", "]).join(parts)
        found = spintax.groups(text)
        chosen = [opts[rng.randrange(len(opts))] for _s, _e, opts in found]
        for k, (start, end, _opts) in enumerate(found):
            pieces, at = [], 0
            for (s, e, _o), pick in zip(found[:k], chosen[:k], strict=True):
                pieces += [text[at:s], pick]
                at = e
            pieces.append(text[at:start])
            naive_before = spintax._WORD.findall("".join(pieces)[-spintax.CONTEXT_CHARS :].lower())[-4:]
            assert spintax._words_before(text, start, found, chosen[:k]) == naive_before
            tail = text[end : end + spintax.CONTEXT_CHARS]
            for s, e, opts in found[k + 1 :]:
                if s - end < spintax.CONTEXT_CHARS:
                    tail = tail.replace(text[s:e], opts[0], 1)
            naive_after = spintax._WORD.findall(tail.lower())[: spintax.CONTEXT_AFTER]
            assert spintax._words_after(text, end, found, k + 1) == naive_after


def test_a_long_text_is_repaired_in_blocks_cut_outside_markup() -> None:
    """A text over ``LONG_TEXT_CHARS`` is repaired block by block (bounded memory, session 22): the blocks
    cover it exactly, no cut falls inside a tag, comment or script, and the edits' offsets are the whole
    text's."""
    from app.engine.pipeline import BLOCK_CHARS, LONG_TEXT_CHARS, text_blocks

    para = "Officers stated the vice chairman got here to the White Home by way of a side door. " * 12
    # a script longer than a block, full of paragraph breaks: the cut must wait for its end
    script = "<script>\n\nvar officers = 'stated';\n\n" + "x = 1;\n\n" * 20_000 + "</script>"
    text = "\n\n".join([para] * 110 + [script] + [para] * 110)
    assert len(text) > LONG_TEXT_CHARS
    blocks = text_blocks(text)
    assert blocks[0][0] == 0 and blocks[-1][1] == len(text) and len(blocks) >= 3
    assert all(b == c for (_, b), (c, _) in itertools.pairwise(blocks))
    assert all(b - a <= 8 * BLOCK_CHARS for a, b in blocks)
    s0, s1 = text.index("<script>"), text.index("</script>") + len("</script>")
    assert not any(s0 < a < s1 for a, _ in blocks)  # never inside the script element
    r = repair(text)
    assert apply_edits(text, r.edits) == r.text and r.edits
    assert all(text[e.start : e.end] == e.original for e in r.edits)
    assert not any(s0 <= e.start < s1 for e in r.edits)  # the script's "officers" and "stated" untouched
    assert {e.replacement for e in r.edits} >= {"White House", "through"}
    assert sum(e.original == "White Home" for e in r.edits) == 220 * 12


# Session 23's fuzz audit: "text is sacred" held for offsets, but these rewrote what they should not.


def test_words_with_invisible_joiners_or_decomposed_accents_are_not_cut_into_edited_pieces() -> None:
    text = (
        "The vice chairm&shy;an got here to the White Home. Officers stated the virus had un\u00adfold to "
        "3 states, th\u2060rough the lame\u0301 and the cafe\u0301."
    )
    r = repair(text)
    _check_edits(text, r)
    for kept in ("chairm&shy;an", "un\u00adfold", "th\u2060rough", "lame\u0301", "cafe\u0301"):
        assert kept in r.text, kept
    assert "White House" in r.text  # the rest of the sentence is still repaired


def test_all_capitals_stay_all_capitals_even_for_a_name() -> None:
    assert match_case("WHITE HOME", "White House") == "WHITE HOUSE"
    assert match_case("HOME OF REPRESENTATIVES", "House of Representatives") == "HOUSE OF REPRESENTATIVES"
    assert match_case("EU", "European Union") == "European Union"  # a short one may be an acronym
    assert repair("THE WHITE HOME SAID IT.").text == "THE WHITE HOUSE SAID IT."


def test_an_article_fixed_with_its_noun_keeps_the_space_after_it() -> None:
    text = "Officers an\u00a0imaginative and prescient the plan on Monday."
    r = repair(text, RepairOptions(min_confidence=0.0))
    [edit] = [e for e in r.edits if e.original.startswith("an\u00a0")]
    assert edit.replacement.startswith("a\u00a0"), edit


def test_markdown_code_is_left_as_it_is() -> None:
    text = 'Use `tbe` here.\n```\ntbe = load("White Home")\n```\nThe White Home said tbe plan works.'
    r = repair(text)
    _check_edits(text, r)
    assert r.text.startswith('Use `tbe` here.\n```\ntbe = load("White Home")\n```\n')
    assert r.text.endswith("The White House said the plan works.")


def test_mended_mojibake_never_brings_in_invisible_direction_controls() -> None:
    text = "The plan is set \u00e2\u20ac\u00aeand ready, and it\u00e2\u20ac\u2122s fine."
    r = repair(text)
    assert not any(c in r.text for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    assert "it\u2019s fine" in r.text  # ordinary mojibake is still mended


@pytest.mark.parametrize(
    "options",
    [
        {"min_confidence": float("nan")},
        {"min_confidence": 2.0},
        {"min_confidence": -1},
        {"max_alternatives": -1},
        {"max_alternatives": 1.5},
        {"extra_phrases": (("a",),)},
        {"blocked": ("ab",)},
    ],
)
def test_bad_library_options_are_a_clear_value_error(options: dict) -> None:
    with pytest.raises(ValueError, match=next(iter(options))):
        RepairOptions(**options)


def test_bytes_are_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="decode it first"):
        repair(b"The officers stated it.")  # type: ignore[arg-type]


def test_lone_cr_line_ends_wrap_lines_as_lf_does() -> None:
    """Old Mac files end lines with a lone CR: a phrase or a hyphenated word across one is mended as across LF."""
    for eol in ("\n", "\r\n", "\r"):
        text = f"He is the nationwide{eol}safety adviser, and the inter-{eol}national deal was struck."
        fixed = f"He is the national{eol}security adviser, and the international deal was struck."
        assert repair(text).text == fixed, repr(eol)


def test_a_negation_spun_into_no_longer_is_restored() -> None:
    """Round-trip spinners turn "don't" into "do no longer"; "can no longer" and "is no longer" are English."""
    text = "They did no longer want it, and it does no longer work. We can no longer wait, it is no longer there."
    assert (
        repair(text).text
        == "They didn't want it, and it doesn't work. We can no longer wait, it is no longer there."
    )
