"""``unspin learn``: mined pairs come from the evidence, and the profile changes what repair does."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import repair
from app.cli import main
from app.engine.types import RepairOptions
from app.learn import aligned_pairs


def test_aligned_pairs() -> None:
    pairs = list(aligned_pairs("The officers stated it was fine.", "The officials said it was fine."))
    assert pairs == [("officers stated", "officials said")]


def test_learn_from_parallel_cases_builds_a_usable_profile(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    rows = [
        {
            "spun": f"Report {i}: the troupe gave a show in the capital.",
            "original": f"Report {i}: the company gave a show in the capital.",
        }
        for i in range(3)
    ]
    corpus = tmp_path / "cases.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    profile = tmp_path / "site.tsv"
    assert main(["learn", str(corpus), "--out", str(profile)]) == 0
    lines = [ln.split("\t") for ln in profile.read_text().splitlines() if not ln.startswith("#")]
    assert [(a, b) for a, b, *_ in lines] == [("troupe", "company")]
    assert "count=3" in lines[0][3]
    text = "The troupe met in the hall."
    fixed = repair(text, RepairOptions(profile=str(profile))).text
    assert fixed == "The company met in the hall."


def test_learn_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    corpus = tmp_path / "a.txt"
    corpus.write_text("text", encoding="utf-8")
    assert main(["learn", str(corpus), "--out", str(corpus)]) == 2
    assert corpus.read_text() == "text"
