"""Swaps attested in real spinner output (``dictionaries/attested*.tsv``, ``scripts/build_attested.py``)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from support import script_module

from app import repair
from app.engine.pipeline import spin_candidates
from app.engine.render import apply_edits
from app.engine.tokens import tokenize
from app.engine.types import RepairOptions, Source
from app.resources import ATTESTED_FILE, ATTESTED_WORDS_FILE, Resources, get_resources
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DICTIONARIES = ROOT / "dictionaries"


def _dictionaries_without(tmp_path: Path, *left_out: str) -> Path:
    """A dictionaries folder of links to the shipped files, less ``left_out``."""
    d = tmp_path / "dictionaries"
    d.mkdir()
    for f in DICTIONARIES.iterdir():
        if f.name not in left_out:
            (d / f.name).symlink_to(f)
    return d


# --- the engine with the shipped files ---


def test_an_attested_phrase_is_restored() -> None:
    text = "Worldwide temperature alteration is melting the ice. The untamed life of the park is protected."
    r = repair(text)
    assert r.text == "Global warming is melting the ice. The wildlife of the park is protected."
    assert {e.source for e in r.edits} == {Source.PHRASE}
    assert apply_edits(text, r.edits) == r.text


def test_attested_word_swaps_are_restored_together() -> None:
    # the threshold is lowered so that the test asks what is proposed and chosen, not where the calibrator
    # puts two neighbouring swaps in a one-sentence text (about 0.6: it moves with every refit)
    text = "The company reported a monetary misfortune for the second year running."
    r = repair(text, RepairOptions(min_confidence=0.4))
    assert r.text == "The company reported a financial loss for the second year running."
    assert {(text[e.start : e.end], e.source) for e in r.edits} == {
        ("monetary", Source.PHRASE),
        ("misfortune", Source.PHRASE),
    }


def test_attested_word_swaps_never_touch_protected_words() -> None:
    # "Misfortune" and "Monetary" capitalised inside a sentence are names here, as the thesaurus rules say
    text = "Fans of the band Misfortune met at the Monetary Museum on Tuesday."
    edits = repair(text, RepairOptions(min_confidence=0.0)).edits  # every choice, however unsure
    assert not {text[e.start : e.end] for e in edits} & {"Misfortune", "Monetary"}
    # the same words in lower case are proposed, so the protection is what keeps them above
    lower = "Fans of the band met at the museum on Tuesday to discuss a monetary misfortune."
    assert {"monetary", "misfortune"} <= _proposed_spans(lower)


def _proposed_spans(text: str) -> set[str]:
    """The text of every span the candidate stage offers a restoration for, whatever the decoder keeps."""
    _starts, _slots, found = spin_candidates(text, tokenize(text), RepairOptions(), get_resources())
    return {c.span.text for c in found}


def test_the_attested_files_are_optional(tmp_path: Path) -> None:
    res = Resources(
        Settings(dictionaries_dir=_dictionaries_without(tmp_path, ATTESTED_FILE, ATTESTED_WORDS_FILE))
    )
    assert res.attested_words is None
    assert res.phrases.lookup("untamed life") == ()
    assert res.phrases.lookup("by way of")  # the curated dictionary still loads


def test_the_curated_dictionary_wins_a_tie(tmp_path: Path) -> None:
    d = _dictionaries_without(tmp_path, ATTESTED_FILE)
    (d / ATTESTED_FILE).write_text("by way of\tthrough\t-4.00\tattested\nuntamed life\twildlife\t-1.00\t\n")
    res = Resources(Settings(dictionaries_dir=d))
    curated = {
        r.original: r.logp
        for r in Resources(Settings(dictionaries_dir=DICTIONARIES)).phrases.lookup("by way of")
    }
    merged = {r.original: r.logp for r in res.phrases.lookup("by way of")}
    assert merged["through"] == curated["through"] > -4.0
    assert [r.original for r in res.phrases.lookup("untamed life")] == ["wildlife"]


def test_attested_word_swaps_can_be_switched_off_by_leaving_the_file_out(tmp_path: Path) -> None:
    text = "The company reported a monetary misfortune for the second year running."
    res = Resources(Settings(dictionaries_dir=_dictionaries_without(tmp_path, ATTESTED_WORDS_FILE)))
    from app.engine.pipeline import run_repair

    without = run_repair(text, RepairOptions(min_confidence=0.0), res)  # every choice, however unsure
    assert ("misfortune", "loss") not in {(text[e.start : e.end], e.replacement) for e in without.edits}


# --- the builder ---


CSV = """tortured_phrase,expected_phrase,num_papers
\"\"\"cyber assault\"\"\",cyber attack,\"2,164\"
\"\"\"DoS assault\"\"\",denial-of-service (DoS) attack,\"1,863\"
\"\"\"phishing assault\"\"\",phishing attack,932
\"\"\"profound learning\"\" AND \"\"deep learning\"\"\",deep learning,\"4,353\"
\"\"\"corvus corone\"\"\",Crow search algorithm ?,12
\"\"\"the taking after\"\"\",the following,719
\"\"\"information mining\"\"\",data/text mining,40
"""


def test_rows_are_cleaned(tmp_path: Path) -> None:
    build = script_module("scripts", "build_attested")
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="utf-8")
    rows = build.read_rows(path, None)
    assert ("cyber assault", "cyber attack", 2164) in rows
    assert ("dos assault", "denial-of-service attack", 1863) in rows  # the bracketed note is dropped
    tortured = {t for t, _e, _p in rows}
    assert "profound learning" not in tortured  # query syntax: not one plain phrase
    assert "corvus corone" not in tortured  # the list doubts it
    assert "information mining" not in tortured  # alternatives
    halves = [{t for t, _e, _p in build.read_rows(path, h)} for h in (0, 1)]
    assert halves[0] | halves[1] == tortured and not halves[0] & halves[1]


def test_the_json_dictionary_adds_rows_a_former_file_lacks(tmp_path: Path) -> None:
    build = script_module("scripts", "build_attested")
    csv_path, json_path = tmp_path / "t.csv", tmp_path / "t.json"
    csv_path.write_text(CSV, encoding="utf-8")
    json_path.write_text(
        '{"license": "CC BY 4.0", "phrases": [{"tortured": "cyber assault", "correct": "cyber-attack"},'
        ' {"tortured": "profound learning", "correct": "deep learning"}]}',
        encoding="utf-8",
    )
    rows = {t: (e, p) for t, e, p in build.read_rows([csv_path, json_path], None)}
    assert rows["cyber assault"] == ("cyber attack", 2164)  # the former file's row stands
    assert rows["profound learning"] == ("deep learning", 0)  # plain here, query syntax in the CSV


def test_word_swaps_need_several_rows_and_skip_function_words(tmp_path: Path) -> None:
    build = script_module("scripts", "build_attested")
    path = tmp_path / "t.csv"
    path.write_text(CSV, encoding="utf-8")
    rows = build.read_rows(path, None)
    swaps = build.aligned_swaps(rows)
    assert swaps[("assault", "attack")] == 3  # cyber, DoS ("denial-of-service" is one word) and phishing
    assert ("taking", "following") not in swaps  # rows with more words on one side are not aligned
    assert not any(a in ("the", "after") or b == "the" for a, b in swaps)
    lines = build.word_rows(rows, lambda _w: -5.0)
    assert any(line.endswith("|assault|attack|" + line.rsplit("|", 1)[1]) for line in lines)
    lines_rare = build.word_rows(rows, lambda _w: -20.0)  # originals outside the common vocabulary
    assert lines_rare == []


# --- the bench spinner ---


def test_the_bench_spinner_swaps_known_words_and_leaves_names_alone() -> None:
    bench = script_module("bench", "attested")
    phrases = {("global", "warming"): "worldwide temperature alteration"}
    words = {"attack": {"assault": 3}, "loss": {"misfortune": 1}}
    text = "Global warming worsened. The attack caused a loss, said Attack Inc.\n"
    spun = bench.spin(text, phrases, words, rate=1.0, rng=random.Random(0))
    assert (
        spun
        == "Worldwide temperature alteration worsened. The assault caused a misfortune, said Attack Inc.\n"
    )


@pytest.mark.parametrize("name", [ATTESTED_FILE, ATTESTED_WORDS_FILE])
def test_the_shipped_files_are_what_the_builder_writes(name: str) -> None:
    """Every line is spun<TAB>original<TAB>logp<TAB>note with a prior the engine accepts."""
    lines = [
        ln for ln in (DICTIONARIES / name).read_text(encoding="utf-8").splitlines() if not ln.startswith("#")
    ]
    assert len(lines) > 500
    for line in lines:
        spun, original, logp, note = line.split("\t")
        assert spun == spun.lower() and spun != original.lower()
        assert -10.0 < float(logp) <= 0.0
        assert "tortured phrases" in note
