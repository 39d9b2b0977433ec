"""FeedbackStore: tallies, normalisation, the options overlay, opt-in text storage, threads."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.engine.types import RepairOptions
from app.feedback import FeedbackStore, default_feedback_path


def test_creates_parent_dirs_and_tallies(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "a" / "b" / "fb.db")
    assert (tmp_path / "a" / "b" / "fb.db").is_file()
    store.record("Officers  stated", "officials said", True, left="The city", right="on Monday")
    store.record("officers stated", "officials said", True, left="the City", right="on monday")
    store.record("officers stated", "officials said", False, left="a", right="b")
    rows = store.pairs()
    assert len(rows) == 2
    top = rows[0]
    assert (top.spun, top.replacement, top.left, top.right) == (
        "officers stated",
        "officials said",
        "the city",
        "on monday",
    )
    assert (top.accepted, top.rejected) == (2, 0)
    assert store.totals() == {("officers stated", "officials said"): (2, 1)}


def test_a_decision_taken_back_no_longer_counts(tmp_path: Path) -> None:
    """An editor who accepted, exported, then rejected: the accept is taken back, so the swap is blocked
    instead of tied (session 23's form audit). Taking back what was never sent cannot go below zero."""
    store = FeedbackStore(tmp_path / "fb.db")
    store.record("officers stated", "officials said", True, left="The", right="on")
    store.record("officers stated", "officials said", True, left="The", right="on", retract=True)
    store.record("officers stated", "officials said", False, left="The", right="on")
    store.record("white home", "white house", False, retract=True)
    assert store.totals() == {("officers stated", "officials said"): (0, 1)}
    assert store.repair_options_overlay()[1] == (("officers stated", "officials said"),)


def test_context_is_bounded_to_a_few_words(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.db")
    store.record("stated", "said", True, left="one two three four five", right="six seven eight nine")
    row = store.pairs()[0]
    assert row.left == "three four five"
    assert row.right == "six seven eight"


def test_identity_and_empty_swaps_are_ignored(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.db")
    store.record("said", "Said", True)
    store.record("", "x", True)
    store.record("x", "   ", False)
    store.record("{officials|officers}", "officials", True)  # a spintax group resolved: not a phrase
    assert store.pairs() == []


def test_overlay_majority_wins_and_ties_teach_nothing(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.db")
    store.record("by way of", "through", True)
    store.record("by way of", "through", True)
    store.record("by way of", "through", False)
    store.record("stated", "said", False)
    store.record("vast", "big", True)
    store.record("vast", "big", False)
    extra, blocked = store.repair_options_overlay()
    assert extra == (("by way of", "through"),)
    assert blocked == (("stated", "said"),)


def test_apply_to_merges_into_repair_options(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.db")
    store.record("imaginative and prescient", "vision", True)
    store.record("stated", "said", False)
    opts = store.apply_to(RepairOptions(extra_phrases=(("a", "b"),)))
    assert opts.extra_phrases == (("a", "b"), ("imaginative and prescient", "vision"))
    assert opts.blocked == (("stated", "said"),)


def test_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "fb.db"
    s1 = FeedbackStore(path)
    s1.record("stated", "said", True)
    s1.close()
    assert FeedbackStore(path).totals() == {("stated", "said"): (1, 0)}


def test_text_is_stored_only_when_opted_in(tmp_path: Path) -> None:
    off = FeedbackStore(tmp_path / "off.db")
    assert off.record_text("source", "final") is False
    assert off.documents() == 0
    on = FeedbackStore(tmp_path / "on.db", store_text=True)
    assert on.record_text("source", "final") is True
    assert on.documents() == 1


def test_concurrent_records_are_all_counted(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.db")

    def work() -> None:
        for _ in range(50):
            store.record("stated", "said", True)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.totals() == {("stated", "said"): (200, 0)}


def test_default_path_honours_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_feedback_path() == tmp_path / "unspin" / "feedback.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_feedback_path() == tmp_path / "home" / ".local" / "share" / "unspin" / "feedback.db"


def test_lessons_change_what_repair_proposes(tmp_path: Path) -> None:
    """The point of feedback: a rejected swap stops being proposed, an accepted unknown swap is made."""
    from app import repair

    text = "The officers stated that the metropolis council will meet on Monday."
    taught = RepairOptions(extra_phrases=(("officers stated", "officials said"),))
    before = {(e.original, e.replacement) for e in repair(text, taught).edits}
    assert ("officers stated", "officials said") in before
    assert ("metropolis council", "city council") not in before

    store = FeedbackStore(tmp_path / "fb.db")
    store.record("officers stated", "officials said", False, left="The", right="that the")
    store.record("metropolis council", "city council", True, left="that the", right="will meet")
    after = {(e.original, e.replacement) for e in repair(text, store.apply_to(taught)).edits}
    assert ("officers stated", "officials said") not in after
    assert ("metropolis council", "city council") in after


def test_overlay_limit_keeps_the_most_decided(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "fb.db")
    for _ in range(3):
        store.record("zz spun", "often", True)
    store.record("aa spun", "once", True)
    store.record("bb spun", "rarely", False)
    assert store.repair_options_overlay(limit=1) == ((("zz spun", "often"),), (("bb spun", "rarely"),))
    assert store.repair_options_overlay()[0] == (("zz spun", "often"), ("aa spun", "once"))
