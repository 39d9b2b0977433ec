"""The JSON report of a run: totals over the whole job (earlier, resumed runs included) and this run's
timings.

Written atomically to ``--out/.unspin/report.json`` and kept per run under ``--out/.unspin/reports/``.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import __version__
from app.atomic import write_text_atomic
from app.batch.worker import HIST_BINS, TOP_DOCS


@dataclass(slots=True)
class RunInfo:
    """What happened in this invocation (as opposed to the whole job)."""

    started: float = field(default_factory=time.time)
    t0: float = field(default_factory=time.perf_counter)
    files: int = 0
    words: int = 0
    docs: int = 0
    already_done: int = 0
    rss_kb: dict[int, int] = field(default_factory=dict)

    def note(self, result: dict[str, Any], whole_file: bool = True) -> None:
        """One task's result; a piece of a cut file (``whole_file=False``) counts as a file only once
        joined, by the caller."""
        self.files += whole_file
        self.words += result["stats"]["words"]
        self.docs += result["stats"]["docs"]
        if result.get("pid"):
            self.rss_kb[result["pid"]] = max(self.rss_kb.get(result["pid"], 0), result.get("max_rss_kb", 0))


def _unreadable(skipped: list[dict[str, str]]) -> list[dict[str, str]]:
    """Folders the walk could not enter: their files were neither read nor refused, so the run failed."""
    from app.batch.plan import UNREADABLE

    return [{"path": s["path"], "reason": s["reason"]} for s in skipped if s.get("kind") == UNREADABLE]


def build_report(
    entries: list[dict[str, Any]], skipped: list[dict[str, str]], run: RunInfo, meta: dict[str, Any]
) -> dict[str, Any]:
    hist = [0] * HIST_BINS
    docs = words = edits = units = spun = not_english = 0
    failures: list[dict[str, str]] = []
    notes: list[str] = []
    note_count = 0
    top: list[dict[str, Any]] = []
    engine_s = 0.0
    done = failed = 0
    for e in entries:
        if not e["ok"]:
            failed += 1
            failures.append({"path": e["src"], "reason": e["reason"]})
            continue
        done += 1
        s = e["stats"]
        docs, words, edits, units = (
            docs + s["docs"],
            words + s["words"],
            edits + s["edits"],
            units + s["units"],
        )
        spun += s.get("spun", 0)  # absent from manifests written before session 15
        not_english += s.get("not_english", 0)  # ... and this before session 22
        hist = [a + b for a, b in zip(hist, s["hist"], strict=True)]
        failures += [{"path": e["src"], "reason": p} for p in s["problems"]]
        if s["problem_count"] > len(s["problems"]):
            failures.append(
                {"path": e["src"], "reason": f"... and {s['problem_count'] - len(s['problems'])} more"}
            )
        notes += [f"{e['src']}: {n}" for n in s["notes"]]
        note_count += s["note_count"]
        top += [{"path": e["src"], **d} for d in s["top"]]
        engine_s += s["engine_seconds"]
    failures += _unreadable(skipped)
    wall = time.perf_counter() - run.t0
    width = 1 / HIST_BINS
    return {
        "unspin_version": __version__,
        **meta,
        "started": _iso(run.started),
        "finished": _iso(time.time()),
        "files": {
            "planned": len(entries) + meta.get("files_not_run", 0),
            "done": done,
            "failed": failed,
            "already_done_before_this_run": run.already_done,
            "not_archives": len(skipped),
        },
        "documents": docs,
        "words": words,
        "edits": edits,
        "units": units,
        "spun_documents": spun,
        "not_english_documents": not_english,
        "spin_score_histogram": {
            "bins": [f"{i * width:.1f}-{(i + 1) * width:.1f}" for i in range(HIST_BINS)],
            "counts": hist,
        },
        "failures": failures,
        "failure_count": len(failures),
        "notes": notes[:200],
        "note_count": note_count,
        "skipped": skipped[:200],
        "most_spun": sorted(top, key=lambda d: -d["spin_score"])[: TOP_DOCS * 2],
        "timings": {
            "wall_seconds": round(wall, 3),
            "engine_seconds_all_runs": round(engine_s, 3),
            "files_this_run": run.files,
            "documents_this_run": run.docs,
            "words_this_run": run.words,
            "words_per_second_this_run": round(run.words / wall, 1) if wall > 0 else 0.0,
        },
        "workers": {
            "processes": len(run.rss_kb),
            "peak_rss_mb": {str(pid): round(kb / 1024, 1) for pid, kb in sorted(run.rss_kb.items())},
        },
    }


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_report(state_dir: Path, report: dict[str, Any], extra: Path | None) -> Path:
    stamp = report["started"].replace(":", "").replace("-", "")
    write_json_atomic(state_dir / "reports" / f"run-{stamp}-{os.getpid()}.json", report)
    latest = state_dir / "report.json"
    write_json_atomic(latest, report)
    if extra is not None:
        write_json_atomic(extra, report)
    return latest
