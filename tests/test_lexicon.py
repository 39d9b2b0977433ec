"""Tests for the reverse thesaurus, the phrase dictionary and the bench spinners built on them."""

from __future__ import annotations

import marshal
import zlib
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest
from support import script_module

from app.engine.lexicon import LexiconError, PhraseDictionary, Restoration, ReverseThesaurus
from app.engine.tokens import tokenize
from app.engine.types import TokenKind

ROOT = Path(__file__).resolve().parent.parent
DICTS = ROOT / "dictionaries"


@pytest.fixture(scope="module")
def thesaurus() -> ReverseThesaurus:
    return ReverseThesaurus.load(DICTS)


@pytest.fixture(scope="module")
def phrases() -> PhraseDictionary:
    return PhraseDictionary.load(DICTS / "phrases.tsv")


def originals(results: tuple[Restoration, ...]) -> list[str]:
    return [r.original for r in results]


# --- reverse thesaurus (built artefact) ---


def test_thesaurus_restores_known_swaps(thesaurus: ReverseThesaurus) -> None:
    # said -> stated, make -> produce, sing -> whistle: the original must come back among the candidates.
    assert "say" in originals(thesaurus.lookup("state", "v"))[:5]
    assert "producer" in originals(thesaurus.lookup("manufacturer", "n"))[:3]
    assert "sing" in originals(thesaurus.lookup("whistle", "v"))[:3]
    assert "turn" in originals(thesaurus.lookup("change state", "v"))  # multi-word spun key


def test_a_verb_whose_past_is_its_base_form_is_restored_in_either_tense(thesaurus: ReverseThesaurus) -> None:
    # "said" -> "read" and "placed" -> "put" leave a form that is both base and past: the past-tense
    # original must be among the candidates beside the base-form one; a regular verb keeps its one reading.
    from app.engine.candidates import analyses, thesaurus_restorations

    assert {t for p, _l, t in analyses("read") if p == "v"} == {"VB", "VBD", "VBN"}
    assert [t for p, _l, t in analyses("state") if p == "v"] == ["VB"]
    read = [o for o, _lp, _s in thesaurus_restorations("read", thesaurus)]
    assert "said" in read and "say" in read
    put = [o for o, _lp, _s in thesaurus_restorations("put", thesaurus)]
    assert "placed" in put and "place" in put


def test_a_limited_lookup_is_the_head_of_the_full_one(thesaurus: ReverseThesaurus) -> None:
    full = thesaurus.lookup("figure", "n")
    assert len(full) > 5
    assert thesaurus.lookup("figure", "n", 5) == full[:5]
    assert (
        thesaurus.lookup("figure", "n") == full
    )  # the limited result did not take the full one's cache slot
    assert thesaurus.lookup("no such key at all", "n", 5) == ()


def test_thesaurus_results_are_ranked_posteriors(thesaurus: ReverseThesaurus) -> None:
    results = thesaurus.lookup("state", "v")
    assert all(r.logp <= 0 for r in results)
    assert all(r.sources and set(r.sources.split(",")) <= {"wn", "moby", "mythes"} for r in results)
    # 'say' is a synonym of 'state' in all three thesauri.
    assert next(r for r in results if r.original == "say").sources == "wn,moby,mythes"
    # Best first = logp + log P(original): the common original 'number' comes before the rare 'snowman'
    # although 'snowman', with few synonyms, has the larger channel probability for spun 'figure'.
    figure = thesaurus.lookup("figure", "n")
    found = originals(figure)
    assert "number" in found[:12]
    if "snowman" in found:
        snowman = figure[found.index("snowman")]
        assert found.index("number") < found.index("snowman")
        assert snowman.logp > figure[found.index("number")].logp


def test_thesaurus_pos_and_normalisation(thesaurus: ReverseThesaurus) -> None:
    assert thesaurus.lookup("State", "v") == thesaurus.lookup("state", "v")
    assert thesaurus.lookup("state", "r") == ()  # no adverb reading
    assert thesaurus.lookup("qwzxv", "n") == ()
    assert thesaurus.max_words >= 2


def test_thesaurus_forward_is_the_inverse(thesaurus: ReverseThesaurus) -> None:
    syns = thesaurus.forward("say", "v")
    assert "state" in syns
    assert "say" in originals(thesaurus.lookup(syns[0], "v"))


def test_thesaurus_load_errors(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="not built"):
        ReverseThesaurus.load(tmp_path)
    (tmp_path / "thesaurus.bin").write_bytes(b"garbage")
    with pytest.raises(LexiconError, match="unreadable"):
        ReverseThesaurus.load(tmp_path)


def test_thesaurus_tiny_file_roundtrip(tmp_path: Path) -> None:
    data = {
        "meta": {"bits": {"wn": 1, "moby": 2}, "max_words": 2},
        "rev": {"v\tstate": "say\t-0.500\t3\nexpress\t-2.000\t1"},
        "fwd": {"v\tsay": "state"},
    }
    (tmp_path / "thesaurus.bin").write_bytes(zlib.compress(marshal.dumps(data)))
    th = ReverseThesaurus.load(tmp_path)
    assert th.lookup("state", "v") == (
        Restoration("say", -0.5, "wn,moby"),
        Restoration("express", -2.0, "wn"),
    )
    assert th.forward("say", "v") == ("state",)
    assert th.max_words == 2
    assert next(iter(th.pairs())) == ("v", "state", Restoration("say", -0.5, "wn,moby"))
    assert th.shares("say", "v", "wn,moby") == (("wn", 0.5), ("moby", 0.5))  # no normalisers: equal shares


def test_thesaurus_shares_follow_each_sources_normaliser(tmp_path: Path) -> None:
    """WordNet lists few synonyms of "say" (normaliser 2), Moby many (8): of a pair both hold, WordNet holds
    four fifths of the mean probability."""
    data = {
        "meta": {"bits": {"wn": 1, "moby": 2}, "sources": ["wn", "moby"], "max_words": 1},
        "rev": {"v\tstate": "say\t-0.500\t3\nexpress\t-2.000\t2"},
        "fwd": {"v\tsay": "state"},
        "norm": {"v\tsay": "2,8", "v\texpress": ",4"},
    }
    (tmp_path / "thesaurus.bin").write_bytes(zlib.compress(marshal.dumps(data)))
    th = ReverseThesaurus.load(tmp_path)
    assert th.thesauri == ("wn", "moby")
    assert th.shares("say", "v", "wn,moby") == (("wn", 0.8), ("moby", 0.2))  # rounded to 3 digits
    assert th.shares("express", "v", "moby") == (("moby", 1.0),)
    assert th.shares("unknown", "v", "wn,moby") == (("wn", 0.5), ("moby", 0.5))


# --- phrase dictionary ---


def test_phrases_known_entries(phrases: PhraseDictionary) -> None:
    assert phrases.lookup("imaginative and prescient")[0].original == "vision"
    assert phrases.lookup("By  way OF")[0].original == "through"  # case and spacing are normalised
    assert phrases.lookup("are able to\u2019t")[0].original == "can't"  # typographic apostrophe folds
    assert phrases.lookup("got here")[0].original == "came"
    assert "come" in {r.original for r in phrases.lookup("got here")}  # "had got here": the participle
    assert phrases.lookup("getting here")[0].original == "coming"
    assert phrases.lookup("white home")[0].original == "White House"  # originals keep their case
    assert phrases.lookup("no such phrase") == ()
    assert phrases.max_words >= 4
    assert len(phrases) > 500


def test_phrases_priors_are_honest(phrases: PhraseDictionary) -> None:
    # 'had been' is common genuine English: its prior must be far below an unmistakable spin.
    had_been = phrases.lookup("had been")[0]
    assert had_been.logp < phrases.lookup("imaginative and prescient")[0].logp - 2
    for spun, r in phrases.items():
        assert r.logp <= 0 and r.original and spun == spun.lower()


def test_phrases_name_the_numbers_their_entries_need(phrases: PhraseDictionary) -> None:
    """Spun phrases with a number in them ("final 12 months", "a 3rd") tell the tokenizer's numbers that
    must become word slots; a dictionary without any names none."""
    assert {"12", "3rd"} <= phrases.number_words
    assert all(any(c.isdigit() for c in w) for w in phrases.number_words)
    assert PhraseDictionary.from_pairs([("by way of", "through")]).number_words == frozenset()
    assert PhraseDictionary.from_pairs([("7 days in the past", "a week ago")]).number_words == {"7"}
    hyphened = PhraseDictionary.from_pairs([("24 hours-a-day 7", "round the clock")])
    assert hyphened.number_words == {"24", "7"}


def test_phrases_bad_rows_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "p.tsv"
    path.write_text("# comment\nthru\tthrough\t-0.5\tok\nno tab here\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"p\.tsv:3:"):
        PhraseDictionary.load(path)
    path.write_text("thru\tthrough\tabc\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"p\.tsv:1: logp"):
        PhraseDictionary.load(path)
    path.write_text("\n\nthru\tthrough\t0.5\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"p\.tsv:3:.*<= 0"):
        PhraseDictionary.load(path)
    with pytest.raises(LexiconError, match="cannot read"):
        PhraseDictionary.load(tmp_path / "missing.tsv")
    assert issubclass(LexiconError, ValueError)


def test_a_profile_with_a_broken_thesaurus_line_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# thesauri: wn=lots\ntroupe\tcompany\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"bad\.tsv:1: thesaurus weight"):
        PhraseDictionary.load(bad)
    bad.write_text("# thesauri: wn=-1\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="must be name=number >= 0"):
        PhraseDictionary.load(bad)
    plain = tmp_path / "plain.tsv"
    plain.write_text("# an ordinary comment\ntroupe\tcompany\n", encoding="utf-8")
    assert PhraseDictionary.load(plain).thesaurus_weights is None


def test_phrases_two_column_file_uses_default_prior(tmp_path: Path) -> None:
    path = tmp_path / "extra.tsv"
    path.write_text("Foo Bar\tbaz\n", encoding="utf-8")
    d = PhraseDictionary.load(path)
    assert d.lookup("foo bar") == (Restoration("baz", -1.0, "phrases"),)


def test_from_pairs_and_merged() -> None:
    base = PhraseDictionary.from_pairs([("by way of", "through"), ("thru", "through")], logp=-2.0)
    extra = PhraseDictionary.from_pairs([("by way of", "via"), ("thru", "through")], logp=-0.5)
    merged = base.merged(extra)
    assert originals(merged.lookup("by way of")) == ["via", "through"]  # better prior first
    assert merged.lookup("thru") == (Restoration("through", -0.5, "phrases"),)  # other wins
    assert base.lookup("thru")[0].logp == -2.0  # merged() does not change its inputs
    assert merged.max_words == 3 and len(merged) == 3
    with pytest.raises(LexiconError):
        PhraseDictionary.from_pairs([("", "x")])


# --- bench spinners ---


def _spinners_module() -> ModuleType:
    return script_module("bench", "spinners")


def test_spinners_change_only_words() -> None:
    sp = _spinners_module()
    lex = sp.Lexicon(
        forward={"wn": {("v", "say"): ["state"], ("n", "official"): ["officer"], ("a", "big"): ["large"]}},
        phrases={"through": ["by way of"], "can't": ["are able to't"]},
        max_phrase=1,
    )
    text = 'Officials said, "It\'s big, NATO." They walked through (slowly) - 3.5% of 2,000.'
    spinner = sp.Spinner("t", ("wn",), rate=1.0, phrase_rate=1.0, rng=sp.random.Random(1))
    spun = spinner.spin(text, lex)
    assert spun == 'Officers stated, "It\'s large, NATO." They walked by way of (slowly) - 3.5% of 2,000.'

    def skeleton(s: str) -> list[str]:
        return [t.text for t in tokenize(s) if t.kind not in (TokenKind.WORD, TokenKind.SPACE)]

    assert skeleton(spun) == skeleton(text)
    assert sp.match_case("Said", "state") == "State" and sp.match_case("NATO", "x") == "X"
    assert sp.inflect("take in", "v", "VBD") == "took in"


def test_a_spinner_with_wrong_forms_writes_synonyms_in_another_form_of_their_part_of_speech() -> None:
    sp = _spinners_module()
    lex = sp.Lexicon(
        forward={"wn": {("v", "say"): ["state"], ("n", "deal"): ["agreement"]}}, phrases={}, max_phrase=1
    )
    text = " ".join(["He said the deal was off."] * 40)
    right = sp.Spinner("r", ("wn",), rate=1.0, rng=sp.random.Random(2)).spin(text, lex)
    assert set(right.split()) == {"He", "stated", "the", "agreement", "was", "off."}
    botched = sp.Spinner("w", ("wn",), rate=1.0, wrong_forms=1.0, rng=sp.random.Random(2)).spin(text, lex)
    words = botched.split()
    verbs, nouns = set(words[1::6]), set(words[3::6])
    assert verbs <= {"state", "states", "stating"} and len(verbs) > 1  # never the right form, "stated"
    assert nouns == {"agreements"}


def test_spinners_open_cases_with_a_headline_in_the_asked_style() -> None:
    sp = _spinners_module()
    spun, original = (
        "Officers stated the warfare has ended. More later.",
        "Officials said the war has ended. More later.",
    )
    assert sp.with_headline(spun, original, "none") == (spun, original)
    title = sp.with_headline(spun, original, "title")
    assert title == (
        "Officers Stated the Warfare Has Ended\n\n" + spun,
        "Officials Said the War Has Ended\n\n" + original,
    )
    caps = sp.with_headline(spun, original, "caps")
    assert caps[0].startswith("OFFICERS STATED THE WARFARE HAS ENDED\n\n") and caps[1].endswith(original)
    assert sp.with_headline("No full stop here", "No full stop here", "title") == ("No full stop here",) * 2


def test_first_policy_spinner_is_consistent_across_documents() -> None:
    """The "first" policy always puts the same synonym for a word, as fixed-dictionary spinners do; the
    others sample, so a site's swaps repeat less."""
    sp = _spinners_module()
    lex = sp.Lexicon(
        forward={"wn": {("v", "say"): ["state", "tell", "declare", "mention"]}}, phrases={}, max_phrase=1
    )
    fixed = sp.Spinner("f", ("wn",), rate=1.0, policy="first", rng=sp.random.Random(3))
    sampled = sp.Spinner("u", ("wn",), rate=1.0, policy="uniform", rng=sp.random.Random(3))
    text = " ".join(["He said so."] * 30)
    assert set(fixed.spin(text, lex).split()) == {"He", "stated", "so."}
    assert len(set(sampled.spin(text, lex).split()) - {"He", "so."}) > 1


def test_the_round_trip_spinner_rewrites_from_its_own_map_and_leaves_names_alone() -> None:
    """The "roundtrip" spinner writes what its map (``bench/data/roundtrip_map.tsv``) says, longest run first;
    a capitalised key matches only as written ("White House"), and a lower-case one never a name inside a
    sentence ("Court" of "Supreme Court" stays). Only word bytes change."""
    sp = _spinners_module()
    lex = sp.Lexicon(
        forward={},
        phrases={},
        max_phrase=1,
        roundtrip={
            "national security": ["nationwide safety"],
            "security": ["safety"],
            "White House": ["White Home"],
            "court": ["court docket"],
            "said": ["stated"],
        },
    )
    text = "Court officials said national security mattered, the White House said; the Supreme Court agreed."
    spinner = sp.Spinner("rt", (), rate=0.0, roundtrip_rate=1.0, rng=sp.random.Random(4))
    assert spinner.spin(text, lex) == (
        "Court docket officials stated nationwide safety mattered, the White Home stated; the Supreme Court agreed."
    )
    shipped = sp.read_roundtrip_map(sp.ROUNDTRIP_MAP)
    assert shipped["said"] and shipped["White House"] == ["White Home"]


def test_a_spinner_with_a_phrase_share_knows_a_fixed_part_of_the_table() -> None:
    """A spinner given half the phrase table rewrites with about half of its entries, always the same half,
    and a different half from another spinner's: real spinners' tables overlap ours only in part."""
    sp = _spinners_module()
    originals = [a + b + c for a in "bcdfg" for b in "aeiou" for c in "klmnprstvz"][:200]
    originals += [w + "y" for w in originals]
    lex = sp.Lexicon(forward={}, phrases={o: [f"spun {o}"] for o in originals}, max_phrase=1)
    text = " ".join(originals)

    def rewritten(name: str, share: float) -> set[str]:
        spinner = sp.Spinner(name, (), rate=0.0, phrase_rate=1.0, phrase_share=share, rng=sp.random.Random(0))
        words = spinner.spin(text, lex).split()
        return {b for a, b in pairwise(words) if a == "spun"}

    whole = rewritten("a", 1.0)
    half_a, half_b = rewritten("a", 0.5), rewritten("b", 0.5)
    assert whole == set(originals)
    assert 150 < len(half_a) < 250 and 150 < len(half_b) < 250
    assert rewritten("a", 0.5) == half_a  # a spinner's share is fixed, whatever its random draws
    assert half_a != half_b


# --- bench losses: where recall is lost ---


def _losses_module() -> ModuleType:
    return script_module("bench", "losses")


def test_losses_split_gold_blocks_word_by_word_with_offsets() -> None:
    losses = _losses_module()
    spun = "The officers stated that, by way of rain, it was wet."
    original = "The officials said that, through rain, it was wet."
    swaps = losses.gold_swaps(spun, original)
    assert [(spun[a:b], o) for a, b, o in swaps] == [
        ("officers", "officials"),
        ("stated", "said"),
        ("by way of", "through"),
    ]
    assert losses.gold_swaps(original, original) == []


def test_losses_put_each_swap_in_the_first_stage_that_failed() -> None:
    losses = _losses_module()
    spun = "Officers stated that the flea bazaar opened. She walked zxqv home."
    original = "Officers said that the flea market opened. She walked quickly home."
    found = {(s, g): b for b, s, g in losses.classify(spun, original, 0.6)}
    assert found[("zxqv", "quickly")] == "not proposed"  # no source offers a made-up word's original
    assert found[("stated", "said")] in ("restored", "below threshold", "proposed, kept")
    assert set(found.values()) <= set(losses.BUCKETS)


def test_losses_count_a_swap_restored_inside_a_wider_edit() -> None:
    """Restoring a noun takes the changed article into its edit ("an enormous" → "a big"): both gold swaps,
    "an → a" and "enormous → big", are restored by that one edit, and a different word is not."""
    from app.engine.types import Edit

    losses = _losses_module()
    spun = "It was an enormous win."
    edit = Edit(7, 18, "an enormous", "a big", 0.9, "thesaurus", ())
    assert losses._covering([edit], spun, 7, 9, "a") is edit
    assert losses._covering([edit], spun, 10, 18, "big") is edit
    assert losses._covering([edit], spun, 10, 18, "large") is None
    assert losses._covering([edit], spun, 19, 22, "victory") is None
    usa = "The United States of America won."
    phrase = Edit(4, 28, "United States of America", "United States", 0.9, "phrase", ())
    assert losses._covering([phrase], usa, 11, 28, "States") is phrase
    assert losses._covering([phrase], usa, 11, 28, "Kingdom") is None


def test_may_hold_rules_out_runs_of_words_no_thesaurus_key_can_match() -> None:
    from app.engine.candidates import analyses
    from app.engine.lexicon import ReverseThesaurus

    th = ReverseThesaurus(
        {"v\tgive up": "quit\t-1.0\t1", "n\tvice chairman": "vice president\t-1.0\t1"}, {}, {}
    )
    assert th.may_hold("said") and th.may_hold("x")  # one word: always asked
    assert th.may_hold("gave up") and th.may_hold("gives up")  # the head word is lemmatised later
    assert th.may_hold("vice chairmen") and th.may_hold("Vice Chairman")
    assert not th.may_hold("said that the") and not th.may_hold("up gave")
    # with the words' readings, the end word must lemmatise to the key's own word, in the key's part of speech
    assert th.may_hold("gave up", analyses) and th.may_hold("giving up", analyses)
    assert th.may_hold("vice chairmen", analyses) and th.may_hold("give up", analyses)
    assert th.may_hold("took up") and not th.may_hold("took up", analyses)
    assert th.may_hold("vice presidents") and not th.may_hold("vice presidents", analyses)
    assert not th.may_hold("chairman vice", analyses)


def test_may_hold_with_readings_never_rules_out_a_run_the_thesaurus_matches() -> None:
    """The fast test must be exact where it says no: every run of two to five words of a real text that it
    rules out has no thesaurus restoration at all (and some runs it lets through do have one)."""
    from app.engine.candidates import analyses, thesaurus_restorations
    from app.resources import get_resources

    th = get_resources().thesaurus
    words = (ROOT / "bench" / "data" / "sample_clean.txt").read_text(encoding="utf-8").lower().split()
    words = [w.strip(".,;:!?\"'()") for w in words]
    runs = {" ".join(words[i : i + n]) for n in range(2, 6) for i in range(len(words) - n + 1)}
    runs = {r for r in runs if all(r.split(" "))}
    ruled_out = [r for r in runs if not th.may_hold(r, analyses)]
    passed = [r for r in runs if th.may_hold(r, analyses)]
    assert len(ruled_out) > 10 * len(passed) > 0
    assert [r for r in ruled_out if thesaurus_restorations(r, th)] == []
    assert any(thesaurus_restorations(r, th) for r in passed)


def test_may_extend_says_which_spans_a_wider_key_can_begin() -> None:
    from app.engine.lexicon import ReverseThesaurus

    th = ReverseThesaurus(
        {
            "v\tcome down on": "criticise\t-1.0\t1",
            "n\tvice chairman": "vice president\t-1.0\t1",
            "n\tnational safety council": "national security council\t-1.0\t1",
        },
        {},
        {},
    )
    assert th.may_extend("said")  # one word: a verb key may begin with any inflection of its head
    assert th.may_extend("vice") and th.may_extend("national safety")
    assert th.may_extend("came down") and th.may_extend("comes down")  # any first word before "down on"
    assert not th.may_extend("came down on")  # the whole key: nothing wider holds it
    assert not th.may_extend("vice chairman") and not th.may_extend("said that")
    no_verbs = ReverseThesaurus({"n\tvice chairman": "vice president\t-1.0\t1"}, {}, {})
    assert no_verbs.may_extend("vice") and not no_verbs.may_extend("said")


def test_may_extend_never_stops_a_span_that_a_real_key_continues() -> None:
    """Every proper prefix of every multi-word key of the shipped thesaurus, with its first word swapped for
    another when the key is a verb's, must let the candidate stage widen the span."""
    from app.resources import get_resources

    th = get_resources().thesaurus
    checked = 0
    for pos, spun, _r in th.pairs():
        words = spun.split(" ")
        for i in range(1, len(words)):
            assert th.may_extend(" ".join(words[:i])), spun
            if pos == "v":
                assert th.may_extend(" ".join(["xyzzy", *words[1:i]])), spun
            checked += 1
    assert checked > 1000


def test_phrase_dictionary_continues_at_word_breaks_and_forgets_on_change() -> None:
    d = PhraseDictionary.from_pairs([("by way of", "through"), ("5 p.c. of", "5 percent of")])
    assert d.continues("by") and d.continues("by way") and not d.continues("by way of")
    assert d.continues("5 p") and d.continues("5 p.c") and not d.continues("b")
    assert not d.continues("nationwide") and d.lookup_key("nationwide safety") == ()
    d._add("nationwide safety", "national security", -1.0, "phrases")
    assert d.continues("nationwide") and d.max_words == 3
    assert [r.original for r in d.lookup_key("nationwide safety")] == ["national security"]
    assert d.lookup("Nationwide  Safety") == d.lookup_key("nationwide safety")


def test_precomputed_rankings_are_in_use_and_equal_fresh_ones() -> None:
    """The committed table must match the committed thesaurus and language model exactly (rebuild it with
    scripts/build_ranked.py after changing either): it may only save time, never change a candidate."""
    import random

    from app.engine.candidates import compute_ranking, ranked_thesaurus, unpack_ranking
    from app.engine.lexicon import pack_shares, unpack_shares
    from app.resources import get_resources

    res = get_resources()
    t, unigram = res.thesaurus, res.lm.unigram_logprob
    assert t.ranked is not None and t.ranked[0] == unigram
    rows = t.ranked[1]
    keys = [
        *random.Random(5).sample(sorted(rows), 300),
        "stated",
        "warfare",
        "officers",
        "gave up",
        "came down",
    ]
    assert {"gave up", "came down", "has been"} <= rows.keys()  # multi-word spans of common words too
    for k in keys:
        assert unpack_ranking(rows[k]) == compute_ranking(k, t, unigram), k
    best = compute_ranking("stated", t, unigram)[0]
    assert best[0] == "said" and best in ranked_thesaurus("stated", t, unigram)
    # the ranking looks past the thesaurus's own first 32 (LOOKUP_DEPTH): "official" is 34th of "officer"'s
    # originals in that order and "mention" 39th of "tell"'s, yet both rank among the best 16 once inflected
    assert "officials" in [o for o, _lp, _s in compute_ranking("officers", t, unigram)]
    assert "mentioned" in [o for o, _lp, _s in compute_ranking("told", t, unigram)]
    shares = unpack_shares(best[2])
    assert {t for t, _v in shares} <= {"wn", "moby", "mythes"}  # the thesauri that hold the pair ...
    assert sum(v for _t, v in shares) == pytest.approx(1.0, abs=0.002)  # ... and their shares of its prior
    assert pack_shares(shares) == best[2]


def test_stale_or_broken_ranking_tables_are_ignored(tmp_path: Path) -> None:
    from app.engine.candidates import RANKED_FILE, load_ranked, ranking_stamp
    from app.resources import get_resources

    res = get_resources()
    fresh = ReverseThesaurus.load(res.dir)
    unigram = res.lm.unigram_logprob
    stamp = ranking_stamp(fresh, unigram)
    path = tmp_path / RANKED_FILE
    stale = {**stamp, "max_per_span": -1}
    path.write_bytes(zlib.compress(marshal.dumps({"stamp": stale, "rows": {"stated": "wrong\t0.0"}})))
    assert not load_ranked(tmp_path, fresh, unigram) and fresh.ranked is None
    path.write_bytes(b"not a table")
    assert not load_ranked(tmp_path, fresh, unigram) and fresh.ranked is None
    assert not load_ranked(tmp_path / "absent", fresh, unigram)
    path.write_bytes(zlib.compress(marshal.dumps({"stamp": stamp, "rows": {"stated": "said\t-1.0"}})))
    assert load_ranked(tmp_path, fresh, unigram) and fresh.ranked is not None
    assert fresh.ranked[1]["stated"] == "said\t-1.0"
