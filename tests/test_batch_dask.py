"""--dask runs the same per-file tasks on a Dask cluster and writes exactly what the local pool writes."""

from __future__ import annotations

import bz2
import json
from pathlib import Path

import pytest
from test_batch_resume import outputs
from test_batch_support import build_warc, sentence, unspin, write_phrases

distributed = pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_local_cluster_matches_local_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "archive"
    (src / "texts").mkdir(parents=True)
    for i in range(12):
        (src / "texts" / f"n{i}.txt").write_text(sentence(i) + " The flea bazaar moved.\n", encoding="utf-8")
    rows = [json.dumps({"id": i, "text": sentence(i)}) for i in range(20)]
    (src / "feed.jsonl.bz2").write_bytes(bz2.compress(("\n".join(rows) + "\n").encode()))
    (src / "plain.jsonl").write_text("\n".join(rows[:15]) + "\n", encoding="utf-8")  # cut in pieces on Dask
    build_warc(src / "crawl.warc.gz", n_pages=3, gz=True)
    (src / "texts" / "broken.txt").write_bytes(b"\xff\xfe not utf-8")
    phrases = write_phrases(tmp_path)
    env = {"UNSPIN_EXTRA_PHRASES": str(phrases)}
    monkeypatch.setenv("UNSPIN_EXTRA_PHRASES", str(phrases))  # inherited by the cluster's worker processes

    local = unspin(
        "batch",
        str(src),
        "--out",
        str(tmp_path / "local"),
        "--workers",
        "1",
        "--no-ocr",
        env=env,
        timeout=300,
    )
    assert local.returncode == 1, local.stderr  # broken.txt

    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        res = unspin(
            "batch",
            str(src),
            "--out",
            str(tmp_path / "dask"),
            "--dask",
            cluster.scheduler_address,
            "--split-mb",
            "0.0005",
            "--no-ocr",
            env=env,
            timeout=300,
        )
    assert res.returncode == 1, res.stderr
    assert "broken.txt: not valid UTF-8" in res.stderr

    got, want = outputs(tmp_path / "dask"), outputs(tmp_path / "local")
    assert len(want) == 15 and got == want
    r = json.loads((tmp_path / "dask" / ".unspin" / "report.json").read_text())
    w = json.loads((tmp_path / "local" / ".unspin" / "report.json").read_text())
    assert r["dask"] == cluster.scheduler_address and r["files"]["failed"] == 1
    assert (r["documents"], r["words"], r["edits"]) == (w["documents"], w["words"], w["edits"])
    assert r["documents"] == 12 + 20 + 15 + 2 * 3 and r["edits"] > 0
    assert r["workers"]["processes"] >= 1 and r["timings"]["files_this_run"] == 16
    manifest = (tmp_path / "dask" / ".unspin" / "manifest.jsonl").read_text()
    assert manifest.count(".plain.jsonl.unspin-piece") >= 2
