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


def test_eval_applies_a_profile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``unspin eval --profile`` scores repair with the site profile, so a profile's gain can be measured."""
    cases = tmp_path / "cases.jsonl"
    row = {"id": "x", "spun": "The troupe met in the hall.", "original": "The company met in the hall."}
    cases.write_text(json.dumps(row) + "\n", encoding="utf-8")
    profile = tmp_path / "site.tsv"
    profile.write_text("troupe\tcompany\t0.0\tcount=3\n", encoding="utf-8")
    assert main(["eval", str(cases)]) == 0
    plain = json.loads(capsys.readouterr().out.splitlines()[0])
    assert main(["eval", "--profile", str(profile), str(cases)]) == 0
    with_profile = json.loads(capsys.readouterr().out.splitlines()[0])
    assert plain["recall"] == 0.0
    assert with_profile["recall"] == 1.0 and with_profile["err"] == 1.0
    assert main(["eval", "--profile", str(tmp_path / "missing.tsv"), str(cases)]) == 2
    assert "missing.tsv" in capsys.readouterr().err


def test_second_round_learns_on_top_of_a_profile(tmp_path: Path) -> None:
    """``learn --profile`` decodes with an earlier profile: a pair it vouches for is found in spun text alone."""
    docs = tmp_path / "site"
    docs.mkdir()
    for i in range(3):
        (docs / f"{i}.txt").write_text(f"Story {i}. The troupe met in the hall on Monday.", encoding="utf-8")
    first = tmp_path / "first.tsv"
    first.write_text("troupe\tcompany\t0.0\tcount=3\n", encoding="utf-8")
    second = tmp_path / "second.tsv"
    assert main(["learn", "--profile", str(first), str(docs), "--out", str(second)]) == 0
    pairs = [ln.split("\t")[:2] for ln in second.read_text().splitlines() if not ln.startswith("#")]
    assert ["troupe", "company"] in pairs
    alone = tmp_path / "alone.tsv"
    assert main(["learn", str(docs), "--out", str(alone)]) == 0
    assert ["troupe", "company"] not in [ln.split("\t")[:2] for ln in alone.read_text().splitlines()]
    assert main(["learn", "--profile", str(tmp_path / "none.tsv"), str(docs), "--out", str(second)]) == 2


def test_learn_writes_the_sites_thesaurus_weights_and_repair_starts_from_them(tmp_path: Path) -> None:
    """Spun text alone: the profile carries the mean thesaurus weights of the decoded documents; a repair with
    it shrinks a quiet document's weights towards the site's instead of towards equal ones."""
    from app.engine.lexicon import PhraseDictionary

    docs = tmp_path / "site"
    docs.mkdir()
    spun = (
        "The officers stated that the warfare would proceed. The troupe gave a display in the capital, "
        "and the squad won the plot by a broad margin."
    )
    for i in range(3):
        (docs / f"{i}.txt").write_text(f"Story {i}. {spun}", encoding="utf-8")
    profile = tmp_path / "site.tsv"
    assert main(["learn", str(docs), "--out", str(profile)]) == 0
    loaded = PhraseDictionary.load(profile)
    weights = loaded.thesaurus_weights
    assert weights is not None and set(weights) == {"wn", "moby", "mythes", "phrases"}
    assert sum(weights.values()) == pytest.approx(1.0, abs=0.01)
    alike = [repair(f"Story {i}. {spun}", RepairOptions(ocr=False)).thesauri for i in range(3)]
    assert weights == pytest.approx({t: sum(w[t] for w in alike) / 3 for t in weights}, abs=1e-3)  # the mean
    assert weights["wn"] > weights["moby"]  # these swaps are WordNet's

    quiet = "The committee met on Monday and the meeting ended at noon."
    leaning = {"wn": 0.05, "moby": 0.9, "mythes": 0.05}
    site = tmp_path / "moby.tsv"
    site.write_text("# thesauri: " + " ".join(f"{t}={w}" for t, w in leaning.items()) + "\n", "utf-8")
    assert PhraseDictionary.load(site).thesaurus_weights == leaning
    plain, with_site = repair(quiet).thesauri, repair(quiet, RepairOptions(profile=str(site))).thesauri
    assert plain["moby"] == pytest.approx(1 / 4, abs=0.05)  # three thesauri and the phrase dictionary
    assert with_site["moby"] > 0.7


def test_learn_reads_compressed_files_as_it_reads_plain_ones(tmp_path: Path) -> None:
    import gzip

    from app.learn import mine

    rows = [
        {"spun": f"Note {i}: the troupe sang.", "original": f"Note {i}: the company sang."} for i in range(3)
    ]
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    (tmp_path / "plain").mkdir()
    (tmp_path / "plain" / "cases.jsonl").write_bytes(data)
    (tmp_path / "packed").mkdir()
    (tmp_path / "packed" / "cases.jsonl.gz").write_bytes(gzip.compress(data))
    plain, packed = mine([tmp_path / "plain"], 2), mine([tmp_path / "packed"], 2)
    assert plain == packed and [(p.spun, p.original) for p in packed.pairs] == [("troupe", "company")]


def test_learn_reads_the_text_of_warc_records(tmp_path: Path) -> None:
    from test_batch_support import build_warc, sentence

    from app.learn import _documents

    archive = tmp_path / "site.warc.gz"
    build_warc(archive, n_pages=2, gz=True)
    texts = [t for t, original in _documents([archive]) if original is None]
    # per page: the HTML response as its visible text (no script, no markup) and the text/plain response;
    # the request, the warcinfo and the PNG are not articles
    assert len(texts) == 4
    assert "The officers said it's near the flea bazaar & ferry." in texts[0]
    assert "var s" not in texts[0] and "<p>" not in texts[0]
    assert texts[1] == sentence(1) + "\n"


def test_learn_gives_one_clear_line_for_a_broken_archive(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    broken = tmp_path / "site.jsonl.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    assert main(["learn", str(broken), "--out", str(tmp_path / "site.tsv")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "site.jsonl.gz: cannot read" in err[0]
    assert not (tmp_path / "site.tsv").exists()


def test_leftover_spintax_teaches_the_spinners_alternatives_not_its_braces() -> None:
    """A group "{officials|officers}" is the spinner's own list of alternatives: the other option → the one
    chosen is a pair it makes elsewhere; the braced text itself is never a pair."""
    from app import repair
    from app.learn import SiteEvidence

    text = "The {officials|officers} said the {war|warfare} was over. Officers said so too."
    evidence = SiteEvidence()
    evidence.add_repair(text, repair(text))
    assert ("officers", "officials") in evidence.counts
    assert ("warfare", "war") in evidence.counts
    assert not any("{" in spun or "|" in spun for spun, _original in evidence.counts)


def test_learn_skips_bad_jsonl_lines_and_names_them(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    """As ``unspin batch`` does: a line that is not JSON, or has no text, is skipped and named on stderr; the
    other rows are still learned from (session 22's audit: the whole run stopped with exit 2)."""
    good = [
        json.dumps(
            {
                "spun": f"Report {i}: the troupe gave a show.",
                "original": f"Report {i}: the company gave a show.",
            }
        )
        for i in range(3)
    ]
    rows = [good[0], "{not json", "[1, 2]", *[json.dumps({"id": 7})] * 6, good[1], good[2]]
    src = tmp_path / "site.jsonl"
    src.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "site.tsv"
    assert main(["learn", str(src), "--out", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"unspin: {src}:2: skipped (not JSON)"
    assert err[1] == f"unspin: {src}:3: skipped (no 'spun' or 'text' string field)"
    assert len(err) == 6 and err[-1] == f"unspin: {src}: 8 lines skipped in all"
    lines = [line.split("\t") for line in out.read_text().splitlines() if not line.startswith("#")]
    assert [(a, b) for a, b, *_ in lines] == [("troupe", "company")] and "count=3" in lines[0][3]
