"""Big JSONL files cut into pieces for parallel workers: same bytes as one task, resumable piece by piece."""

from __future__ import annotations

import itertools
import json
import os
import signal
import time
from pathlib import Path

import pytest
from test_batch_resume import outputs
from test_batch_support import build_warc, sentence, start_batch, unspin, write_phrases

from app.batch.compress import compress_stream
from app.batch.plan import Task
from app.batch.split import MAX_STREAM_PIECES, auto_piece_bytes, line_cuts, record_cuts, split_task
from app.batch.worker import open_input
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


def _one_worker(src: Path, out: Path, code: int = 0) -> dict[str, bytes]:
    """The outputs of an uncut run (one worker) of ``src`` into ``out``: what every cut run must equal."""
    assert main(["batch", str(src), "--out", str(out), "--workers", "1", *ARGS]) == code
    return outputs(out)


def _cut(src: Path, out: Path, split_mb: str) -> list[str]:
    """The arguments of a run of ``src`` into ``out`` that cuts files into pieces of ``split_mb`` for two
    workers."""
    return ["batch", str(src), "--out", str(out), "--workers", "2", "--split-mb", split_mb, *ARGS]


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
    one_line = tmp_path / "one.jsonl"
    one_line.write_text(json.dumps({"text": "x" * 5000}))
    assert len(split_task(_task(one_line), 100)) == 1  # no line end to cut at


def _compressed(src: Path, compression: str) -> Task:
    """``src`` compressed as the batch writes it, as a task."""
    out = src.with_name(f"{src.name}.{compression}")
    with open(src, "rb") as fin, open(out, "wb") as f:
        compress_stream(fin, f, compression)
    return Task(str(out), out.name, "jsonl", compression, out.stat().st_size, 0)


@pytest.mark.parametrize("compression", ["gz", "bz2", "zst"])
def test_compressed_files_are_cut_in_their_decompressed_bytes(tmp_path: Path, compression: str) -> None:
    """A stream cannot be entered mid-way, so a piece of a compressed file is read by decompressing from
    the start and skipping to it: its bytes must be exactly its slice of the decompressed file."""
    src = tmp_path / "feed.jsonl"
    _feed(src, 57)
    data = src.read_bytes()
    task = _compressed(src, compression)
    pieces = split_task(task, 1000)
    assert len(pieces) > 3 and pieces[0].start == 0 and pieces[-1].end == len(data)
    for a, b in itertools.pairwise(pieces):
        assert a.end == b.start and data[b.start - 1 : b.start] == b"\n"
    assert [p.first_line for p in pieces] == [data[: p.start].count(b"\n") + 1 for p in pieces]
    read = []
    for p in pieces:
        with open_input(p) as f:
            read.append(f.read())
    assert read == [data[p.start : p.end] for p in pieces]
    # the progress bar counts a piece's share of the file as stored, so the shares add up to the file
    assert sum(p.size for p in pieces) == task.size and all(p.size >= 0 for p in pieces)
    # each piece rereads the stream up to its start: the number of pieces is bounded
    assert 1 < len(split_task(task, 1)) <= MAX_STREAM_PIECES
    # the automatic size is chosen from the decompressed size
    halves = split_task(task, lambda size: size // 2 if size == len(data) else 7)
    assert halves[0].end == data.index(b"\n", len(data) // 2) + 1 and len(halves) == 2


def test_damaged_or_tiny_compressed_files_are_left_whole_for_their_worker(tmp_path: Path) -> None:
    """Planning must not fail on a file the worker would report: a truncated or bogus stream stays whole
    (its worker then says what is wrong), and a tiny one is not even decompressed to decide."""
    src = tmp_path / "feed.jsonl"
    _feed(src, 57)
    good = _compressed(src, "gz")
    data = Path(good.src).read_bytes()
    truncated = tmp_path / "truncated.jsonl.gz"
    truncated.write_bytes(data[: len(data) // 2])
    bogus = tmp_path / "bogus.jsonl.zst"
    bogus.write_bytes(b"not zstd at all" * 100)
    for path, compression in ((truncated, "gz"), (bogus, "zst")):
        task = Task(str(path), path.name, "jsonl", compression, path.stat().st_size, 0)
        assert split_task(task, 1000) == [task]
    tiny = tmp_path / "tiny.jsonl.gz"
    tiny.write_bytes(b"\x1f\x8b but not gzip")
    task = Task(str(tiny), tiny.name, "jsonl", "gz", tiny.stat().st_size, 0)
    assert split_task(task, auto_piece_bytes) == [task]


def test_a_piece_past_the_end_of_its_stream_is_a_file_problem(tmp_path: Path) -> None:
    from app.batch.formats import FileProblem

    src = tmp_path / "feed.jsonl"
    _feed(src, 5)
    task = _compressed(src, "gz")
    piece = Task(task.src, ".x", "jsonl", "gz", 1, 0, start=10**6, end=10**6 + 5, parent=task.out_rel)
    with pytest.raises(FileProblem, match="ended before byte 1000000"):
        open_input(piece)


@pytest.mark.slow
def test_cut_compressed_files_give_the_bytes_of_a_whole_file_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n, compression in enumerate(("gz", "bz2", "zst")):
        plain = tmp_path / f"feed{n}.jsonl"
        _feed(plain, 30 + n)
        task = _compressed(plain, compression)
        Path(task.src).rename(src / Path(task.src).name)
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(write_phrases(tmp_path)))
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    expected = _one_worker(src, whole)
    assert main(_cut(src, cut, "0.0015")) == 0
    assert outputs(cut) == expected  # compressed bytes identical, not only their contents
    assert len(expected) == 3 and all(v[:2] != b"{" for v in expected.values())
    manifest = (cut / ".unspin" / "manifest.jsonl").read_text()
    for name in ("feed0.jsonl.gz", "feed1.jsonl.bz2", "feed2.jsonl.zst"):
        assert manifest.count(f".{name}.unspin-piece") >= 3, name  # each really was cut
    assert not [p for p in cut.rglob("*unspin-*")]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_files_are_cut_at_record_starts(tmp_path: Path, gz: bool) -> None:
    from warcio.archiveiterator import ArchiveIterator

    src = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    build_warc(src, n_pages=6, gz=gz)
    task = Task(str(src), src.name, "warc", "gz" if gz else None, src.stat().st_size, 0)
    pieces = split_task(task, 1500)
    assert len(pieces) > 3 and sum(p.size for p in pieces) == task.size
    starts = []
    with open_input(task) as f:
        it = ArchiveIterator(f)
        for r in it:
            starts.append(it.get_record_offset())
            it.read_to_end(r)
    # every piece starts where a record starts, and numbers its records from the file's first
    assert [p.start for p in pieces] == [0, *(c for c, _n in record_cuts(src, 1500, task.compression))]
    assert [p.first_line for p in pieces] == [starts.index(p.start) + 1 for p in pieces]
    # a damaged record ends the search for cuts (its piece will report it), and does not stop planning
    intact, broken = tmp_path / "intact.warc", tmp_path / "broken.warc"
    with open_input(task) as f:
        intact.write_bytes(f.read())
    data = intact.read_bytes()
    broken.write_bytes(data[: starts[8]] + b"this is not a WARC record\r\n\r\n" + data[starts[8] :])
    expected = [c for c in record_cuts(intact, 500) if c[0] < starts[8]]
    assert len(expected) >= 2 and record_cuts(broken, 500) == expected


@pytest.mark.slow
def test_cut_warc_files_give_the_bytes_and_report_of_a_whole_file_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    build_warc(src / "a.warc", n_pages=8)
    build_warc(src / "b.warc.gz", n_pages=8, gz=True)
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(write_phrases(tmp_path)))
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    expected = _one_worker(src, whole)
    assert main(_cut(src, cut, "0.002")) == 0
    assert outputs(cut) == expected and len(expected) == 2
    assert expected["in/b.warc.gz"][:2] == b"\x1f\x8b"
    manifest = (cut / ".unspin" / "manifest.jsonl").read_text()
    assert manifest.count(".a.warc.unspin-piece") >= 3 and manifest.count(".b.warc.gz.unspin-piece") >= 3
    r_cut, r_whole = (json.loads((o / ".unspin" / "report.json").read_text()) for o in (cut, whole))
    for k in ("documents", "words", "edits", "units", "notes"):
        assert r_cut[k] == r_whole[k], k
    assert not [p for p in cut.rglob("*unspin-*")]


@pytest.mark.slow
def test_cut_file_gives_the_bytes_and_report_of_a_whole_file_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    _feed(src / "feed.jsonl", 60, bad_line=41)
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(write_phrases(tmp_path)))
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    expected = _one_worker(src, whole, code=1)  # one bad line
    assert main([*_cut(src, cut, "0.0015"), "--dry-run"]) == 0
    assert " pieces to do " in capsys.readouterr().out and not cut.exists()
    assert main(_cut(src, cut, "0.0015")) == 1
    assert outputs(cut) == expected and expected["in/feed.jsonl"].count(b"flea market") > 50
    manifest = (cut / ".unspin" / "manifest.jsonl").read_text()
    assert manifest.count(".unspin-piece") >= 4  # it really was cut
    r_cut, r_whole = (json.loads((o / ".unspin" / "report.json").read_text()) for o in (cut, whole))
    for k in ("documents", "words", "edits", "units", "failures", "spun_documents", "spin_score_histogram"):
        assert r_cut[k] == r_whole[k], k
    assert r_whole["spun_documents"] > 0  # the pieces' verdicts add up to the whole file's
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
    cut = _cut(src, out, "0.001")

    _run_killed_before_join(monkeypatch, cut)
    assert not (out / "feed.jsonl").exists() and list(out.glob(".feed.jsonl.unspin-piece*"))
    capsys.readouterr()
    assert main([*cut, "--dry-run"]) == 0
    assert "0 of " in capsys.readouterr().out  # every piece is done: only the join is left
    assert main(cut) == 0
    r = json.loads((out / ".unspin" / "report.json").read_text())
    assert r["timings"]["documents_this_run"] == 0 and r["documents"] == 40  # joined, nothing repaired again
    assert outputs(out) == _one_worker(src, tmp_path / "clean")
    assert not [p for p in out.rglob("*unspin-*")]


@pytest.mark.slow
@pytest.mark.parametrize("compression", [None, "gz"])
def test_sigkill_mid_pieces_then_resume(tmp_path: Path, compression: str | None) -> None:
    src = tmp_path / "feed.jsonl"
    _feed(src, 160)
    if compression:  # a compressed file's pieces resume the same way, reading up to their start again
        src = Path(_compressed(src, compression).src)
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
    assert not (out / src.name).exists()

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
    first = _cut(src, out, "0.0012")

    _run_killed_before_join(monkeypatch, first)
    assert list(out.glob(".feed.jsonl.unspin-piece*"))
    assert main(_cut(src, out, "0.0007")) == 0
    assert not [p for p in out.rglob("*unspin-*")]
    assert outputs(out) == _one_worker(src, tmp_path / "clean")


@pytest.mark.parametrize("finish", [["--workers", "1"], ["--workers", "2", "--split-mb", "0"]])
def test_pieces_of_a_killed_run_are_removed_when_the_file_is_finished_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, finish: list[str]
) -> None:
    """Session 22's archive audit: a run that cut a file was killed, the job finished without cutting, and
    the pieces' part, checkpoint and lock files stayed for good. A later run that repairs or finds done the
    file whole removes them; so does one that cuts a file an earlier run had begun whole."""
    src = tmp_path / "feed.jsonl"
    _feed(src, 30)
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(write_phrases(tmp_path)))
    out = tmp_path / "out"
    _run_killed_before_join(monkeypatch, _cut(src, out, "0.0012"))
    assert list(out.glob(".feed.jsonl.unspin-piece*"))
    (out / "..feed.jsonl.unspin-piece9.unspin-ckpt").write_text("{}")  # an unfinished piece's checkpoint
    assert main(["batch", str(src), "--out", str(out), *finish, *ARGS]) == 0
    assert not [p.name for p in out.rglob("*unspin-*")]
    assert outputs(out) == _one_worker(src, tmp_path / "clean")
    # the reverse: a whole file's leftovers, then a run that cuts it
    other = tmp_path / "out2"
    assert main(["batch", str(src), "--out", str(other), "--workers", "1", "--dry-run", *ARGS]) == 0
    other.mkdir(exist_ok=True)
    for suffix in ("part", "ckpt", "lock"):
        (other / f".feed.jsonl.unspin-{suffix}").write_text("")
    assert main(_cut(src, other, "0.0012")) == 0
    assert not [p.name for p in other.rglob("*unspin-*")]


def test_reading_a_big_file_for_its_cuts_is_announced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Finding the cuts reads the whole file before the progress bar starts: for a big file the user is told
    why nothing seems to happen (the threshold is lowered here so that a small file counts as big)."""
    import app.batch.command

    src = tmp_path / "feed.jsonl"
    _feed(src, 20)
    monkeypatch.setattr(app.batch.command, "SLOW_TO_CUT", 1)
    base = ["batch", str(src), "--workers", "2", "--split-mb", "0.001", "--no-ocr", "--dry-run"]
    assert main([*base, "--out", str(tmp_path / "a"), "--progress", "log"]) == 0
    assert f"reading {src} (" in capsys.readouterr().err
    assert main([*base, "--out", str(tmp_path / "b"), "--progress", "none"]) == 0
    assert "reading" not in capsys.readouterr().err
