"""The neural language model's numpy inference and the gains the engine takes from it."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from app.engine.candidates import word_slots
from app.engine.decode import group_by_sentence
from app.engine.lm import BOS, EOS
from app.engine.nlm import FORMAT, NeuralLM, load_neural_lm, neural_gains
from app.engine.score import Scored, with_neural
from app.engine.tokens import sentence_starts, tokenize
from app.engine.types import Candidate, Source, Span

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

VOCAB = ["<unk>", BOS, EOS, "the", "officials", "officers", "said", "stated", "on", "monday", ",", ".", "he"]


def write_model(
    directory: Path, dim: int = 8, seed: int = 0, extra: tuple[str, ...] = (), backward: bool = False
) -> Path:
    rng = np.random.default_rng(seed)
    vocab = [*VOCAB, *(w for w in dict.fromkeys(extra) if w not in VOCAB)]
    v = len(vocab)
    weights = {
        "emb": rng.normal(0, 0.5, (v, dim)),
        "bias": rng.normal(-2.5, 0.3, v),
        "w_ih": rng.normal(0, 0.4, (4 * dim, dim)),
        "w_hh": rng.normal(0, 0.4, (4 * dim, dim)),
        "b": rng.normal(0, 0.1, 4 * dim),
    }
    d = directory / ("nlm-backward" if backward else "nlm")
    d.mkdir(parents=True)
    np.savez(d / "weights.npz", **{k: w.astype(np.float16) for k, w in weights.items()})
    (d / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    (d / "meta.json").write_text(
        json.dumps(
            {
                "format": FORMAT,
                "name": "toy",
                "log_z": 0.0,
                "direction": "backward" if backward else "forward",
            }
        ),
        encoding="utf-8",
    )
    return directory


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> NeuralLM:
    m = load_neural_lm(write_model(tmp_path_factory.mktemp("nlm")))
    assert m is not None
    return m


@pytest.fixture(scope="module")
def backward(tmp_path_factory: pytest.TempPathFactory) -> NeuralLM:
    m = load_neural_lm(write_model(tmp_path_factory.mktemp("nlmb"), seed=1, backward=True), "nlm-backward")
    assert m is not None and m.backward
    return m


def reference_step(
    w: dict[str, np.ndarray], h: np.ndarray, c: np.ndarray, token: int
) -> tuple[np.ndarray, np.ndarray]:
    """The LSTM equations written out for one state from the file's weights, in PyTorch's gate order
    (i, f, g, o)."""
    d = h.shape[0]
    z = w["w_ih"] @ w["emb"][token] + w["w_hh"] @ h + w["b"]
    i, f, g, o = (z[k * d : (k + 1) * d] for k in range(4))
    sig = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    c2 = sig(f) * c + sig(i) * np.tanh(g)
    return sig(o) * np.tanh(c2), c2


def test_run_follows_the_lstm_equations(model: NeuralLM, tmp_path: Path) -> None:
    with np.load(write_model(tmp_path) / "nlm" / "weights.npz") as z:
        w = {k: z[k].astype(np.float64) for k in z.files}
    ids = [model.bos_id, *model.token_ids(["officials", "said", "on", "monday", "."]), model.ids[EOS]]
    run = model.run([ids, ids[:3]])  # a shorter row padded beside it must not change the first
    h = c = np.zeros(model.dim)
    total = 0.0
    for t, token in enumerate(ids):
        if t:
            expected = float(h @ w["emb"][token] + w["bias"][token])
            assert run.scores[t, 0] == pytest.approx(expected, abs=1e-4)
            total += expected
        h, c = reference_step(w, h, c, token)
        assert np.allclose(run.h[t, 0], h, atol=1e-5)
    assert model.sentence_logprob(["officials", "said", "on", "monday", "."]) == pytest.approx(
        total, abs=1e-3
    )
    # one step at a time gives the same states as the whole run
    h1, c1 = model.step(
        np.zeros((1, model.dim), np.float32), np.zeros((1, model.dim), np.float32), np.array(ids[:1])
    )
    assert np.allclose(h1[0], run.h[0, 0], atol=1e-6) and np.allclose(c1[0], run.c[0, 0], atol=1e-6)


def test_continuations_score_from_a_given_state(model: NeuralLM) -> None:
    ids = [model.bos_id, *model.token_ids(["officials", "said", "on", "monday"])]
    run = model.run([ids])
    # from the state after "<s> officials", the rest of the sentence scores what the full run gave it
    rest = model.continuations(run.h[1:2, 0], run.c[1:2, 0], [ids[2:]])
    assert rest[0] == pytest.approx(float(run.scores[2:, 0].sum()), abs=1e-4)


def _candidate(text: str, spun: str, original: str) -> tuple[list, Scored]:
    tokens = tokenize(text)
    slots = word_slots(tokens, sentence_starts(tokens), set(), context=True)
    at = next(i for i, s in enumerate(slots) if s.lower == spun)
    tok = tokens[slots[at].token]
    span = Span(slots[at].token, slots[at].token + 1, tok.start, tok.end, tok.text)
    return slots, Scored(Candidate(span, original, Source.THESAURUS, -1.0), at, at + 1, (original,), -3.0)


def test_neural_gain_is_the_rewritten_sentence_against_the_kept_one(model: NeuralLM) -> None:
    """The gain of "stated → said" is the model's score of "... said </s>" minus "... stated </s>" (a full stop
    is the sentence end, not a token), with the whole sentence before it as history."""
    text = "The officials stated."
    slots, cand = _candidate(text, "stated", "said")
    bounds = group_by_sentence(slots, {slots[0].token})
    (gain,) = neural_gains([cand], slots, model, bounds)
    assert gain is not None
    kept = model.sentence_logprob(["the", "officials", "stated"])
    new = model.sentence_logprob(["the", "officials", "said"])
    assert gain == pytest.approx(new - kept, abs=1e-3)


def test_tokens_outside_the_vocabulary_give_no_neural_gain(model: NeuralLM) -> None:
    slots, cand = _candidate("The officials stated zyzzyva.", "stated", "said")
    bounds = group_by_sentence(slots, {slots[0].token})
    assert neural_gains([cand], slots, model, bounds) == [None]  # "zyzzyva" follows the span


def test_with_neural_blends_the_two_gains() -> None:
    _slots, cand = _candidate("The officials stated.", "stated", "said")
    out = with_neural([cand, cand], [2.0, 2.0], [4.0, None], weight=0.5)
    assert out[0].channel == pytest.approx(cand.channel + 1.0) and out[0].neural == pytest.approx(2.0)
    assert out[1] is cand


def test_neural_gain_mid_sentence_scores_the_punctuation_and_the_next_word(model: NeuralLM) -> None:
    """Mid-sentence the gain covers the span, the comma after it and the next word, as the n-gram quick gain
    does (``decode.lm_gains``), and nothing beyond."""
    slots, cand = _candidate("The officials stated, he said on Monday.", "stated", "said")
    bounds = group_by_sentence(slots, {slots[0].token})
    (gain,) = neural_gains([cand], slots, model, bounds)

    def upto_he(words: list[str]) -> float:
        ids = [model.bos_id, *model.token_ids(words)]
        return float(model.run([ids]).scores[:, 0].sum())

    expected = upto_he(["the", "officials", "said", ",", "he"]) - upto_he(
        ["the", "officials", "stated", ",", "he"]
    )
    assert gain == pytest.approx(expected, abs=1e-3)


def _prefix_score(m: NeuralLM, words: list[str]) -> float:
    """log P(words | <s>) under ``m``: no sentence end."""
    return float(m.run([[m.bos_id, *m.token_ids(words)]]).scores[:, 0].sum())


def test_a_backward_model_scores_the_mirror_window_and_the_gain_is_the_mean(
    model: NeuralLM, backward: NeuralLM
) -> None:
    """With a backward model the gain is the mean of the forward gain (span, comma, next word) and the
    backward one: the sentence read from its end, through the span, to the previous word."""
    slots, cand = _candidate("The officials stated, he said on Monday.", "stated", "said")
    bounds = group_by_sentence(slots, {slots[0].token})
    (fwd,) = neural_gains([cand], slots, model, bounds)
    (both,) = neural_gains([cand], slots, model, bounds, backward)
    assert fwd is not None and both is not None
    tail = ["monday", "on", "said", "he", ","]
    back = _prefix_score(backward, [*tail, "said", "officials"]) - _prefix_score(
        backward, [*tail, "stated", "officials"]
    )
    assert both == pytest.approx(0.5 * (fwd + back), abs=1e-3)
    assert abs(back - fwd) > 1e-3  # two different models: the mean is not either one


def test_a_backward_window_at_the_sentence_start_ends_the_reversed_sentence(
    model: NeuralLM, backward: NeuralLM
) -> None:
    """At a sentence's first word the backward window runs to the reversed sentence's end (``</s>``)."""
    slots, cand = _candidate("Officers stated.", "officers", "officials")
    bounds = group_by_sentence(slots, {slots[0].token})
    (fwd,) = neural_gains([cand], slots, model, bounds)
    (both,) = neural_gains([cand], slots, model, bounds, backward)
    assert fwd is not None and both is not None
    back = backward.sentence_logprob(["stated", "officials"]) - backward.sentence_logprob(
        ["stated", "officers"]
    )
    assert both == pytest.approx(0.5 * (fwd + back), abs=1e-3)


def test_running_sentences_in_smaller_groups_changes_no_gain(
    model: NeuralLM, backward: NeuralLM, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are run ``ROWS_PER_RUN`` at a time to bound memory on long texts; the grouping is invisible."""
    from app.engine import nlm

    text = "The officers stated on Monday. He stated, the officers said. The officials stated."
    tokens = tokenize(text)
    slots = word_slots(tokens, sentence_starts(tokens), set(), context=True)
    bounds = group_by_sentence(slots, sentence_starts(tokens))
    cands = []
    for at, slot in enumerate(slots):
        if slot.lower in ("stated", "officers"):
            tok = tokens[slot.token]
            span = Span(slot.token, slot.token + 1, tok.start, tok.end, tok.text)
            new = "said" if slot.lower == "stated" else "officials"
            cands.append(Scored(Candidate(span, new, Source.THESAURUS, -1.0), at, at + 1, (new,), -3.0))
    assert len(bounds) == 3 and len(cands) == 5
    whole = neural_gains(cands, slots, model, bounds, backward)
    monkeypatch.setattr(nlm, "ROWS_PER_RUN", 1)
    assert neural_gains(cands, slots, model, bounds, backward) == pytest.approx(whole, abs=1e-5)
    assert all(g is not None for g in whole)


# --- the build script's data preparation (training itself needs PyTorch, a build-time dependency only) ---


def test_build_vocabulary_weights_news_and_keeps_specials_first(tmp_path: Path) -> None:
    import build_nlm

    counts = {"wikinews": {"said": 10, "stated": 1}, "wikipedia": {"stated": 25, "the": 100}}
    words = build_nlm.choose_vocab(counts, 5)
    assert words[:3] == ["<unk>", BOS, EOS]
    assert words[3:] == ["the", "said"]  # said: 3 × 10 = 30 beats stated: 3 + 25 = 28


def test_build_sequences_cut_long_sentences_and_map_unknown_words(tmp_path: Path) -> None:
    import build_nlm

    stream = tmp_path / "wikinews-00000.txt"
    stream.write_text("the officials said\n\nthe zyzzyva said the officials said\n", encoding="utf-8")
    ids = {w: i for i, w in enumerate(VOCAB)}
    seqs = build_nlm.read_sequences([stream], ids, maxlen=4)
    assert [s.tolist() for s in seqs] == [
        [1, 3, 4, 6, 2],
        [1, 3, 0, 6, 3],  # zyzzyva is <unk>; cut after 4 predictions ...
        [3, 4, 6, 2],  # ... and the rest goes on from the last token
    ]
    backward = build_nlm.read_sequences([stream], ids, maxlen=8, reverse=True)
    assert backward[0].tolist() == [1, 6, 4, 3, 2]  # <s> said officials the </s>


def test_the_pipeline_takes_the_neural_gain_when_a_model_is_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a neural model installed, the spin stage blends its gains into the candidates' evidence (so the
    calibrator sees them) and the repair stays exact: every edit points at the text it replaces."""
    from app import repair
    from app.engine.pipeline import analyse_spin
    from app.engine.render import apply_edits
    from app.engine.types import RepairOptions
    from app.resources import get_resources

    text = (
        "Officers stated the warfare in Ukraine had got here to a turning point, and the nationwide "
        "safety adviser stated the officers would meet."
    )
    words = text.lower().replace(",", " ,").replace(".", "").split()
    model = load_neural_lm(write_model(tmp_path, extra=(*words, "officials", "said", "war", "come", "came")))
    res = get_resources()
    monkeypatch.setitem(res.__dict__, "nlm", None)
    plain = analyse_spin(text, tokenize(text), RepairOptions(ocr=False), res)
    monkeypatch.setitem(res.__dict__, "nlm", model)
    blended = analyse_spin(text, tokenize(text), RepairOptions(ocr=False), res)
    assert plain.choices and all(c.scored.neural == 0.0 for c in plain.choices)
    assert any(c.scored.neural != 0.0 for c in blended.choices)
    r = repair(text, RepairOptions(ocr=False, min_confidence=0.0))
    assert r.edits and apply_edits(text, list(r.edits)) == r.text
    for e in r.edits:
        assert text[e.start : e.end] == e.original
