"""What session 21's audit of the command line found, pinned: nothing is lost, nothing overwritten, every
mistake one line.

* a cut ``.warc.gz`` fails as truncated instead of passing with its last records missing;
* ``--report`` and ``learn --out`` never land on or inside an input, and an unwritable or missing folder is
  refused before the work, not with a traceback after it;
* a fresh ``--out`` that already holds someone else's file at an output path is refused;
* ``--dry-run`` refuses an --out made with other options, as the real run does;
* a JSONL line that already has the result field keeps every other byte;
* repaired HTML in a WARC spells characters as the page did (``White&nbsp;House``);
* the progress hook tells how far into a file its worker has read.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from pathlib import Path

import pytest
from test_batch_support import batch, build_warc

from app.cli import main


def one_line_error(capsys: pytest.CaptureFixture[str], *words: str) -> None:
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("unspin: error:"), err
    for w in words:
        assert w in err, err


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_cut_compressed_warc_fails_as_truncated(tmp_path: Path, phrases: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    build_warc(whole, n_pages=6, gz=True)
    cut = tmp_path / "in" / "cut.warc.gz"
    cut.parent.mkdir()
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    assert batch(cut.parent, "--out", tmp_path / "out") == 1
    rep = json.loads((tmp_path / "out" / ".unspin" / "report.json").read_text())
    assert rep["files"]["failed"] == 1 and "truncated" in rep["failures"][0]["reason"]
    assert not (tmp_path / "out" / "cut.warc.gz").exists()
    assert batch(whole, "--out", tmp_path / "out_whole") == 0  # the uncut file is fine


def test_report_and_profile_never_land_on_an_input(
    tmp_path: Path, phrases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    doc = src / "a.txt"
    doc.write_text("The officers met.\n", encoding="utf-8")
    before = sha(doc)
    assert batch(src, "--out", tmp_path / "out", "--report", doc) == 2
    one_line_error(capsys, "--report", "inside source")
    assert batch(src, "--out", tmp_path / "out", "--report", src / "new.json") == 2
    one_line_error(capsys, "inside source")
    assert main(["learn", str(src), "--out", str(doc)]) == 2
    one_line_error(capsys, "--out", "inside source")
    assert sha(doc) == before and not (src / "new.json").exists()
    assert batch(src, "--out", tmp_path / "out", "--report", tmp_path / "no" / "such" / "r.json") == 2
    one_line_error(capsys, "does not exist")
    assert not (tmp_path / "no").exists()
    (tmp_path / "adir").mkdir()
    assert main(["learn", str(src), "--out", str(tmp_path / "adir")]) == 2
    one_line_error(capsys, "is a folder")
    assert batch(src, "--out", tmp_path / "out", "--report", tmp_path / "r.json") == 0
    assert json.loads((tmp_path / "r.json").read_text())["files"]["done"] == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--out", ""], ["--out"]),
        (["--out", "OUT", "--log-every", "-5"], ["--log-every"]),
    ],
)
def test_bad_batch_options_are_one_line(
    tmp_path: Path, phrases: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: list[str]
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("The officers met.\n", encoding="utf-8")
    argv = [a.replace("OUT", str(tmp_path / "out")) for a in args]
    assert batch(doc, *argv) == 2
    one_line_error(capsys, *words)


def test_negative_counts_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = tmp_path / "c.jsonl"
    cases.write_text(json.dumps({"spun": "a", "original": "a"}) + "\n", encoding="utf-8")
    assert main(["eval", str(cases), "--limit", "-1"]) == 2
    one_line_error(capsys, "--limit")
    assert main(["learn", str(cases), "--out", str(tmp_path / "p.tsv"), "--min-count", "-3"]) == 2
    one_line_error(capsys, "--min-count")


def test_eval_of_a_file_that_is_not_utf8_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    latin = tmp_path / "latin1.jsonl"
    latin.write_bytes(json.dumps({"spun": "x", "original": "x"}).encode() + b"\n" + b'{"spun": "caf\xe9"}\n')
    assert main(["eval", str(latin)]) == 2
    one_line_error(capsys, "latin1.jsonl:2", "UTF-8")
    packed = tmp_path / "cases.jsonl.gz"
    packed.write_bytes(gzip.compress(b'{"spun": "x", "original": "x"}\n'))
    assert main(["eval", str(packed)]) == 2
    one_line_error(capsys, "cases.jsonl.gz:1")


def test_a_dask_address_without_a_port_is_one_line(
    tmp_path: Path, phrases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("distributed")
    doc = tmp_path / "a.txt"
    doc.write_text("The officers met.\n", encoding="utf-8")
    assert batch(doc, "--out", tmp_path / "out", "--dask", "notanaddress") == 2
    one_line_error(capsys, "Dask scheduler")


def test_a_fresh_out_holding_someone_elses_file_is_refused(
    tmp_path: Path, phrases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("The officers met.\n", encoding="utf-8")
    out = tmp_path / "out"
    theirs = out / "in" / "a.txt"  # where the output of in/a.txt goes
    theirs.parent.mkdir(parents=True)
    theirs.write_text("somebody's notes\n", encoding="utf-8")
    assert batch(src, "--out", out) == 2
    one_line_error(capsys, "already holds")
    assert theirs.read_text(encoding="utf-8") == "somebody's notes\n"
    theirs.unlink()
    assert batch(src, "--out", out) == 0  # an empty --out is fine, and a rerun resumes its own batch
    assert batch(src, "--out", out) == 0
    assert theirs.read_text(encoding="utf-8") == "The officials met.\n"


def test_dry_run_refuses_an_out_made_with_other_options(
    tmp_path: Path, phrases: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text("The officers met.\n", encoding="utf-8")
    assert batch(doc, "--out", tmp_path / "out") == 0
    capsys.readouterr()
    assert batch(doc, "--out", tmp_path / "out", "--min-confidence", "0.9", "--dry-run") == 2
    one_line_error(capsys, "other options")


def test_a_line_with_the_result_field_keeps_its_other_bytes(tmp_path: Path, phrases: Path) -> None:
    """A batch run over an earlier run's output replaces the field's value in place; before, the whole line
    was serialised again (``1.0e3`` became ``1000.0``)."""
    src = tmp_path / "in.jsonl"
    line = '{"id":2,  "text":"The officers met.","unspin":{"old": [1, {"x": 2}]}, "n": 1.0e3}'
    src.write_text(line + "\n", encoding="utf-8")
    assert batch(src, "--out", tmp_path / "out") == 0
    out = (tmp_path / "out" / "in.jsonl").read_text(encoding="utf-8")
    assert out.startswith('{"id":2,  "text":"The officers met.","unspin":{"text": "The officials met."')
    assert out.endswith(', "n": 1.0e3}\n')
    assert json.loads(out)["unspin"]["text"] == "The officials met."


def test_html_repairs_keep_the_pages_references() -> None:
    import app
    from app.batch.html_text import apply_to_html, extract

    page = extract("<p>Officers were at the White&nbsp;Home. We are able to&rsquo;t &amp; won&rsquo;t.</p>")
    rep = app.repair(page.text)
    html, applied = apply_to_html(page, rep.edits)
    assert applied >= 2
    assert "White&nbsp;House" in html and "We can&rsquo;t &amp; won&rsquo;t" in html
    assert "\u00a0" not in html and "\u2019" not in html


def test_progress_hook_reports_how_far_into_the_file(
    tmp_path: Path, phrases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.batch import worker
    from app.batch.plan import build_plan
    from app.batch.worker import BatchConfig, process_file, set_progress_hook
    from app.engine.types import RepairOptions

    src = tmp_path / "feed.jsonl.gz"
    rng = random.Random(21)  # padding that does not compress away: the file spans several reads
    rows = [
        json.dumps({"id": i, "text": f"Item {i}: the officers met.", "pad": rng.randbytes(300).hex()})
        for i in range(800)
    ]
    src.write_bytes(gzip.compress(("\n".join(rows) + "\n").encode(), mtime=0))
    (task,) = build_plan([str(src)], tmp_path / "out", None).tasks
    monkeypatch.setattr(worker, "PROGRESS_EVERY_S", 0.0)  # report after every document
    reports: list[tuple[int, int, str, int]] = []
    set_progress_hook(lambda *r: reports.append(r))
    try:
        res = process_file(task, BatchConfig(str(tmp_path / "out"), "job", RepairOptions(ocr=False)))
    finally:
        set_progress_hook(None)
    assert res.ok and sum(r[0] for r in reports) == res.stats.docs == 800
    read = [r[3] for r in reports]
    assert all(r[2] == task.out_rel for r in reports)
    assert read == sorted(read) and 0 < read[0] < task.size and read[-1] == task.size


def test_folders_the_walk_cannot_enter_are_reported_not_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Session 22's archive audit: a linked folder and an unreadable one were left out without a word, and the
    run ended 0. A link to a folder is listed as skipped (not followed); a folder that cannot be read is a
    failure (exit 1); the rest is done."""
    import os

    import app.batch.plan as plan

    src = tmp_path / "src"
    (src / "real").mkdir(parents=True)
    (src / "real" / "a.txt").write_text("The officers met.", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "b.txt").write_text("Linked text.", encoding="utf-8")
    (src / "linked").symlink_to(tmp_path / "elsewhere")
    (src / "locked").mkdir()
    (src / "locked" / "c.txt").write_text("Locked text.", encoding="utf-8")
    real_walk = os.walk

    def walk(top: str, onerror: object = None, **kw: object) -> object:
        for root, dirs, files in real_walk(top, onerror=onerror, **kw):  # type: ignore[call-overload]
            if Path(root).name == "locked":  # as an unprivileged user would meet it (CI runs as root)
                onerror(PermissionError(13, "Permission denied", root))  # type: ignore[operator]
                continue
            yield root, dirs, files

    monkeypatch.setattr(plan.os, "walk", walk)
    out = tmp_path / "out"
    assert batch(src, "--out", out) == 1
    report = json.loads((out / ".unspin" / "report.json").read_text())
    assert report["files"]["done"] == 1 and (out / "src" / "real" / "a.txt").is_file()
    assert not (out / "src" / "linked").exists() and not (out / "src" / "locked").exists()
    reasons = {Path(s["path"]).name: s["reason"] for s in report["skipped"]}
    assert reasons["linked"].startswith("a link to a folder: not followed")
    assert report["failures"] == [
        {"path": str(src / "locked"), "reason": "cannot read folder: Permission denied"}
    ]


def test_a_full_disk_under_the_manifest_names_the_manifest(tmp_path: Path) -> None:
    """The message was "No space left on device" alone (session 22's audit): now the CLI's one line names it."""
    import errno

    from app.batch.manifest import Manifest

    m = Manifest(tmp_path / "out", {"v": 1})

    class Full:
        name = m._fh.name

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    m._fh = Full()  # type: ignore[assignment]
    with pytest.raises(OSError) as e:
        m.record("k", {"out_rel": "a.txt"})
    assert e.value.errno == errno.ENOSPC and e.value.filename == str(
        tmp_path / "out" / ".unspin" / "manifest.jsonl"
    )


def test_an_empty_warc_is_done_like_an_empty_text_file(tmp_path: Path) -> None:
    """A 0-byte .warc was a failure while a 0-byte .txt or .jsonl is done (session 22's audit); a file that
    is no WARC still fails."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "e.warc").write_bytes(b"")
    (src / "e.txt").write_bytes(b"")
    (src / "g.warc").write_text("not a warc\n", encoding="utf-8")
    out = tmp_path / "out"
    assert batch(src, "--out", out) == 1
    rep = json.loads((out / ".unspin" / "report.json").read_text())
    assert rep["files"]["done"] == 2 and [f["path"] for f in rep["failures"]] == [str(src / "g.warc")]
    assert (out / "in" / "e.warc").read_bytes() == b""


def test_a_full_disk_keeps_a_files_checkpoint_for_the_next_run(
    tmp_path: Path, phrases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Session 22's audit: a file that failed with ENOSPC lost its checkpoint, so the run after space was
    freed began it again. Now it resumes where it stopped, and ends as a run that never failed."""
    import errno

    from test_batch_support import sentence

    import app.batch.worker as worker

    src = tmp_path / "in"
    src.mkdir()
    rows = [json.dumps({"id": i, "text": sentence(i)}) for i in range(12)]
    (src / "feed.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
    real = worker._checkpoint
    calls = []

    def full_at_third(*args: object, **kw: object) -> None:
        calls.append(1)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(*args, **kw)  # type: ignore[arg-type]

    out = tmp_path / "out"
    with monkeypatch.context() as m:
        m.setattr(worker, "_checkpoint", full_at_third)
        assert batch(src, "--out", out, "--checkpoint-docs", "2") == 1
    assert list(out.rglob(".feed.jsonl.unspin-ckpt"))  # kept
    assert batch(src, "--out", out, "--checkpoint-docs", "2") == 0
    manifest = [json.loads(line) for line in (out / ".unspin" / "manifest.jsonl").read_text().splitlines()]
    assert manifest[-1]["ok"] and manifest[-1]["resumed_units"] == 4  # two checkpoints of 2 were kept
    assert batch(src, "--out", tmp_path / "clean", "--checkpoint-docs", "2") == 0
    assert (out / "in" / "feed.jsonl").read_bytes() == (tmp_path / "clean" / "in" / "feed.jsonl").read_bytes()
