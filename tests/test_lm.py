"""The n-gram language model: its tokenisation contract, the build code on a tiny corpus, the real artefact.

Speed is measured by ``bench/lm.py``, not here.
"""

from __future__ import annotations

import json
import math
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.candidates import word_slots
from app.engine.lm_ngram import (
    BATCH_MIN,
    BOS,
    EOS,
    REGISTER_CLIP,
    UNK,
    MixtureLM,
    NgramLM,
    lm_sentences,
    load_ngram_lm,
    normalize_word,
    split_sentences,
)
from app.engine.tokens import sentence_starts, tokenize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import build_lm  # noqa: E402
import lm_kn  # noqa: E402
import lm_mix  # noqa: E402

REAL_MODEL = ROOT / "dictionaries" / "lm"

# A small news-like corpus written for these tests.
TINY_TEXT = """\
Officials said the council would meet on Monday to discuss the new budget plan for the city.
The mayor said the plan would cut spending on roads and raise money for schools.
Officials said the vote was expected later this week after a long debate in the chamber.
Police said two men were arrested near the station on Friday night after a fight.
The police chief said officers had recovered a stolen car and a large amount of cash.
Officials said the budget would be published next month, the mayor said on Tuesday.
The council said it can't afford to repair every road this year, officials said.
Heavy rain caused flooding in three towns, and officials said more rain was expected.
The company said in a statement that profits had risen by 12 per cent in the first half.
Mr. Smith said the U.S. company would open a new factory in the town next year.
"""


def build_tiny(tmp: Path, cutoffs: str = "1,1", order: int = 3, extra: tuple[str, ...] = ()) -> Path:
    corpus = tmp / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    (corpus / "news.txt").write_text(TINY_TEXT * 3, encoding="utf-8")
    out = tmp / "dicts" / "lm"
    args = build_lm.parse_args(
        [
            "--source",
            f"tiny={corpus}",
            "--out",
            str(out),
            "--order",
            str(order),
            "--cutoffs",
            cutoffs,
            "--vocab-size",
            "1000",
            "--min-count",
            "1",
            "--jobs",
            "1",
            "--heldout-every",
            "0",
            *extra,
        ]
    )
    build_lm.build(args)
    return out


def total_mass(lm: NgramLM | MixtureLM, context: tuple[str, ...]) -> float:
    """Sum of P(w | context) over the vocabulary; <unk> counted as the whole class it stands for."""
    s = sum(math.exp(lm.logprob(w, context)) for w in lm.ids if w not in (BOS, UNK))
    if isinstance(lm, MixtureLM):
        for lw, c in zip(lm.log_weights, lm.components, strict=True):
            s += math.exp(lw + c.logprob(UNK, context) + c.unk_penalty)
        return s
    return s + math.exp(lm.logprob(UNK, context) + lm.unk_penalty)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> NgramLM:
    out = build_tiny(tmp_path_factory.mktemp("tiny"))
    lm = load_ngram_lm(out.parent)
    assert isinstance(lm, NgramLM)
    return lm


@pytest.fixture(scope="module")
def tiny_pruned(tmp_path_factory: pytest.TempPathFactory) -> NgramLM:
    return NgramLM(build_tiny(tmp_path_factory.mktemp("pruned"), cutoffs="4,4"))


# -- tokenisation contract ---------------------------------------------------------------------------------


def test_normalize_word_lowercases_and_maps_numbers() -> None:
    assert normalize_word("Can’t") == "can't"
    assert normalize_word("Officials") == "officials"
    assert normalize_word("1,200") == "<num>"
    assert normalize_word("2nd") == "<num>"


def test_split_sentences_keeps_abbreviations_inside() -> None:
    text = "Mr. Smith went to the U.S. Army base. He said it was closed! Then he left."
    assert split_sentences(text) == [
        "Mr. Smith went to the U.S. Army base.",
        "He said it was closed!",
        "Then he left.",
    ]


def test_lm_sentences_tokenises_like_the_engine() -> None:
    # words, numbers and the punctuation that says something about its neighbours; full stops are </s>
    got = list(lm_sentences('"We can’t stop," the well-known mayor said on 3 June. Next: (maybe)?'))
    assert got == [
        [
            '"',
            "we",
            "can't",
            "stop",
            ",",
            '"',
            "the",
            "well",
            "-",
            "known",
            "mayor",
            "said",
            "on",
            "<num>",
            "june",
        ],
        ["next", ":", "(", "maybe", ")", "?"],
    ]


def test_word_slots_carry_the_punctuation_the_model_was_counted_with() -> None:
    """Each word slot holds the model's tokens before it; between sentences, what precedes the first space
    closes the first sentence and the rest opens the next, as ``split_sentences`` cuts them."""
    text = '"It is great," he said. "We win (maybe)?" Asked 5 times: no.'
    tokens = tokenize(text)
    slots = word_slots(tokens, sentence_starts(tokens), set(), context=True)
    got = [(s.lower, s.before, s.after) for s in slots]
    assert got[:5] == [
        ("it", ('"',), ()),
        ("is", (), ()),
        ("great", (), ()),
        ("he", (",", '"'), ()),
        ("said", (), ()),
    ]
    assert got[5] == ("we", ('"',), ())
    assert got[7] == ("maybe", ("(",), (")", "?", '"'))
    assert got[9:] == [("times", ("<num>",), ()), ("no", (":",), ())]
    # the model's own tokens of the same text, sentence by sentence, are what the slots spell out
    model_view = [t for sentence in lm_sentences(text) for t in sentence]
    slot_view = [t for s in slots for t in (*s.before, s.lower, *s.after)]
    assert slot_view == model_view
    # without context (a model that never saw punctuation) the slots carry none
    assert all(not s.before and not s.after for s in word_slots(tokens, sentence_starts(tokens), set()))


def test_a_number_that_a_phrase_needs_is_a_slot_the_model_sees_as_before() -> None:
    """A phrase dictionary with "final 12 months" makes the number 12 a word slot (protected, joined to its
    neighbours) so that the phrase can match; the model's view of the text stays exactly what it was."""
    text = "Sales fell final 12 months, and 12 more shops closed in 2023."
    tokens = tokenize(text)
    plain = word_slots(tokens, sentence_starts(tokens), set(), context=True)
    with_numbers = word_slots(tokens, sentence_starts(tokens), set(), context=True, numbers=frozenset({"12"}))
    assert [s.text for s in with_numbers] == ["Sales", "fell", "final", "12", "months", "and", "12", "more",
                                              "shops", "closed", "in"]  # fmt: skip
    twelve = with_numbers[3]
    assert twelve.lower == "<num>" and twelve.protected and twelve.joined_to_next
    assert with_numbers[2].joined_to_next  # "final" reaches the number

    def view(slots: list) -> list[str]:
        return [t for s in slots for t in (*s.before, s.lower, *s.after)]

    # (what follows the text's last word, "2023" here, is the last sentence's: until session 11 it was lost)
    assert view(with_numbers) == view(plain) == [t for sentence in lm_sentences(text) for t in sentence]
    assert plain[-1].after == ("<num>",)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=2, max_value=300_000),
    st.lists(st.integers(min_value=0, max_value=299_999), min_size=1, max_size=5),
)
def test_fold_is_exact_up_to_trigrams_and_wraps_above(vocab_size: int, ids: list[int]) -> None:
    ids = [i % vocab_size for i in ids]
    cols = [np.array([i], dtype=np.int32) for i in ids]
    want = 0
    for i in ids:
        want = want * vocab_size + i
    assert int(lm_kn.fold(cols, vocab_size)[0]) == want % 2**64


def test_quantize_keeps_errors_small() -> None:
    rng = np.random.default_rng(1)
    values = -rng.gamma(2.0, 2.0, 50_000)
    codes, book = lm_kn.quantize(values)
    assert codes.dtype == np.uint8 and book.size <= 256
    err = np.abs(book[codes] - values)
    assert err.mean() < 0.03 and err.max() < 0.3
    few = np.array([-1.0, -2.0, -1.0, -3.5])
    codes, book = lm_kn.quantize(few)
    assert np.array_equal(book[codes], few.astype(np.float32))


def test_discounts_fall_back_on_tiny_counts() -> None:
    assert lm_kn.modified_discounts(np.array([5, 7])) == (0.5, 1.0, 1.5)
    d1, d2, d3 = lm_kn.modified_discounts(np.array([1] * 50 + [2] * 20 + [3] * 10 + [4] * 5))
    assert 0 < d1 < d2 < d3 < 3 and d1 < 1 and d2 < 2
    assert (d1, d2, d3) == pytest.approx((5 / 9, 7 / 6, 17 / 9))


# -- the build code on a tiny corpus -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "context", [(BOS,), ("officials",), ("officials", "said"), ("the", "council"), ("x", "y")]
)
def test_tiny_model_distributions_sum_to_one(tiny: NgramLM, context: tuple[str, ...]) -> None:
    assert total_mass(tiny, context) == pytest.approx(1.0, abs=0.02)


@pytest.mark.parametrize("context", [(BOS,), ("officials",), ("officials", "said"), ("the", "police")])
def test_pruned_model_backoffs_are_renormalised(tiny_pruned: NgramLM, context: tuple[str, ...]) -> None:
    assert tiny_pruned.meta["ngrams_kept"]["3"] < tiny_pruned.meta["ngrams_distinct"]["3"]
    assert total_mass(tiny_pruned, context) == pytest.approx(1.0, abs=0.02)


def test_fast_trigram_path_matches_the_generic_backoff(tiny: NgramLM) -> None:
    words = ["officials", "said", "the", "council", "police", "stated", "zyzzyva", BOS, EOS, "12"]
    for w in words[:-3]:
        for c1 in words:
            for c2 in words:
                for ctx in ((c1, c2), (c2,), ()):
                    tiny._cache.clear()
                    fast = tiny.logprob(w, ctx)
                    tiny._cache.clear()
                    assert fast == pytest.approx(tiny._logprob_generic(w, ctx), abs=1e-12), (w, ctx)


def _all_queries(words: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Every word after every context of up to two of ``words`` (unknown words, <s>, numbers included)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    for w in words:
        for c1 in words:
            for c2 in words:
                out += [(w, (c1, c2)), (w, (c2,)), (w, ())]
    return out


def test_batch_queries_equal_single_ones_to_the_bit(tiny: NgramLM, mixture: MixtureLM) -> None:
    """``logprob_many`` walks the trie for all queries at once: it must give what ``logprob`` gives, exactly
    (the decoder compares gains, and a result must not depend on which path scored it)."""
    words = ["officials", "said", "the", "council", "police", "stated", "zyzzyva", BOS, EOS, "12", ","]
    queries = _all_queries(words)
    assert tiny.order == 3 and all(c.order == 3 for c in mixture.components)  # the batched path, not a loop
    assert len(queries) >= BATCH_MIN  # asked as one batch, not one at a time
    for lm in (tiny, mixture):
        lm._cache.clear()
        many = lm.logprob_many(queries)
        lm._cache.clear()
        single = [lm.logprob(w, c) for w, c in queries]
        assert many == single
        assert lm.logprob_many([]) == []
    # the answers go into the cache the decoder reads next, from a batch or one at a time
    for lm in (tiny, mixture):
        lm._cache.clear()
        lm.logprob_many(queries)
        assert len(lm._cache) == len({(w, c[-2:]) for w, c in queries})
        lm._cache.clear()
        lm.logprob_many([("said", ("the", "officials", ","))])
        assert list(lm._cache) == [("said", ("officials", ","))]


@pytest.mark.parametrize(("order", "cutoffs"), [(2, "1"), (4, "1,1,1"), (4, "1,2,4")])
def test_other_orders_build_and_normalise(tmp_path: Path, order: int, cutoffs: str) -> None:
    lm = NgramLM(build_tiny(tmp_path, cutoffs=cutoffs, order=order))
    assert lm.order == order
    for ctx in [(BOS,), ("officials",), ("officials", "said"), ("said", "the", "council")]:
        assert total_mass(lm, ctx) == pytest.approx(1.0, abs=0.02)
    assert lm.logprob("said", ("the", "police")) > lm.logprob("stated", ("the", "police"))


def test_tiny_model_prefers_what_it_has_seen(tiny: NgramLM) -> None:
    assert tiny.logprob("said", ("officials",)) > tiny.logprob("stated", ("officials",))
    assert tiny.logprob("council", ("<s>", "the")) > tiny.logprob("plan", ("<s>", "the"))
    assert tiny.logprob("said", ("police",)) > tiny.logprob("police", ("police",))


def test_unknown_words_get_a_finite_floor(tiny: NgramLM) -> None:
    oov = tiny.logprob("zyzzyva", ("officials",))
    assert math.isfinite(oov)
    assert oov < tiny.logprob("budget", ("officials",))
    assert math.isfinite(tiny.unigram_logprob("zyzzyva"))
    assert tiny.unigram_logprob("said") > tiny.unigram_logprob("zyzzyva")
    # unknown words in the context are fine too
    assert math.isfinite(tiny.logprob("said", ("qwerty", "asdfgh")))


def test_context_is_cut_at_order_and_at_sentence_start(tiny: NgramLM) -> None:
    assert tiny.logprob("said", ("a", "b", "the", "police")) == tiny.logprob("said", ("the", "police"))
    assert tiny.logprob("officials", ("money", "<s>")) == tiny.logprob("officials", ("<s>",))
    assert tiny.logprob("officials", ("money", "<s>")) > tiny.logprob("officials", ("money",))


def test_sentence_logprob_adds_up(tiny: NgramLM) -> None:
    words = ["officials", "said"]
    want = tiny.logprob("officials", (BOS,)) + tiny.logprob("said", (BOS, "officials"))
    want += tiny.logprob(EOS, ("officials", "said"))
    assert tiny.sentence_logprob(words) == pytest.approx(want)


def test_tiny_model_artefact_is_described(tiny: NgramLM) -> None:
    meta = tiny.meta
    assert meta["order"] == 3 and meta["sources"]["tiny"]["tokens"] > 100
    assert meta["ngrams_kept"]["2"] > 0 and meta["name"].startswith("kn3")


def test_heldout_documents_stay_out_of_training(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    corpus.mkdir()
    markers = [f"marker{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(40)]
    docs = [
        {"title": f"Story {i}", "text": f"Reporters wrote about {m} and the long council debate today."}
        for i, m in enumerate(markers)
    ]
    (corpus / "wiki_00.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    held = tmp_path / "heldout.txt"
    out = tmp_path / "lm"
    args = build_lm.parse_args(
        [
            "--source",
            f"news={corpus}",
            "--out",
            str(out),
            "--cutoffs",
            "1,1",
            "--min-count",
            "1",
            "--jobs",
            "1",
            "--heldout-from",
            "news",
            "--heldout-every",
            "4",
            "--heldout-out",
            str(held),
        ]
    )
    build_lm.build(args)
    lines = held.read_text(encoding="utf-8").split("\n")
    held_markers = {w for line in lines for w in line.replace(".", " ").split() if w.startswith("marker")}
    vocab = set((out / "vocab.txt").read_text(encoding="utf-8").split("\n"))
    assert 2 <= len(held_markers) <= 25
    assert not held_markers & vocab
    assert len(set(markers) & vocab) == 40 - len(held_markers)


def test_repeat_weights_one_source_over_another(tmp_path: Path) -> None:
    for name, word in (("news", "ceasefire"), ("wiki", "taxonomy")):
        (tmp_path / name).mkdir()
        (tmp_path / name / "a.txt").write_text(f"The report said the {word} was discussed at length today.\n")
    common = ["--source", f"news={tmp_path / 'news'}", "--source", f"wiki={tmp_path / 'wiki'}"]
    common += ["--cutoffs", "1,1", "--min-count", "1", "--jobs", "1", "--heldout-every", "0"]
    build_lm.build(build_lm.parse_args([*common, "--out", str(tmp_path / "even")]))
    build_lm.build(build_lm.parse_args([*common, "--repeat", "news=3", "--out", str(tmp_path / "news3")]))
    even, news3 = NgramLM(tmp_path / "even"), NgramLM(tmp_path / "news3")
    assert even.logprob("ceasefire", ("said", "the")) == pytest.approx(
        even.logprob("taxonomy", ("said", "the"))
    )
    assert news3.logprob("ceasefire", ("said", "the")) > news3.logprob("taxonomy", ("said", "the")) + 0.5
    assert news3.meta["repeat"] == {"news": 3}
    assert total_mass(news3, ("said", "the")) == pytest.approx(1.0, abs=0.02)


OTHER_TEXT = """\
The council approved a budget for the city after a long debate about roads and schools.
Officials stated that the police would patrol the station every night this week.
"""


@pytest.fixture(scope="module")
def mixture(mixture_dir: Path) -> MixtureLM:
    lm = load_ngram_lm(mixture_dir)
    assert isinstance(lm, MixtureLM)
    return lm


@pytest.fixture(scope="module")
def mixture_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dictionaries folder whose ``lm/`` is a two-way mixture (news. and other.) of tiny models."""
    tmp = tmp_path_factory.mktemp("mix")
    news = build_tiny(tmp / "a")
    (tmp / "b").mkdir()
    (tmp / "b" / "other.txt").write_text(OTHER_TEXT * 2, encoding="utf-8")
    mix = tmp / "dicts" / "lm"  # the committed layout: both components as prefixed files in one folder
    for prefix, source in (("news.", tmp / "a" / "corpus"), ("other.", tmp / "b")):
        args = [
            "--source",
            f"s={source}",
            "--out",
            str(mix),
            "--prefix",
            prefix,
            "--vocab",
            str(news / "vocab.txt"),
        ]
        args += ["--cutoffs", "1,1", "--jobs", "1", "--heldout-every", "0"]
        build_lm.build(build_lm.parse_args(args))
    assert not [p for p in mix.iterdir() if p.is_dir()]
    held = tmp / "held.txt"
    held.write_text("Officials stated the council approved the budget on Monday.\nThe mayor said so.\n")
    lm_mix.main(
        [
            "--dir",
            str(mix),
            "--component",
            "news",
            "--component",
            "other",
            "--heldout",
            str(held),
            "--skip-words",
            "0",
        ]
    )
    return tmp / "dicts"


def test_mixture_weights_are_tuned_and_the_mixture_normalised(mixture: MixtureLM) -> None:
    weights = [c["weight"] for c in mixture.meta["components"]]
    assert all(0 < w < 1 for w in weights) and sum(weights) == pytest.approx(1.0)
    # the held-out sentence uses "stated", which only the second component has seen after "officials"
    assert weights[1] > 0.2
    assert mixture.meta["heldout_perplexity"]["mixture"] <= min(
        mixture.meta["heldout_perplexity"]["news"], mixture.meta["heldout_perplexity"]["other"]
    )
    for ctx in [(BOS,), ("officials",), ("the", "council")]:
        assert total_mass(mixture, ctx) == pytest.approx(1.0, abs=0.02)


def test_mixture_lies_between_its_components(mixture: MixtureLM) -> None:
    a, b = mixture.components
    for w, ctx in [("stated", ("officials",)), ("said", ("officials",)), ("budget", ("the",))]:
        lo, hi = sorted((a.logprob(w, ctx), b.logprob(w, ctx)))
        assert lo <= mixture.logprob(w, ctx) <= hi
    assert mixture.sentence_logprob(["officials", "said"]) > mixture.sentence_logprob(
        ["officials", "zyzzyva"]
    )
    assert math.isfinite(mixture.unigram_logprob("zyzzyva"))


def test_register_is_the_news_components_lean_clipped(mixture: MixtureLM, tiny: NgramLM) -> None:
    """``register`` compares the news component's unigram with the other's: the scorer leans restorations
    towards news English with it. One model alone, or a mixture with no news component, has none."""
    news, other = mixture.components
    for w in ("said", "stated", "officials", "budget", "zyzzyva"):
        diff = news.unigram_logprob(w) - other.unigram_logprob(w)
        assert mixture.register(w) == pytest.approx(max(-REGISTER_CLIP, min(REGISTER_CLIP, diff)))
    assert any(mixture.register(w) != 0.0 for w in ("said", "stated", "budget"))
    assert tiny.register("said") == 0.0


def test_register_of_a_three_way_mixture_reads_news_against_the_encyclopedia(
    mixture: MixtureLM, mixture_dir: Path, tmp_path: Path
) -> None:
    """With a third component (session 18: magazine journalism), ``register`` still compares the news
    component with the one named ``wiki``, whatever the order, and the third one only joins the mixture."""
    src = mixture_dir / "lm"
    d = tmp_path / "lm"
    d.mkdir()
    for f in src.iterdir():
        for old, new in (("news.", ("news.", "mag.")), ("other.", ("wiki.",))):
            if f.name.startswith(old):
                for prefix in new:
                    shutil.copy(f, d / (prefix + f.name[len(old) :]))
    spec = {
        "format": "unspin-ngram-mixture-1",
        "components": [
            {"prefix": "mag.", "weight": 0.2},
            {"prefix": "wiki.", "weight": 0.3},
            {"prefix": "news.", "weight": 0.5},
        ],
    }
    (d / "mixture.json").write_text(json.dumps(spec), encoding="utf-8")
    three = load_ngram_lm(tmp_path)
    assert isinstance(three, MixtureLM) and len(three.components) == 3
    for w in ("said", "stated", "officials", "budget"):
        assert three.register(w) == pytest.approx(mixture.register(w))
    assert any(three.register(w) != 0.0 for w in ("said", "stated", "budget"))


def test_mixture_refuses_components_with_different_vocabularies(mixture: MixtureLM, tmp_path: Path) -> None:
    d = tmp_path / "lm"
    build_tiny(tmp_path / "x")
    shutil.copytree(tmp_path / "x" / "dicts" / "lm", d / "a")
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / "t.txt").write_text(OTHER_TEXT, encoding="utf-8")
    args = ["--source", f"y={tmp_path / 'y'}", "--out", str(d / "b"), "--cutoffs", "1,1", "--min-count", "1"]
    build_lm.build(build_lm.parse_args([*args, "--jobs", "1", "--heldout-every", "0"]))
    spec = {
        "format": "unspin-ngram-mixture-1",
        "components": [{"dir": "a", "weight": 0.5}, {"dir": "b", "weight": 0.5}],
    }
    (d / "mixture.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match="vocabulary"):
        load_ngram_lm(tmp_path)


def test_cutoffs_must_not_decrease() -> None:
    with pytest.raises(SystemExit):
        build_lm.parse_args(["--source", "a=/x", "--out", "/y", "--cutoffs", "3,2"])


def test_load_returns_none_without_artefact_and_rejects_unknown_format(tmp_path: Path, tiny: NgramLM) -> None:
    assert load_ngram_lm(tmp_path) is None
    bad = tmp_path / "lm"
    bad.mkdir()
    (bad / "vocab.txt").write_text("<unk>\n<s>\n</s>\n", encoding="utf-8")
    (bad / "meta.json").write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    with pytest.raises(ValueError):
        load_ngram_lm(tmp_path)


# -- the committed model -----------------------------------------------------------------------------------

real = pytest.mark.skipif(
    not any((REAL_MODEL / f).is_file() for f in ("meta.json", "mixture.json")), reason="no committed model"
)


@pytest.fixture(scope="module")
def model() -> NgramLM | MixtureLM:
    lm = load_ngram_lm(REAL_MODEL.parent)
    assert lm is not None
    return lm


@real
def test_real_model_register_leans_to_plain_news_words(model: NgramLM | MixtureLM) -> None:
    for plain, formal in [("said", "stated"), ("war", "warfare"), ("last", "final"), ("fans", "buffs")]:
        assert model.register(plain) > model.register(formal)
    assert all(abs(model.register(w)) <= REGISTER_CLIP for w in ("said", "jurisprudence", "zyzzyva"))


@real
def test_real_model_is_a_trigram_or_better(model: NgramLM | MixtureLM) -> None:
    assert model.order >= 3
    assert model.vocab_size > 50_000
    parts = model.components if isinstance(model, MixtureLM) else [model]
    assert all(p.meta["ngrams_kept"][str(p.order)] > 100_000 for p in parts)


@real
def test_real_model_distribution_sums_to_one(model: NgramLM | MixtureLM) -> None:
    assert total_mass(model, ("officials",)) == pytest.approx(1.0, abs=0.05)


@real
@pytest.mark.parametrize(
    ("context", "common", "rare"),
    [
        (("officials",), "said", "stated"),
        (("<s>", "the"), "government", "authorities"),
        (("the", "united"), "states", "steaks"),
        (("national",), "security", "safety"),
        (("the", "bargaining"), "table", "desk"),
        (("climate",), "change", "alteration"),
    ],
)
def test_real_model_prefers_common_continuations(
    model: NgramLM, context: tuple[str, ...], common: str, rare: str
) -> None:
    assert model.logprob(common, context) > model.logprob(rare, context)


@real
def test_real_model_prefers_original_phrases(model: NgramLM | MixtureLM) -> None:
    def score(text: str) -> float:
        return model.sentence_logprob(next(lm_sentences(text)), eos=False)

    assert score("the prime minister said") > score("the top minister stated")
    assert score("they worked through the night") > score("they worked by way of the night")
    assert score("a vision for the future") > score("an imaginative and prescient for the future")


@real
def test_real_model_unknown_word_floor(model: NgramLM | MixtureLM) -> None:
    oov = model.logprob("qxzvbwoeirtyuu", ("the",))
    assert math.isfinite(oov) and -40 < oov < model.logprob("zebra", ("the",))


_PIECES = [
    "said",
    "He",
    "the",
    "Mr.",
    "U.S.",
    "5",
    "1,000",
    ",",
    ".",
    '"',
    "“",
    "”",
    "'",
    "(",
    ")",
    ":",
    "?",
    "!",
]
_PIECES += [
    "-",
    "—",
    " ",
    " ",
    "\n",
    "\n\n",
    "it’s",
    "New",
    "%",
    "$",
    "a",
    "I.",
    "&amp;",
    "<b>",
    "http://x.org",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=25))
def test_slots_give_the_model_the_tokens_it_was_counted_with(pieces: list[str]) -> None:
    """Whatever the text, the decoder's context tokens (words, numbers, punctuation around each word slot)
    are, in order, the tokens the builder counts for the same text: the model is asked about what it saw."""
    text = "".join(pieces) + " end"  # ends in a word: tokens after the last word belong to no slot
    tokens = tokenize(text)
    slots = word_slots(tokens, sentence_starts(tokens), set(), context=True)
    from_slots = [t for s in slots for t in (*s.before, normalize_word(s.text), *s.after)]
    assert from_slots == [t for sentence in lm_sentences(text) for t in sentence]


@real
def test_real_model_batch_queries_equal_single_ones(model: NgramLM | MixtureLM) -> None:
    """The same on the shipped model, whose groups are large (the words after "the"): the vectorised binary
    search must stop where ``bisect`` stops, at every level."""
    words = ["the", "officials", "said", "stated", "of", "in", "a", "war", "warfare", "qzxv", BOS, EOS, ","]
    queries = _all_queries(words)
    model._cache.clear()
    many = model.logprob_many(queries)
    model._cache.clear()
    assert many == [model.logprob(w, c) for w, c in queries]


def test_oanc_clean_cases_draw_whole_articles_until_the_word_budget() -> None:
    """``corpus_oanc.py --clean-cases`` (session 19's out-of-register clean set): articles in a seeded random
    order, short ones and short paragraphs left out, each case its own original, and no more articles than the
    word budget needs."""
    import corpus_oanc
    import lm_corpus

    long_para = " ".join(["word"] * 40)
    files = [
        (f"a{i}.txt", f"  Title\n\n   {long_para}\nwrapped on\n\n{long_para}\n\nBy Someone\n")
        for i in range(6)
    ]
    files.append(("short.txt", "Only a few words here, nothing more."))

    def clean_cases(
        files: list[tuple[str, str]], seed: int, words: int, min_words: int
    ) -> list[dict[str, str]]:
        docs = [(name, corpus_oanc.raw_paragraphs(text)) for name, text in files]
        return lm_corpus.clean_cases(docs, seed, words, min_words)

    cases = clean_cases(files, seed=3, words=150, min_words=50)
    assert len(cases) == 2  # 83 words each: the second one passes the budget of 150
    assert all(c["spun"] == c["original"] for c in cases)
    assert all("Title" not in c["spun"] and "By Someone" not in c["spun"] for c in cases)
    assert "\nwrapped on" in cases[0]["spun"]  # hard wrapping inside a paragraph is kept
    again = clean_cases(files, seed=3, words=150, min_words=50)
    assert [c["id"] for c in again] == [c["id"] for c in cases]
    everything = clean_cases(files, seed=3, words=10**6, min_words=50)
    assert len(everything) == 6 and "short.txt" not in {c["id"] for c in everything}
