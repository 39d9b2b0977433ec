"""Kill -9 in the middle of a batch, start it again, and get exactly what an uninterrupted run writes."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from test_batch_support import build_warc, sentence, start_batch, unspin, write_phrases

N_TXT, BIG_JSONL, SMALL_JSONL, WARC_PAGES = 80, 120, 30, 10


def make_archive(src: Path) -> int:
    """An archive of our own sentences; returns how many documents it holds."""
    (src / "texts").mkdir(parents=True)
    for i in range(N_TXT):
        (src / "texts" / f"note{i:03d}.txt").write_text(sentence(i) + "\n", encoding="utf-8")
    for name, n in (("big.jsonl", BIG_JSONL), ("small.jsonl", SMALL_JSONL)):
        rows = [json.dumps({"id": i, "text": sentence(i) + " The flea bazaar closed."}) for i in range(n)]
        (src / name).write_text("\n".join(rows) + "\n", encoding="utf-8")
    build_warc(src / "crawl.warc.gz", n_pages=WARC_PAGES, gz=True)
    return N_TXT + BIG_JSONL + SMALL_JSONL + 2 * WARC_PAGES


def outputs(out: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".unspin" not in p.relative_to(out).parts
    }


def _partial_checkpoint(out: Path) -> bool:
    """True while some file has a checkpoint that is not its last (a JSONL or WARC half written)."""
    for p in out.rglob("*.unspin-ckpt"):
        try:
            lines = p.read_bytes().splitlines()
            if len(lines) >= 2 and not json.loads(lines[-2])["complete"]:
                return True
        except (OSError, ValueError):
            continue  # renamed or being written right now
    return False


def _finished_files(out: Path) -> int:
    """Files in the manifest (complete lines only: the kill may tear the last one)."""
    m = out / ".unspin" / "manifest.jsonl"
    return max(0, m.read_bytes().count(b"\n") - 1) if m.exists() else 0


@pytest.mark.slow
def test_sigkill_then_resume_matches_clean_run(tmp_path: Path) -> None:
    src = tmp_path / "archive"
    docs = make_archive(src)
    env = {"UNSPIN_EXTRA_PHRASES": str(write_phrases(tmp_path))}
    args = ["--workers", "2", "--no-ocr", "--checkpoint-docs", "5", "--progress", "log"]
    out = tmp_path / "resumed"
    proc = start_batch(src, out, args, env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if (_partial_checkpoint(out) and _finished_files(out) >= 5) or _finished_files(out) >= 40:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the batch finished before it could be killed; make the archive bigger"
    os.killpg(proc.pid, signal.SIGKILL)  # the manager and every worker, mid-write
    proc.wait()
    killed_at = _finished_files(out)
    assert 0 < killed_at < N_TXT + 3

    resumed = unspin("batch", str(src), "--out", str(out), *args, env=env, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    clean_out = tmp_path / "clean"
    clean = unspin("batch", str(src), "--out", str(clean_out), *args, env=env, timeout=300)
    assert clean.returncode == 0, clean.stderr

    got, want = outputs(out), outputs(clean_out)
    assert sorted(got) == sorted(want) and len(want) == N_TXT + 3
    assert [k for k in want if got[k] != want[k]] == []  # byte for byte
    assert not [p for p in out.rglob("*unspin-*")]  # no part, checkpoint or temp file left behind
    r = json.loads((out / ".unspin" / "report.json").read_text())
    c = json.loads((clean_out / ".unspin" / "report.json").read_text())
    assert r["documents"] == c["documents"] == docs  # none missing, none counted twice
    assert r["edits"] == c["edits"] > 0 and r["words"] == c["words"]
    assert r["files"]["already_done_before_this_run"] == killed_at
    assert r["timings"]["files_this_run"] == N_TXT + 3 - killed_at
