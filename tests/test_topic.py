"""Topic fit (app/engine/topic.py): evidence from word vectors that an original suits its context better."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from app.engine.topic import TopicVectors, topic_gains
from app.resources import find_dictionaries


def _tiny() -> TopicVectors:
    """Two topics on two axes: theatre words on x, school words on y; 'ambiguous' halfway."""
    words = {"stage": (1, 0), "actor": (1, 0.1), "play": (0.9, 0.2), "degree": (0, 1), "school": (0.1, 1)}
    words["ambiguous"] = (0.7, 0.7)
    vec = np.array([v for v in words.values()], dtype=np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    return TopicVectors({w: i for i, w in enumerate(words)}, vec)


def test_original_on_topic_gains_and_off_topic_loses() -> None:
    tv = _tiny()
    text = ["the", "actor", "took", "the", "degree", "in", "the", "play"]
    at = text.index("degree")
    gains = topic_gains(tv, text, [(at, at + 1), (at, at + 1)], [["stage"], ["school"]])
    assert gains[0] > 0.5  # "stage" fits a theatre context far better than "degree"
    assert gains[1] < 0.1  # "school" is as off-topic as "degree"


def test_no_evidence_without_vectors_or_context() -> None:
    tv = _tiny()
    text = ["the", "degree"]
    # no in-vocabulary context word: no evidence either way
    assert topic_gains(tv, text, [(1, 2)], [["stage"]])[0] == 0.0
    text = ["actor", "play", "zzz"]
    # the spun word has no vector, or the original has none: no evidence
    assert topic_gains(tv, text, [(2, 3)], [["stage"]])[0] == 0.0
    assert topic_gains(tv, ["actor", "play", "degree"], [(2, 3)], [["qqq"]])[0] == 0.0


def test_context_excludes_the_span_and_respects_radius() -> None:
    tv = _tiny()
    far = ["school"] + ["x"] * 30 + ["actor", "degree"]
    at = len(far) - 1
    near_only = topic_gains(tv, far, [(at, at + 1)], [["stage"]], radius=5)[0]
    both = topic_gains(tv, far, [(at, at + 1)], [["stage"]], radius=40)[0]
    # the far school word pulls the context towards "degree" only when it is within reach
    assert near_only > 0.5
    assert both < near_only - 0.3


def test_multiword_original_uses_mean_vector() -> None:
    tv = _tiny()
    text = ["actor", "play", "degree"]
    single = topic_gains(tv, text, [(2, 3)], [["stage"]])[0]
    pair = topic_gains(tv, text, [(2, 3)], [["stage", "school"]])[0]
    assert 0 < pair < single


def test_load_rejects_mismatched_folder(tmp_path: Path) -> None:
    folder = tmp_path / "vectors"
    folder.mkdir()
    np.save(folder / "vectors.npy", np.ones((3, 4), dtype=np.float16))
    (folder / "vocab.txt").write_text("a\nb\n", encoding="utf-8")
    (folder / "meta.json").write_text(json.dumps({"format": "unspin-vectors-1"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not an unspin vectors folder"):
        TopicVectors.load(tmp_path)
    assert TopicVectors.load(tmp_path / "missing") is None


def test_shipped_vectors_know_topics() -> None:
    tv = TopicVectors.load(find_dictionaries())
    if tv is None:
        pytest.skip("no vectors shipped")
    text = [
        "the",
        "singer",
        "who",
        "plays",
        "the",
        "role",
        "on",
        "degree",
        "every",
        "night",
        "in",
        "the",
        "musical",
        "at",
        "the",
        "theatre",
    ]
    at = text.index("degree")
    stage, level = topic_gains(tv, text, [(at, at + 1)] * 2, [["stage"], ["level"]])
    assert stage > 0.1 and stage > level
    norms = np.linalg.norm(tv.vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-2)


def test_words_without_vectors_drop_out_of_a_phrase_in_any_position() -> None:
    tv = _tiny()
    text = ["actor", "play", "degree", "the", "actor"]
    alone = topic_gains(tv, text, [(2, 3)], [["stage"]])[0]
    # the phrase's vector is the sum of its in-vocabulary words, wherever the unknown ones stand
    mixed = topic_gains(
        tv, text, [(2, 3)] * 4, [["zzz", "stage"], ["stage", "zzz"], ["zzz", "stage", "qqq"], ["zzz"]]
    )
    assert mixed[:3].tolist() == pytest.approx([alone] * 3)
    assert mixed[3] == 0.0
