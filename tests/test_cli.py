"""The CLI as a user meets it: exit codes, one-line errors, stdin/file input, JSON and diff output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import app
from app.cli import main
from app.evaluation import evaluate

EXE = [sys.executable, "-m", "app.cli"]


def run(
    args: list[str], stdin: bytes = b"", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run([*EXE, *args], input=stdin, capture_output=True, timeout=120, env=env)


def test_version_and_help() -> None:
    p = run(["--version"])
    assert p.returncode == 0 and p.stdout.decode().startswith("unspin ")
    h = run(["--help"]).stdout.decode()
    for sub in ("repair", "serve", "batch", "eval", "learn"):
        assert sub in h


def test_repair_reads_stdin_and_keeps_bytes(tmp_path: Path) -> None:
    text = "Nothing here to change: 3.5kg, https://example.org/x and café ☕.\n\n  Trailing spaces  \n"
    p = run(["repair"], text.encode())
    assert p.returncode == 0, p.stderr
    assert p.stdout.decode() == text


def test_repair_says_on_stderr_when_a_text_is_not_english(tmp_path: Path) -> None:
    text = "El gobierno anunció el martes un nuevo plan para reducir el desempleo de los jóvenes en todo el país.\n"
    f = tmp_path / "es.txt"
    f.write_text(text, encoding="utf-8")
    p = run(["repair", str(f)])
    assert p.returncode == 0 and p.stdout.decode() == text
    assert p.stderr.decode().strip() == f"unspin: {f}: not English, left unchanged"
    p = run(["repair", "--json"], text.encode())
    assert json.loads(p.stdout)["english"] is False and "stdin: not English" in p.stderr.decode()


def test_repair_json_and_diff_with_extra_phrases(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tsv = tmp_path / "extra.tsv"
    tsv.write_text("by way of\tthrough\n", encoding="utf-8")
    src = tmp_path / "in.txt"
    src.write_text("We drove by way of the hills.\n", encoding="utf-8")
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(tsv))
    import os

    env = dict(os.environ)
    j = run(["repair", "--json", str(src)], env=env)
    assert j.returncode == 0, j.stderr
    d = json.loads(j.stdout)
    assert d["text"] == "We drove through the hills.\n"
    (edit,) = [e for e in d["edits"] if e["replacement"] == "through"]
    assert (edit["start"], edit["end"], edit["original"]) == (9, 18, "by way of")
    diff = run(["repair", "--diff", str(src)], env=env).stdout.decode()
    assert "-We drove by way of the hills." in diff and "+We drove through the hills." in diff


def test_errors_are_one_line_and_nonzero(tmp_path: Path) -> None:
    missing = run(["repair", str(tmp_path / "nope.txt")])
    assert missing.returncode == 2
    assert missing.stderr.decode().strip().count("\n") == 0 and "no such file" in missing.stderr.decode()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 au lait")
    p = run(["repair", str(bad)])
    assert p.returncode == 2 and "not valid UTF-8" in p.stderr.decode()
    p = run(["repair"], b"\0\1\2binary")  # valid UTF-8, but a binary file all the same
    assert p.returncode == 2 and "looks binary" in p.stderr.decode() and p.stdout == b""
    p = run(["repair", str(tmp_path)])
    assert p.returncode == 2 and "directory" in p.stderr.decode()
    p = run(["repair", "--min-confidence", "3"], b"x")
    assert p.returncode == 2 and "between 0 and 1" in p.stderr.decode()


def test_eval_prints_summary_and_baseline(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "cases.jsonl"
    rows = [
        {"id": "a", "spun": "The cat sat on the mat.", "original": "The cat sat on the mat."},
        {"id": "b", "spun": "A quiet street at night.", "original": "A quiet road at night."},
    ]
    cases.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    assert main(["eval", str(cases)]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    mine, base = lines
    assert base["system"] == "identity" and base["wer_in"] == base["wer_out"] > 0
    assert mine["words"] == base["words"] == 13 and mine["gold_blocks"] == 1
    # the document verdict is scored on the system's row only: case a is unspun, case b spun
    assert mine["clean_cases_flagged"] == float(app.repair(rows[0]["spun"]).spun)
    assert mine["spun_cases_flagged"] == float(app.repair(rows[1]["spun"]).spun)
    assert "spun_cases_flagged" not in base


def test_eval_scores_the_verdict_on_spun_and_unspun_cases() -> None:
    cases = [{"spun": f"s{i}", "original": f"o{i}"} for i in range(4)] + [{"spun": "c", "original": "c"}] * 2
    flags = iter([True, True, True, False, True, False])
    system, _identity = evaluate(cases, lambda t: (t, next(flags)))
    summary = system.summary()
    assert summary["spun_cases_flagged"] == 0.75 and summary["clean_cases_flagged"] == 0.5
    plain, _identity = evaluate(cases, lambda t: t)  # a fixer without a verdict: no verdict figures
    assert "spun_cases_flagged" not in plain.summary()


def test_eval_rejects_malformed_cases(tmp_path: Path) -> None:
    cases = tmp_path / "bad.jsonl"
    cases.write_text('{"spun": "x"}\n', encoding="utf-8")
    p = run(["eval", str(cases)])
    assert p.returncode == 2 and "bad.jsonl:1" in p.stderr.decode()
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    p = run(["eval", str(empty)])
    assert (
        p.returncode == 2
        and p.stderr.decode()
        == f"unspin: error: {empty}: no cases (expected JSONL lines with 'spun' and 'original')\n"
    )


def test_a_bad_profile_is_one_clear_error(tmp_path: Path) -> None:
    """A missing or malformed profile stops repair, eval and batch at once with a one-line message."""
    bad = tmp_path / "bad.tsv"
    bad.write_text("troupe\n", encoding="utf-8")
    cases = tmp_path / "cases.jsonl"
    cases.write_text(json.dumps({"spun": "a b", "original": "a b"}) + "\n", encoding="utf-8")
    for argv in (
        ["repair", "--profile", str(bad)],
        ["eval", "--profile", str(bad), str(cases)],
        ["batch", str(cases), "--out", str(tmp_path / "out"), "--profile", str(bad)],
        ["repair", "--profile", str(tmp_path / "missing.tsv")],
    ):
        p = run(argv, b"The troupe met.")
        err = p.stderr.decode().strip()
        assert p.returncode == 2, argv
        assert err.count("\n") == 0 and err.startswith("unspin: error:") and ".tsv" in err, err
    assert not (tmp_path / "out").exists()


def test_bad_settings_are_one_line_for_every_command(tmp_path: Path) -> None:
    """Session 21's audit: an invalid UNSPIN_* value crashed even ``--help`` with a pydantic traceback, and
    settings that made the service useless (a zero timeout or body limit, an unknown language model, a
    dictionaries folder that does not exist) were accepted or silently replaced."""
    import os

    bad_phrases = tmp_path / "bad.tsv"
    bad_phrases.write_text("only one column\n", encoding="utf-8")
    # a folder that says it is one but lacks files, and one whose thesaurus is cut short (session 22's audit:
    # both were tracebacks, and a batch failed every file with "internal error")
    hollow = tmp_path / "hollow"
    hollow.mkdir()
    (hollow / "SOURCES.md").write_text("x", encoding="utf-8")
    shipped = Path(app.__file__).resolve().parent.parent / "dictionaries"
    cut = tmp_path / "cut"
    cut.mkdir()
    for f in ("SOURCES.md", "phrases.tsv"):
        (cut / f).write_bytes((shipped / f).read_bytes())
    (cut / "thesaurus.bin").write_bytes((shipped / "thesaurus.bin").read_bytes()[:1000])
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The officers met.", encoding="utf-8")
    cases = [
        ({"UNSPIN_DICTIONARIES_DIR": str(hollow)}, ["repair"], "lacks phrases.tsv, thesaurus.bin"),
        (
            {"UNSPIN_DICTIONARIES_DIR": str(hollow)},
            ["batch", str(src), "--out", str(tmp_path / "o")],
            "lacks",
        ),
        ({"UNSPIN_DICTIONARIES_DIR": str(cut), "UNSPIN_LM": "package"}, ["repair"], "cannot load thesaurus"),
        ({"UNSPIN_MIN_CONFIDENCE": "1.5"}, ["--help"], "UNSPIN_MIN_CONFIDENCE"),
        ({"UNSPIN_REQUEST_TIMEOUT_S": "0"}, ["repair"], "UNSPIN_REQUEST_TIMEOUT_S"),
        ({"UNSPIN_MAX_BODY_BYTES": "0"}, ["repair"], "UNSPIN_MAX_BODY_BYTES"),
        ({"UNSPIN_LM": "bogus"}, ["repair"], "UNSPIN_LM"),
        ({"UNSPIN_LOG_LEVEL": "loud"}, ["serve", "--port", "8139"], "UNSPIN_LOG_LEVEL"),
        ({"UNSPIN_DICTIONARIES_DIR": str(tmp_path / "nope")}, ["repair"], "UNSPIN_DICTIONARIES_DIR"),
        (
            {"UNSPIN_DICTIONARIES_DIR": str(tmp_path)},
            ["serve", "--port", "8139"],
            "not a dictionaries folder",
        ),
        ({"UNSPIN_EXTRA_PHRASES": str(bad_phrases)}, ["repair"], "UNSPIN_EXTRA_PHRASES"),
        (
            {"UNSPIN_FEEDBACK_DB": str(bad_phrases / "fb.db")},
            ["serve", "--port", "8139"],
            "UNSPIN_FEEDBACK_DB",
        ),
    ]
    for env, argv, word in cases:
        p = run(argv, b"The officers met.", env={**os.environ, **env})
        err = p.stderr.decode().strip()
        assert p.returncode == 2, (env, err)
        assert err.count("\n") == 0 and err.startswith("unspin: error:") and word in err, (env, err)


def test_a_misspelt_setting_is_named_and_commas_are_no_key() -> None:
    import os

    p = run(["repair"], b"The officers met.", env={**os.environ, "UNSPIN_API_KEY": "secret"})
    assert p.returncode == 0 and "UNSPIN_API_KEY is not a setting" in p.stderr.decode()
    p = run(["repair"], b"x", env={**os.environ, "UNSPIN_API_KEYS": " , "})
    err = p.stderr.decode().strip()
    assert p.returncode == 2 and err.count("\n") == 0 and "UNSPIN_API_KEYS" in err


def test_sigterm_stops_a_command_with_one_line_and_status_143() -> None:
    """``kill``, ``docker stop`` and systemd send SIGTERM: a batch stops as Ctrl-C stops it (checkpoints kept,
    resumable), with one line, not the default death (status 143 with multiprocessing warnings)."""
    import signal
    import time

    p = subprocess.Popen(
        [*EXE, "repair"], stdin=subprocess.PIPE, stderr=subprocess.PIPE, stdout=subprocess.PIPE
    )
    time.sleep(5)  # started and waiting for stdin
    p.send_signal(signal.SIGTERM)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 143
    assert err.decode().strip() == "unspin: terminated (SIGTERM); run the same command again to resume"


def test_ctrl_c_before_the_command_starts_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while the settings and parser are still being built (pydantic importing): no traceback."""
    import app.cli

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(app.cli, "build_parser", interrupted)
    assert main(["repair", "-"]) == 130
    assert capsys.readouterr().err == "unspin: interrupted\n"


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "utf-16"])
def test_repair_writes_utf8_bytes_whatever_the_stdout_encoding(encoding: str) -> None:
    """The output is the input's bytes with the edits applied: an ASCII stdout raised UnicodeEncodeError and
    a UTF-16 one changed every byte (session 23's audit)."""
    import os

    text = "Café “quotes” 🚀 and the White Home.\r\n".encode()
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    p = run(["repair", "--no-ocr"], text, env=env)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout == "Café “quotes” 🚀 and the White House.\r\n".encode()


@pytest.mark.parametrize("seed", range(5))
def test_the_fast_word_edit_distance_is_the_scorers_own(seed: int) -> None:
    """``unspin eval`` counts with rapidfuzz; it must give what score.py's loop gives, case and all."""
    import random

    from app.evaluation import _python_edit_distance, word_edit_distance

    rng = random.Random(seed)
    words = ["the", "The", "said", "stated", ".", ",", "’", "a", "an"]
    for _ in range(300):
        a = [rng.choice(words) for _ in range(rng.randint(0, 25))]
        b = [rng.choice(words) for _ in range(rng.randint(0, 25))]
        assert word_edit_distance(a, b) == _python_edit_distance(a, b)
