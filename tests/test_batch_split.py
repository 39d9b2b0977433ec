"""Big JSONL files cut into pieces for parallel workers: same bytes as one task, resumable piece by piece."""

from __future__ import annotations

import gzip
import itertools
import json
import os
import signal
import time
from pathlib import Path

import pytest
from test_batch_resume import outputs
from test_batch_support import sentence, start_batch, unspin, write_phrases

from app.batch.plan import Task
from app.batch.split import line_cuts, split_task
from app.cli import main

ARGS = ["--no-ocr", "--progress", "none"]


def _feed(path: Path, n: int, bad_line: int = 0) -> None:
    """n JSONL lines of our own sentences (line ``bad_line`` is not JSON), no newline after the last."""
    rows = [
        "not json {"
        if i + 1 == bad_line
        else json.dumps({"id": i, "text": sentence(i) + " The flea bazaar."})
        for i in range(n)
    ]
    path.write_bytes("\r\n".join(rows).encode())


def _task(path: Path) -> Task:
    st = path.stat()
    return Task(str(path), path.name, "jsonl", None, st.st_size, st.st_mtime_ns)


def test_pieces_cover_the_file_and_start_on_line_boundaries(tmp_path: Path) -> None:
    src = tmp_path / "feed.jsonl"
    _feed(src, 57)
    data = src.read_bytes()
    pieces = split_task(_task(src), 1000)
    assert len(pieces) > 3
    assert pieces[0].start == 0 and pieces[-1].end == len(data)
    for a, b in itertools.pairwise(pieces):
        assert a.end == b.start and data[b.start - 1 : b.start] == b"\n"
        assert (
            b.end is not None
            and b.size == b.end - b.start
            and b.parent == "feed.jsonl"
            and b.out_rel.startswith(".feed.jsonl.")
        )
    # each piece knows the file-wide number of its first line
    assert [p.first_line for p in pieces] == [data[: p.start].count(b"\n") + 1 for p in pieces]
    assert sum(p.size for p in pieces) == len(data)
    # the cuts are the first line end at or after each step
    for (cut, lines), nxt in zip(line_cuts(src, 1000), pieces[1:], strict=True):
        assert cut == nxt.start and lines == nxt.first_line - 1


def test_what_is_not_cut(tmp_path: Path) -> None:
    src = tmp_path / "feed.jsonl"
    _feed(src, 20)
    whole = _task(src)
    assert split_task(whole, whole.size) == [whole]  # not bigger than a piece
    assert split_task(whole, 0) == [whole]  # splitting off
    gz = tmp_path / "feed.jsonl.gz"
    gz.write_bytes(gzip.compress(src.read_bytes()))
    compressed = Task(str(gz), gz.name, "jsonl", "gz", gz.stat().st_size, 0)
    assert split_task(compressed, 100) == [compressed]  # cannot be cut without decompressing
    one_line = tmp_path / "one.jsonl"
    one_line.write_text(json.dumps({"text": "x" * 5000}))
    assert len(split_task(_task(one_line), 100)) == 1  # no line end to cut at


@pytest.mark.slow
def test_cut_file_gives_the_bytes_and_report_of_a_whole_file_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _feed(src / "feed.jsonl", 60, bad_line=41)
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(write_phrases(tmp_path)))
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert main(["batch", str(src), "--out", str(whole), "--workers", "1", *ARGS]) == 1  # one bad line
    assert (
        main(
            [
                "batch",
                str(src),
                "--out",
                str(cut),
                "--workers",
                "2",
                "--split-mb",
                "0.0015",
                *ARGS,
                "--dry-run",
            ]
        )
        == 0
    )
    assert " pieces to do " in capsys.readouterr().out and not cut.exists()
    assert main(["batch", str(src), "--out", str(cut), "--workers", "2", "--split-mb", "0.0015", *ARGS]) == 1
    assert outputs(cut) == outputs(whole) and outputs(whole)["in/feed.jsonl"].count(b"flea market") > 50
    manifest = (cut / ".unspin" / "manifest.jsonl").read_text()
    assert manifest.count(".unspin-piece") >= 4  # it really was cut
    r_cut, r_whole = (json.loads((o / ".unspin" / "report.json").read_text()) for o in (cut, whole))
    for k in ("documents", "words", "edits", "units", "failures"):
        assert r_cut[k] == r_whole[k], k
    assert r_cut["failures"] == [
        {"path": str(src / "feed.jsonl"), "reason": "line 41: invalid JSON (Expecting value, column 1)"}
    ]
    assert r_cut["files"] == r_whole["files"] and r_cut["timings"]["files_this_run"] == 1
    assert not [p for p in cut.rglob("*unspin-*")]  # no piece, part or checkpoint left behind


class Crash(BaseException):
    """Stands in for SIGKILL of the manager between the last piece and the join."""


def _run_killed_before_join(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    """Run the batch ``argv`` in this process until every piece is done, and "kill" it before the join."""
    import app.batch.split

    def crash(*args: object) -> None:
        raise Crash

    with monkeypatch.context() as m:
        m.setattr(app.batch.split, "join", crash)
        with pytest.raises(Crash):
            main(argv)


@pytest.mark.slow
def test_pieces_finished_before_a_kill_are_joined_not_redone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "feed.jsonl"
    _feed(src, 40)
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(write_phrases(tmp_path)))
    out = tmp_path / "out"
    cut = ["batch", str(src), "--out", str(out), "--workers", "2", "--split-mb", "0.001", *ARGS]

    _run_killed_before_join(monkeypatch, cut)
    assert not (out / "feed.jsonl").exists() and list(out.glob(".feed.jsonl.unspin-piece*"))
    capsys.readouterr()
    assert main([*cut, "--dry-run"]) == 0
    assert "0 of " in capsys.readouterr().out  # every piece is done: only the join is left
    assert main(cut) == 0
    r = json.loads((out / ".unspin" / "report.json").read_text())
    assert r["timings"]["documents_this_run"] == 0 and r["documents"] == 40  # joined, nothing repaired again
    clean = tmp_path / "clean"
    assert main(["batch", str(src), "--out", str(clean), "--workers", "1", *ARGS]) == 0
    assert outputs(out) == outputs(clean)
    assert not [p for p in out.rglob("*unspin-*")]


@pytest.mark.slow
def test_sigkill_mid_pieces_then_resume(tmp_path: Path) -> None:
    src = tmp_path / "feed.jsonl"
    _feed(src, 160)
    env = {"UNSPIN_EXTRA_PHRASES": str(write_phrases(tmp_path))}
    args = [
        "--workers",
        "2",
        "--split-mb",
        "0.002",
        "--checkpoint-docs",
        "3",
        "--no-ocr",
        "--progress",
        "none",
    ]
    out = tmp_path / "resumed"
    proc = start_batch(src, out, args, env)
    manifest = out / ".unspin" / "manifest.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b".unspin-piece") >= 3:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the batch finished before it could be killed; make the feed bigger"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not (out / "feed.jsonl").exists()

    resumed = unspin("batch", str(src), "--out", str(out), *args, env=env, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    clean = tmp_path / "clean"
    assert unspin("batch", str(src), "--out", str(clean), *args, env=env, timeout=300).returncode == 0
    assert outputs(out) == outputs(clean)  # byte for byte: nothing lost, nothing written twice
    r = json.loads((out / ".unspin" / "report.json").read_text())
    assert r["documents"] == 160 and 0 < r["timings"]["documents_this_run"] < 160  # finished pieces kept
    assert not [p for p in out.rglob("*unspin-*")]


def test_files_cut_before_are_found_from_their_pieces_manifest_entries() -> None:
    from app.batch.split import cut_before, piece_name

    entries = {piece_name("a/feed.jsonl", 0, 3): {}, piece_name("feed2.jsonl", 2, 3): {}, "a/other.jsonl": {}}
    assert cut_before(entries) == {"a/feed.jsonl", "feed2.jsonl"}


def test_automatic_piece_size_depends_on_the_file_alone_within_bounds() -> None:
    from app.batch.split import MAX_PIECE, MIN_PIECE, auto_piece_bytes

    assert auto_piece_bytes(40_000_000) == 2_500_000  # sixteen pieces, whatever --workers says
    assert auto_piece_bytes(2_000_000) == MIN_PIECE  # tiny pieces cost more than they save
    assert auto_piece_bytes(10_000_000_000) == MAX_PIECE


def test_pieces_of_another_size_are_cleaned_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run killed with one --split-mb and finished with another leaves no piece of the first behind."""
    src = tmp_path / "feed.jsonl"
    _feed(src, 30)
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(write_phrases(tmp_path)))
    out = tmp_path / "out"
    first = ["batch", str(src), "--out", str(out), "--workers", "2", "--split-mb", "0.0012", *ARGS]

    _run_killed_before_join(monkeypatch, first)
    assert list(out.glob(".feed.jsonl.unspin-piece*"))
    assert main([*first[:6], "--split-mb", "0.0007", *ARGS]) == 0
    assert not [p for p in out.rglob("*unspin-*")]
    clean = tmp_path / "clean"
    assert main(["batch", str(src), "--out", str(clean), "--workers", "1", *ARGS]) == 0
    assert outputs(out) == outputs(clean)
