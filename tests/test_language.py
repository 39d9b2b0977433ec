"""Texts in other languages come back untouched, and other languages' words in English text are no garble."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import app as unspin
from app.engine.language import MIN_FUNCTION_WORDS, Languages
from app.main import create_app
from app.resources import get_resources
from app.settings import Settings

FRENCH = (
    "Le président de la République a annoncé mardi une série de mesures pour soutenir le pouvoir d'achat des "
    "ménages. Selon le ministre, ces mesures coûteront environ dix milliards d'euros et seront financées par "
    "une hausse des impôts sur les grandes entreprises."
)
SPANISH = (
    "El gobierno anunció el martes un nuevo plan para reducir el desempleo juvenil. Según el ministro, el "
    "programa creará cien mil puestos de trabajo en los próximos dos años. La oposición criticó la medida."
)
GERMAN = (
    "Die Bundesregierung hat am Dienstag ein neues Gesetz zur Förderung erneuerbarer Energien beschlossen. "
    "Nach Angaben des Ministeriums sollen bis 2030 mindestens achtzig Prozent des Stroms aus Wind und Sonne "
    "stammen."
)
# spun English that quotes French and names Germans: English still
SPUN_ENGLISH = (
    "Officers stated the plan, known in France as le plan de relance, would price about 100 billion euros. "
    "The vice chairman got here to the White Home by way of a side door to debate nationwide safety. "
    "Ursula von der Leyen informed reporters the cash would go to colleges and hospitals."
)


@pytest.fixture(scope="module")
def languages() -> Languages:
    found = get_resources().languages
    assert found is not None, "dictionaries/languages.json is shipped"
    return found


@pytest.mark.parametrize("text", [FRENCH, SPANISH, GERMAN])
def test_a_text_in_another_language_comes_back_unchanged(text: str) -> None:
    r = unspin.repair(text)
    assert r.english is False and r.text == text and r.edits == () and r.spin_score == 0.0
    assert r.stats["words"] > 20
    d = unspin.detect(text)
    assert d.english is False and d.spans == ()
    # without the check the OCR stage anglicised it ("hausse" -> house, "medida" -> media)
    forced = unspin.repair(text, unspin.RepairOptions(spin=False))
    assert forced.english is False and forced.edits == ()


def test_english_quoting_other_languages_is_still_repaired() -> None:
    r = unspin.repair(SPUN_ENGLISH)
    assert r.english is True
    changed = {(e.original, e.replacement) for e in r.edits}
    assert {("by way of", "through"), ("White Home", "White House")} <= changed
    # the French words are quoted, not garbled: "relance" is not made "reliance"
    assert not {e.original for e in r.edits} & {"le", "plan", "de", "relance", "von", "der", "Leyen"}


def test_only_lower_case_function_words_vote(languages: Languages) -> None:
    # initials and names ("U.S.", "von der Leyen") are not evidence of German
    assert languages.is_english("U.S. President Joe Biden met Ursula von der Leyen in D.C. on Monday.")
    assert languages.english_share(["die", "der", "und", "ist", "nicht"]) is None  # too few to tell
    words = ("die der und ist nicht das mit den von sich " * 2).split()
    assert len(words) >= MIN_FUNCTION_WORDS and languages.english_share(words) == 0.0
    assert languages.english_share(["the", "of", "and", "to", "in", "is", "that", "it", "was", "for"]) == 1.0
    assert languages.is_english("Paris")  # nothing to go on: English


def test_every_dev_and_english_sample_text_counts_as_english(languages: Languages) -> None:
    """No English article, whole or its first 120 characters, may be taken for another language: that would
    silently skip its repair. The dev sets are read when present (CI has them beside the checkout)."""
    texts = [SPUN_ENGLISH, (Path(__file__).parent.parent / "bench" / "data" / "sample_clean.txt").read_text()]
    dev = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev"
    for f in sorted(dev.glob("*.jsonl")) if dev.is_dir() else []:
        for line in f.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(row.get("spun") or row.get("text") or "")
    for t in texts:
        assert languages.is_english(t) and languages.is_english(t[:120]), t[:120]


def test_the_api_batch_and_sites_report_and_skip_other_languages() -> None:
    settings = Settings(api_keys="", site_min_documents=1)
    with TestClient(create_app(settings)) as c:
        r = c.post("/v1/repair", json={"text": FRENCH, "options": {"site": "exemple.fr"}})
        assert r.status_code == 200
        d = r.json()
        assert d["english"] is False and d["text"] == FRENCH and d["edits"] == []
        assert d["site"]["learned"] is False and d["site"]["documents"] == 0
        r = c.post("/v1/repair", json={"text": SPUN_ENGLISH, "options": {"site": "exemple.fr"}})
        assert r.json()["english"] is True and r.json()["site"]["documents"] == 1
        assert c.post("/v1/detect", json={"text": GERMAN}).json()["english"] is False


def test_batch_jsonl_results_carry_the_verdict(tmp_path: Path) -> None:
    from test_batch_support import batch

    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": 1, "text": FRENCH}, {"id": 2, "text": SPUN_ENGLISH}]
    (src / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    assert batch(src, "--out", tmp_path / "out") == 0
    out = [json.loads(line) for line in (tmp_path / "out" / "in" / "a.jsonl").read_text().splitlines()]
    results = [row["unspin"] for row in out]
    assert [r["english"] for r in results] == [False, True]
    assert results[0]["text"] == FRENCH and results[0]["edits"] == []
    report = json.loads((tmp_path / "out" / ".unspin" / "report.json").read_text())
    assert report["documents"] == 2 and report["not_english_documents"] == 1


def test_a_foreign_word_alone_is_still_repairable_garble() -> None:
    """Only a foreign word in foreign company is kept: alone, "passt" is far likelier the garbled "past"."""
    from app.engine.ocr import fix_ocr

    res = get_resources()
    assert res.ocr is not None and res.ocr.languages is not None and "passt" in res.ocr.languages.foreign
    text = "The company said its profits had grown over the passt five years, and officials agreed."
    assert [(e.original, e.replacement) for e in fix_ocr(text, res.ocr, res.lm)] == [("passt", "past")]
    quoted = "The company said its plan, which Berliners call das passt schon, had worked for five years."
    assert [e.original for e in fix_ocr(quoted, res.ocr, res.lm)] == []
