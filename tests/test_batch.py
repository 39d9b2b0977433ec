"""`unspin batch` in one process (--workers 0): formats round trip, safety, bad input, detect-only, dry run.

Every expected output is computed by calling ``app.repair`` on the same text here, so these tests pin the batch
plumbing (what is read, where edits land, what is kept byte for byte), not the engine's choices; the phrase
file guarantees that edits do happen.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
import zstandard
from test_batch_support import HTML, batch, build_warc, read_jsonl, sentence
from warcio.archiveiterator import ArchiveIterator

import app
from app.batch import worker
from app.batch.html_text import apply_to_html, extract
from app.batch.plan import Task, build_plan
from app.batch.worker import BatchConfig, paths_for, process_file, set_progress_hook
from app.engine.types import Edit, RepairOptions

OPTS = RepairOptions(ocr=False)


def fixed(text: str) -> str:
    return app.repair(text, OPTS).text


def report(out: Path) -> dict:
    return json.loads((out / ".unspin" / "report.json").read_text())


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def digest(root: Path) -> str:
    return hashlib.sha256(repr(sorted(tree(root).items())).encode()).hexdigest()


def test_txt_round_trip_all_compressions(tmp_path: Path, phrases: Path) -> None:
    src = tmp_path / "in"
    (src / "deep" / "er").mkdir(parents=True)
    texts = {
        name: sentence(i) + "\n\nSecond paragraph: the flea bazaar again.\n" for i, name in enumerate("abcd")
    }
    (src / "a.txt").write_text(texts["a"], encoding="utf-8")
    (src / "deep" / "b.txt.gz").write_bytes(gzip.compress(texts["b"].encode()))
    (src / "deep" / "er" / "c.txt.bz2").write_bytes(bz2.compress(texts["c"].encode()))
    (src / "deep" / "er" / "d.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(texts["d"].encode()))
    (src / "notes.pdf").write_bytes(b"%PDF-1.4")
    before = digest(src)
    out = tmp_path / "out"
    assert batch(src, "--out", out) == 0
    assert digest(src) == before  # inputs untouched
    got = out / "in"
    assert (got / "a.txt").read_text(encoding="utf-8") == fixed(texts["a"])
    assert gzip.decompress((got / "deep" / "b.txt.gz").read_bytes()).decode() == fixed(texts["b"])
    assert bz2.decompress((got / "deep" / "er" / "c.txt.bz2").read_bytes()).decode() == fixed(texts["c"])
    zst = (
        zstandard.ZstdDecompressor()
        .stream_reader(io.BytesIO((got / "deep/er/d.txt.zst").read_bytes()))
        .read()
    )
    assert zst.decode() == fixed(texts["d"])
    assert "the flea market again" in (got / "a.txt").read_text()
    r = report(out)
    assert r["files"] == {
        "planned": 4,
        "done": 4,
        "failed": 0,
        "already_done_before_this_run": 0,
        "not_archives": 1,
    }
    expected_edits = sum(len(app.repair(t, OPTS).edits) for t in texts.values())
    assert r["documents"] == 4 and r["edits"] == expected_edits >= 4
    assert sum(r["spin_score_histogram"]["counts"]) == 4
    assert r["spun_documents"] == sum(app.repair(t, OPTS).spun for t in texts.values())
    assert r["skipped"][0]["path"].endswith("notes.pdf")
    assert not [p for p in out.rglob("*unspin-*")]  # no part/ckpt/tmp files left


def test_jsonl_keeps_every_other_byte(tmp_path: Path, phrases: Path) -> None:
    src = tmp_path / "feed.jsonl.gz"
    lines = [
        '{"id": 1, "body": "The officers met at the flea bazaar.", "meta": {"n": 1.50, "u": "caf\\u00e9"}}',
        '{"id":2,"body":"Nothing to change here."}',
        "",
        '{"id":3,"title":"no body field"}',
    ]
    src.write_bytes(gzip.compress(("\r\n".join(lines) + "\n").encode()))
    out = tmp_path / "out"
    assert batch(src, "--out", out, "--text-field", "body", "--result-field", "fix") == 0
    raw = gzip.decompress((out / "feed.jsonl.gz").read_bytes()).decode()
    got = raw.split("\r\n")
    assert got[0].startswith(lines[0][:-1] + ',"fix":')  # original bytes kept, field appended
    assert got[2] == "" and got[3].rstrip("\n") == lines[3]
    first = json.loads(got[0])
    assert first["meta"] == {"n": 1.5, "u": "café"}
    assert first["fix"]["text"] == fixed("The officers met at the flea bazaar.")
    assert "flea market" in first["fix"]["text"]
    assert "flea market" in [e["replacement"] for e in first["fix"]["edits"]]
    assert json.loads(got[1])["fix"]["edits"] == []
    r = report(out)
    assert r["documents"] == 2 and r["edits"] == len(first["fix"]["edits"])
    assert r["note_count"] == 1 and r["failure_count"] == 0


def _records(path: Path) -> list[tuple[str, str, bytes, dict[str, str]]]:
    with open(path, "rb") as f:
        return [
            (
                r.rec_type,
                r.rec_headers.get_header("WARC-Target-URI") or "",
                r.content_stream().read(),
                dict(r.rec_headers.headers),
            )
            for r in ArchiveIterator(f, check_digests="raise")
        ]


@pytest.mark.parametrize("name", ["site.warc", "site.warc.gz", "site.warc.zst"])
def test_warc_round_trip_read_back_by_warcio(tmp_path: Path, phrases: Path, name: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    plain = tmp_path / "plain.warc"
    build_warc(plain, n_pages=3, gz=name.endswith(".gz"))
    data = plain.read_bytes()
    (src / name).write_bytes(zstandard.ZstdCompressor().compress(data) if name.endswith(".zst") else data)
    out = tmp_path / "out"
    assert batch(src, "--out", out) == 0
    result = out / "in" / name
    if name.endswith(".zst"):
        result.with_suffix("").write_bytes(
            zstandard.ZstdDecompressor().stream_reader(result.open("rb")).read()
        )
        result, plain = result.with_suffix(""), plain
    before, after = _records(plain), _records(result)  # check_digests="raise": digests must be right
    assert [(t, u) for t, u, _, _ in before] == [(t, u) for t, u, _, _ in after]
    changed = 0
    for (rtype, uri, old, old_h), (_, _, new, new_h) in zip(before, after, strict=True):
        if uri.endswith(".png") or rtype != "response":
            assert new == old and new_h == old_h  # untouched records are copied exactly
            continue
        if uri.endswith(".txt"):
            assert new.decode() == fixed(old.decode())
        else:
            page = extract(old.decode())
            assert new.decode() == apply_to_html(page, app.repair(page.text, OPTS).edits)[0]
            assert "var s = 'officers said'" in new.decode() and "<!-- officers -->" in new.decode()
            assert "it&#39;s near the flea market &amp; ferry" in new.decode()
        if new != old:
            changed += 1
            assert new_h["WARC-Record-ID"] != old_h["WARC-Record-ID"]
            assert new_h["WARC-Unspin-Source-Record-ID"] == old_h["WARC-Record-ID"]
    assert changed >= 4
    if name.endswith(".gz"):  # one gzip member per record, as the WARC standard recommends
        with open(result, "rb") as f:
            it = ArchiveIterator(f)
            offsets = [it.get_record_offset() for _ in it if it.read_to_end() is None]
        assert len(offsets) == len(before) and len(set(offsets)) == len(offsets)


def test_html_text_nodes_only() -> None:
    src = HTML.format(extra="Extra.")
    page = extract(src)
    assert "var s" not in page.text and "margin" not in page.text and "<!--" not in page.text
    assert "it's near the flea bazaar & ferry." in page.text
    i = page.text.index("flea bazaar")
    j = page.text.index("motion\n\n picture")  # split by <b>: an edit across it must be dropped
    edits = (
        Edit(i, i + 11, "flea bazaar", "flea <market>", 1.0, "t"),
        Edit(j, j + 17, "motion\n\n picture", "film", 1.0, "t"),
    )
    html_out, applied = apply_to_html(page, edits)
    assert applied == 1
    assert html_out == src.replace("flea bazaar", "flea &lt;market&gt;")


def test_overlapping_out_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "archive"
    src.mkdir()
    (src / "a.txt").write_text("Hello.\n")
    for out in (src, src / "fixed", tmp_path):
        assert batch(src, "--out", out) == 2
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0 and err.startswith("unspin: error: --out") and "overlaps" in err
    assert sorted(p.name for p in src.iterdir()) == ["a.txt"]


def test_bad_inputs_are_reported_and_skipped(tmp_path: Path, phrases: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text("They met at the flea bazaar.\n")
    (src / "latin1.txt").write_bytes("Caf\xe9 officers\n".encode("latin-1"))
    (src / "cut.txt.gz").write_bytes(gzip.compress(b"The officers left. " * 200)[:-30])
    (src / "cut.txt.zst").write_bytes(zstandard.ZstdCompressor().compress(b"officers " * 500)[:-20])
    (src / "notwarc.warc").write_bytes(b"this is not a WARC file\n")
    build_warc(tmp_path / "ok.warc", n_pages=2)
    (src / "truncated.warc").write_bytes((tmp_path / "ok.warc").read_bytes()[:-150])
    (src / "lines.jsonl").write_bytes(
        b'{"text":"The officers left."}\n{"text": "bad \xff"}\n{oops}\n{"text": "nul \\u0000 officers"}\n'
    )
    (src / "image.txt").write_bytes(b"GIF89a\x00\x01officers")
    out = tmp_path / "out"
    assert batch(src, "--out", out) == 1
    r = report(out)
    reasons = {Path(f["path"]).name + ": " + f["reason"] for f in r["failures"]}
    assert r["files"]["failed"] == 6 and r["files"]["done"] == 2
    expected = [
        "latin1.txt: not valid UTF-8 (byte 3)",
        "cut.txt.gz: compressed data is truncated",
        "cut.txt.zst: compressed data is truncated",
        "notwarc.warc: broken WARC",
        "truncated.warc: record 9",
        "lines.jsonl: line 2: not valid UTF-8",
        "lines.jsonl: line 3: invalid JSON",
        "lines.jsonl: line 4: text contains a NUL character at offset 4",
        "image.txt: looks binary (a NUL byte at byte 6)",
    ]
    for prefix in expected:
        assert any(x.startswith(prefix) for x in reasons), (prefix, reasons)
    assert (out / "in" / "good.txt").read_text() == "They met at the flea market.\n"
    first, bad, oops, nul = (out / "in" / "lines.jsonl").read_bytes().splitlines()
    result = json.loads(first)["unspin"]
    assert result["text"] == fixed("The officers left.")
    assert set(result["spinner_sources"]) == {"wn", "moby", "mythes", "phrases"}
    assert (bad, oops) == (b'{"text": "bad \xff"}', b"{oops}")  # kept as they were
    assert nul == b'{"text": "nul \\u0000 officers"}'
    for name in ("latin1.txt", "truncated.warc", "image.txt"):
        assert not (out / "in" / name).exists()


def test_detect_only_writes_no_repairs(tmp_path: Path, phrases: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The officers met at the flea bazaar.\n")
    (src / "b.jsonl").write_text(
        '{"text":"Plain words only."}\n{"text":"A motion picture, officers said."}\n'
    )
    out = tmp_path / "out"
    assert batch(src, "--out", out, "--detect-only") == 0
    files = sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and ".unspin" not in p.parts
    )
    assert files == ["in/a.txt.detect.jsonl", "in/b.jsonl.detect.jsonl"]
    det = read_jsonl(out / "in" / "b.jsonl.detect.jsonl")
    assert [d["doc"] for d in det] == ["in/b.jsonl:1", "in/b.jsonl:2"]
    expected = app.detect("A motion picture, officers said.", OPTS)
    assert det[1]["spin_score"] == round(expected.spin_score, 4)
    assert [d["spun"] for d in det] == [
        app.detect(t, OPTS).spun for t in ("Plain words only.", "A motion picture, officers said.")
    ]
    assert len(det[1]["spans"]) == len(expected.spans) > 0
    r = report(out)
    assert r["mode"] == "detect" and r["documents"] == 3 and r["edits"] == 0
    assert r["most_spun"][0]["spin_score"] >= r["most_spun"][-1]["spin_score"]


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    (src / "2019").mkdir(parents=True)
    (src / "2020").mkdir()
    (src / "2019" / "a.txt").write_text("x\n")
    (src / "2020" / "a.txt").write_text("y\n")
    (src / "2020" / "b.warc.gz").write_bytes(b"")
    out = tmp_path / "out"
    assert batch(str(src / "**" / "*.*"), "--out", out, "--dry-run") == 0  # a quoted glob mirrors the tree
    printed = capsys.readouterr().out
    assert "todo" in printed and str(out / "2020" / "b.warc.gz") in printed
    assert str(out / "2019" / "a.txt") in printed and str(out / "2020" / "a.txt") in printed
    assert not out.exists()
    assert batch(src / "2019" / "a.txt", src / "2020" / "a.txt", "--out", out, "--dry-run") == 2
    assert "would both be written to a.txt" in capsys.readouterr().err


def test_changed_options_refuse_to_mix_into_existing_out(
    tmp_path: Path, phrases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("The officers left.\n")
    out = tmp_path / "out"
    assert batch(tmp_path / "a.txt", "--out", out) == 0
    assert batch(tmp_path / "a.txt", "--out", out, "--min-confidence", "0.9") == 2
    assert "other options" in capsys.readouterr().err
    with open(out / ".unspin" / "manifest.jsonl", "ab") as m:
        m.write(b'{"key": "torn by a kill mid-wri')  # a torn last line is cut off, not fatal
    assert batch(tmp_path / "a.txt", "--out", out) == 0  # same options: nothing left to do
    assert report(out)["files"]["already_done_before_this_run"] == 1
    assert (out / ".unspin" / "manifest.jsonl").read_bytes().endswith(b"}\n")


class Crash(BaseException):
    """Stands in for SIGKILL: not an Exception, so the worker's error handling does not clean up."""


def _killed_at_checkpoint(task: Task, cfg: BatchConfig, n: int) -> list[tuple[int, int]]:
    """Process ``task`` until its ``n``-th progress report (with ``PROGRESS_EVERY_S`` huge, its ``n``-th
    checkpoint), then stop as a kill would; returns each report's (documents, stored bytes read)."""
    seen: list[tuple[int, int]] = []

    def report(docs: int, words: int, file: str, read: int) -> None:
        seen.append((docs, read))
        if len(seen) == n:
            raise Crash

    set_progress_hook(report)
    try:
        with pytest.raises(Crash):
            process_file(task, cfg)
    finally:
        set_progress_hook(None)
    return seen


def test_partial_checkpoint_resumes_without_repeating(
    tmp_path: Path, phrases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setattr(worker, "PROGRESS_EVERY_S", 1e9)  # the hook then runs at checkpoints only
    src = tmp_path / "in"
    src.mkdir()
    rows = [json.dumps({"id": i, "text": sentence(i) + " The flea bazaar."}) for i in range(30)]
    (src / "feed.jsonl.zst").write_bytes(
        zstandard.ZstdCompressor().compress(("\n".join(rows) + "\n").encode())
    )
    build_warc(src / "site.warc.gz", n_pages=5, gz=True)
    tasks = build_plan([str(src)], tmp_path / "out", None).tasks
    cfg = BatchConfig(str(tmp_path / "out"), "job", OPTS, checkpoint_docs=3)
    clean_cfg = BatchConfig(str(tmp_path / "clean"), "job", OPTS, checkpoint_docs=3)
    for task in tasks:
        _killed_at_checkpoint(task, cfg, 3)
        final, part, ckpt = paths_for(cfg, task)
        assert part.exists() and ckpt.exists() and not final.exists()
        with open(part, "ab") as f:
            f.write(b"half a record written when the power went")  # beyond the checkpoint: must be cut
        resumed = process_file(task, cfg)
        clean = process_file(task, clean_cfg)
        assert resumed.ok and clean.ok and resumed.resumed_units >= 6
        assert final.read_bytes() == paths_for(clean_cfg, task)[0].read_bytes()
        assert (resumed.stats.docs, resumed.stats.edits) == (clean.stats.docs, clean.stats.edits)
        assert resumed.stats.edits > 0


@pytest.mark.parametrize("name", ["book.txt", "book.txt.gz"])
def test_a_long_text_file_is_done_in_checkpointed_blocks_and_resumes(
    tmp_path: Path, phrases: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A book in one .txt: each of the engine's blocks is a unit with a checkpoint, so a kill costs at most
    the block in progress, the progress bar moves through the book, and the output is still byte for byte
    one ``repair()`` of the whole text. The engine's sizes are shrunk so a short text has ten blocks."""
    import functools

    from app.engine import pipeline

    monkeypatch.setattr(pipeline, "LONG_TEXT_CHARS", 9_000)
    monkeypatch.setattr(pipeline, "text_blocks", functools.partial(pipeline.text_blocks, size=3_000))
    monkeypatch.setattr(worker, "CHECKPOINT_EVERY_S", 0.0)  # a checkpoint after every block
    monkeypatch.setattr(worker, "PROGRESS_EVERY_S", 1e9)  # the hook then runs at checkpoints only
    paragraphs = [" ".join(sentence(i * 3 + j) for j in range(3)) for i in range(100)]
    text = "\r\n\r\n".join(paragraphs) + "\r\n"
    whole = app.repair(text, OPTS)
    assert len(pipeline.text_blocks(text)) >= 8 and whole.edits
    src = tmp_path / "in"
    src.mkdir()
    data = text.encode()
    (src / name).write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    [task] = build_plan([str(src)], tmp_path / "out", None).tasks
    cfg = BatchConfig(str(tmp_path / "out"), "job", OPTS, checkpoint_docs=10**6)
    seen = _killed_at_checkpoint(task, cfg, 4)
    assert [d for d, _ in seen] == [1, 0, 0, 0]  # one document, however many blocks
    reads = [r for _, r in seen]
    assert reads == sorted(reads) and 0 < reads[0] < reads[-1] < task.size  # the bar moves inside the file
    final = paths_for(cfg, task)[0]
    assert not final.exists()
    resumed = process_file(task, cfg)
    assert resumed.ok and resumed.resumed_units == 4
    written = final.read_bytes()
    assert (gzip.decompress(written) if name.endswith(".gz") else written) == whole.text.encode()
    stats = resumed.stats
    assert (stats.docs, stats.edits, stats.words) == (1, len(whole.edits), whole.stats["words"])


def test_warc_chunked_gzip_payload_is_stored_decoded(tmp_path: Path, phrases: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    text = b"<p>The flea bazaar reopened, officers said.</p>"
    gz = gzip.compress(text, mtime=0)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(gz), gz)
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")]
    with open(tmp_path / "enc.warc", "wb") as f:
        w = WARCWriter(f, gzip=False)
        hh = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
        w.write_record(
            w.create_warc_record(
                "http://example.org/e", "response", payload=io.BytesIO(chunked), http_headers=hh
            )
        )
    out = tmp_path / "out"
    assert batch(tmp_path / "enc.warc", "--out", out) == 0
    with open(out / "enc.warc", "rb") as f:
        recs = []
        for rec in ArchiveIterator(f, check_digests="raise"):
            recs.append((rec.http_headers, rec.content_stream().read()))
    [(http, body)] = recs
    assert http.get_header("Content-Encoding") is None and http.get_header("Transfer-Encoding") is None
    assert int(http.get_header("Content-Length")) == len(body)
    page = extract(text.decode())
    assert body.decode() == apply_to_html(page, app.repair(page.text, OPTS).edits)[0]
    assert b"flea market" in body


def test_result_field_added_in_place_or_replaced() -> None:
    from app.batch.formats import _with_field

    line = '{"b": 1.50,  "a": "x"}  '
    assert _with_field(line, json.loads(line), "r", {"k": "é"}) == '{"b": 1.50,  "a": "x","r":{"k": "é"}}  '
    again = '{"r": "old", "a": 1}'  # re-running on an output: the old value is replaced, not duplicated
    assert json.loads(_with_field(again, json.loads(again), "r", 2)) == {"r": 2, "a": 1}
    assert _with_field("{}", {}, "r", 1) == '{"r":1}'


def test_stale_temp_files_of_killed_runs_are_removed(tmp_path: Path) -> None:
    import subprocess

    from app.batch.command import remove_stale_temps

    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = out / "sub" / f".a.txt.unspin-tmp{dead.pid}"
    stale.write_text("half")
    # a PID that is still "alive" (a zombie worker of the killed run, or a reused PID) is stale all the same:
    # the run that calls this holds the output lock, so no live run can be writing
    zombie = out / f".b.txt.unspin-tmp{os.getpid()}"
    zombie.write_text("half")
    keep = out / "sub" / "a.txt"
    keep.write_text("done")
    hidden = out / ".notes.txt"
    hidden.write_text("a user's file")
    assert remove_stale_temps(out) == 2
    assert not stale.exists() and not zombie.exists()
    assert keep.read_text() == "done" and hidden.read_text() == "a user's file"
