"""``unspin batch SRC... --out DIR``: the command-line face of the batch runner.

Exit status: 0 everything repaired, 1 some files or documents failed (see the report), 2 usage error.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.batch.plan import FORMATS, STATE_DIR, Plan, Task, build_plan, check_file_target
from app.cli import CliError
from app.engine.types import RepairOptions

if TYPE_CHECKING:
    from app.batch.worker import BatchConfig, FileResult


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = (
        "Repair every document in files, folders (recursively) and globs: .txt, .jsonl and .warc, "
        "optionally .gz/.bz2/.zst. Outputs mirror the inputs under --out; inputs are never touched. "
        "A killed run resumes where it stopped when started again with the same arguments."
    )
    p.add_argument("sources", nargs="+", metavar="SRC", help="files, folders or glob patterns")
    p.add_argument("--out", required=True, metavar="DIR", help="output folder (must not overlap any SRC)")
    p.add_argument(
        "--format", choices=FORMATS, help="treat every input as this format (default: by extension)"
    )
    p.add_argument(
        "--text-field", default="text", metavar="NAME", help="JSONL field with the text (%(default)s)"
    )
    p.add_argument(
        "--result-field",
        default="unspin",
        metavar="NAME",
        help="JSONL field the repair result is added under (%(default)s)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default %(default)s; 0 = run in this process)",
    )
    p.add_argument("--dask", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://scheduler:8786")
    p.add_argument(
        "--split-mb",
        type=float,
        default=None,
        metavar="MB",
        help="with more than one worker or --dask, cut JSONL and WARC files (compressed ones too, at most 64 pieces) "
        "into pieces of this many MB of text, repaired in parallel (default: about 16 pieces, 1-64 MB each; "
        "0 = never)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--detect-only",
        action="store_true",
        help="write spin scores and suspicious spans (OUT/<file>.detect.jsonl), repair nothing",
    )
    p.add_argument("--dry-run", action="store_true", help="list what would be done and exit")
    p.add_argument(
        "--min-confidence",
        type=float,
        default=None,
        metavar="P",
        help="only make edits at least this confident (0-1; default from UNSPIN_MIN_CONFIDENCE)",
    )
    p.add_argument("--no-ocr", action="store_true", help="skip the OCR/garble stage")
    p.add_argument("--no-spin", action="store_true", help="skip the spin-restoration stage")
    p.add_argument("--profile", metavar="FILE", help="a learned profile from 'unspin learn'")
    p.add_argument(
        "--checkpoint-docs",
        type=int,
        default=200,
        metavar="N",
        help="checkpoint a file's partial output every N documents (default %(default)s)",
    )
    p.add_argument(
        "--progress",
        choices=("auto", "bar", "log", "none"),
        default="auto",
        help="progress bar on a terminal, log lines otherwise (default %(default)s)",
    )
    p.add_argument(
        "--log-every",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="log-line interval (default %(default)s)",
    )
    p.add_argument("--report", metavar="FILE", help="also write the JSON report here")


def _file_digest(path: object) -> str | None:
    if not path:
        return None
    try:
        return hashlib.sha256(Path(str(path)).read_bytes()).hexdigest()[:16]
    except OSError as e:
        raise CliError(f"{path}: cannot read: {e.strerror}") from None


def _options(args: argparse.Namespace) -> RepairOptions:
    from app.settings import get_settings

    conf = get_settings().min_confidence if args.min_confidence is None else args.min_confidence
    return RepairOptions(
        min_confidence=conf, ocr=not args.no_ocr, spin=not args.no_spin, profile=args.profile
    )


def _job(args: argparse.Namespace, options: Any) -> dict[str, Any]:
    """Everything that changes output bytes; a resumed run must match it exactly."""
    from app import __version__
    from app.resources import get_resources
    from app.settings import get_settings

    s = get_settings()
    job = {
        "version": __version__,
        "mode": "detect" if args.detect_only else "repair",
        "format": args.format,
        "text_field": args.text_field,
        "result_field": args.result_field,
        "options": {k: v for k, v in asdict(options).items() if k != "deadline"},  # a batch sets none
        "profile_sha": _file_digest(args.profile),
        "extra_phrases_sha": _file_digest(s.extra_phrases),
        "lm": s.lm,
        "dictionaries": str(s.dictionaries_dir) if s.dictionaries_dir else None,
        "dictionaries_sha": get_resources().fingerprint,
    }
    return json.loads(json.dumps(job))


def _validate(args: argparse.Namespace) -> None:
    if args.workers < 0:
        raise CliError("--workers must be 0 or more")
    if args.split_mb is not None and args.split_mb < 0:
        raise CliError("--split-mb must be 0 or more")
    if args.checkpoint_docs < 1:
        raise CliError("--checkpoint-docs must be at least 1")
    if not args.text_field or not args.result_field or args.text_field == args.result_field:
        raise CliError("--text-field and --result-field must be two different, non-empty names")
    if not args.out.strip():
        raise CliError("--out must name a folder")
    if not args.log_every > 0:
        raise CliError("--log-every must be more than 0 seconds")


def run(args: argparse.Namespace) -> int:
    from app.batch.worker import BatchConfig, FormatOptions

    _validate(args)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise CliError(f"--out {out} exists and is not a folder")
    plan = build_plan(args.sources, out, args.format)
    if args.report:
        check_file_target(Path(args.report), plan.roots, "--report")
    options = _options(args)
    job = _job(args, options)
    job_id = hashlib.sha256(json.dumps(job, sort_keys=True).encode()).hexdigest()[:16]
    cfg = BatchConfig(
        str(out),
        job_id,
        options,
        FormatOptions(args.text_field, args.result_field),
        args.detect_only,
        args.checkpoint_docs,
    )
    from app.batch.manifest import check_job, read_entries

    header, _ = read_entries(out)
    check_job(header, job, out)
    if args.dry_run:
        return _dry_run(plan, cfg, out, _cutter(args))
    if not plan.tasks:
        raise CliError("no .txt, .jsonl or .warc files found in the sources")
    if header is None:
        _check_fresh_out(plan, cfg, out)
    return _execute(args, plan, cfg, job, out)


def _check_fresh_out(plan: Plan, cfg: BatchConfig, out: Path) -> None:
    """An --out that no batch has written yet must not already hold a file where an output will go: it is
    somebody else's file, and a batch replaces its outputs. (A resumed run's own outputs are its to replace.)"""
    from app.batch.worker import paths_for

    for t in plan.tasks:
        target = paths_for(cfg, t)[0]
        if target.exists():
            raise CliError(
                f"--out {out} already holds {target}, which no unspin batch wrote; "
                "choose an empty or new folder"
            )


def _dry_run(
    plan: Plan,
    cfg: BatchConfig,
    out: Path,
    cut: Callable[[Task], list[Task]],
) -> int:
    from app.batch.manifest import entry_done, read_entries
    from app.batch.worker import load_checkpoint, paths_for, task_key

    _, entries = read_entries(out)
    todo = 0
    for t in plan.tasks:
        key = task_key(cfg, t)
        ckpt = load_checkpoint(paths_for(cfg, t)[2], key)
        done = entry_done(entries, t.out_rel, key)
        todo += not done
        status = "done" if done else f"resume after {ckpt['units']} units" if ckpt else "todo"
        if not done:
            pieces = cut(t)
            if len(pieces) > 1:
                left = sum(not entry_done(entries, p.out_rel, task_key(cfg, p)) for p in pieces)
                status = f"{left} of {len(pieces)} pieces to do"
        target = paths_for(cfg, t)[0]
        comp = f"+{t.compression}" if t.compression else ""
        print(f"{status:>24}  {t.fmt}{comp:<5} {t.size:>12,d} B  {t.src} -> {target}")
    for s in plan.skipped:
        print(f"{'skip':>24}  {s['path']}: {s['reason']}")
    print(
        f"{len(plan.tasks)} files ({sum(t.size for t in plan.tasks):,d} bytes), {todo} to do; "
        f"{len(plan.skipped)} skipped; nothing written (dry run)",
        file=sys.stderr,
    )
    return 0


def remove_stale_temps(out: Path) -> int:
    """Delete temp files that a killed run left behind (``.NAME.unspin-tmpPID``).

    Outputs are written to such a temp file and renamed; a SIGKILL between the two leaves the temp file, which
    must not survive into the finished tree. Called with the run's lock on ``out`` held and before any work
    starts, so no live run can own one: every temp file found is stale. (Asking whether its PID is alive is
    not enough: a killed worker can linger as a zombie, and PIDs are reused.)
    """
    removed = 0
    for p in out.rglob(".*.unspin-tmp*"):
        p.unlink(missing_ok=True)
        removed += 1
    return removed


def _execute(args: argparse.Namespace, plan: Plan, cfg: BatchConfig, job: dict[str, Any], out: Path) -> int:
    from app.batch.manifest import Manifest
    from app.batch.progress import Progress
    from app.batch.report import RunInfo, build_report, write_report
    from app.batch.worker import task_key

    manifest = Manifest(out, job)
    remove_stale_temps(out)
    run_info = RunInfo()
    try:
        todo, wholes = _todo(plan, cfg, manifest, run_info, _cutter(args))
        progress = Progress(
            len(todo) - sum(len(w.waiting) for w in wholes.values()) + len(wholes),
            sum(t.size for t in todo),
            args.progress,
            args.log_every,
        )
        finish = _Finisher(cfg, manifest, run_info, progress, counted_by_hook=not args.dask)
        for w in wholes.values():
            if not w.waiting:  # every piece was done by an earlier run, which was killed before joining
                finish.join(w)
        try:
            if args.dask:
                from app.batch.dask_runner import run_dask

                run_dask(args.dask, todo, cfg, finish.on_result(wholes))
            else:
                from app.batch.runner import run_local

                run_local(todo, cfg, args.workers, finish.on_result(wholes), progress.documents)
        finally:
            progress.close()
        entries = [
            manifest.entries[t.out_rel]
            for t in plan.tasks
            if t.out_rel in manifest.entries and manifest.entries[t.out_rel].get("key") == task_key(cfg, t)
        ]
        meta = {
            "mode": job["mode"],
            "out": str(out),
            "sources": args.sources,
            "job": job,
            "workers_requested": 0 if args.dask else args.workers,
            "dask": args.dask,
            "files_not_run": len(plan.tasks) - len(entries),
        }
        report = build_report(entries, plan.skipped, run_info, meta)
        path = write_report(out / STATE_DIR, report, Path(args.report) if args.report else None)
    finally:
        manifest.close()
    _summary(report, path)
    return 1 if report["failure_count"] or report["files"]["planned"] > report["files"]["done"] else 0


def _piece_size(args: argparse.Namespace) -> int | Callable[[int], int]:
    """Bytes per piece (0: do not cut; one local worker gains nothing), or a function of a file's size."""
    from app.batch.split import auto_piece_bytes

    if (args.workers < 2 and not args.dask) or args.split_mb == 0:
        return 0
    if args.split_mb is not None:
        return max(1, int(args.split_mb * 1_000_000))
    return auto_piece_bytes


@dataclass(slots=True)
class _Whole:
    """A file cut into pieces (``app.batch.split``): joined once every piece has a result."""

    task: Task
    pieces: list[Task]
    results: dict[str, FileResult]
    waiting: set[str]


SLOW_TO_CUT = 100_000_000  # stored bytes from which finding a file's cut points is announced


def _cutter(args: argparse.Namespace) -> Callable[[Task], list[Task]]:
    """How this run cuts a file (``split_task`` at ``_piece_size``). Finding where to cut reads the whole
    file before any work starts (about a minute for 10 GB of text) and before the progress bar appears, so it
    is announced for a big file, unless ``--progress none``."""
    from app.batch.split import can_split, split_task

    piece_bytes = _piece_size(args)
    quiet = args.progress == "none" or piece_bytes == 0

    def cut(t: Task) -> list[Task]:
        if not quiet and t.size >= SLOW_TO_CUT and can_split(t):
            print(
                f"unspin batch: reading {t.src} ({t.size / 1e6:,.0f} MB) to cut it into pieces for the workers",
                file=sys.stderr,
                flush=True,
            )
        return split_task(t, piece_bytes)

    return cut


def _todo(
    plan: Plan,
    cfg: BatchConfig,
    manifest: Any,
    run_info: Any,
    cut: Callable[[Task], list[Task]],
) -> tuple[list[Task], dict[str, _Whole]]:
    """The tasks to run (whole files, or the unfinished pieces of cut ones), and the cut files."""
    from app.batch.split import cut_before, pieces_on_disk, remove_pieces
    from app.batch.worker import FileResult, FileStats, cleanup, paths_for, task_key

    todo: list[Task] = []
    wholes: dict[str, _Whole] = {}
    # files cut by an earlier run: known to the manifest, or only to the disk (pieces not yet recorded)
    pieced = cut_before(manifest.entries) | pieces_on_disk(cfg, plan.tasks)
    for t in plan.tasks:
        if manifest.is_done(t.out_rel, task_key(cfg, t)):
            cleanup(cfg, t)  # leftovers of a kill between rename and manifest record
            if t.out_rel in pieced:
                remove_pieces(cfg, t)  # ... or between a join's record and its pieces' removal, or of
                # pieces an earlier, killed run cut and this run did not (--workers 1, --split-mb 0)
            run_info.already_done += 1
            continue
        pieces = cut(t)
        if len(pieces) == 1:
            if t.out_rel in pieced:
                remove_pieces(cfg, t)  # repaired whole now: an earlier run's pieces will never be joined
            todo.append(t)
            continue
        cleanup(cfg, t)  # cut now: the whole file's part, checkpoint and lock of an earlier run are stale
        w = _Whole(t, pieces, {}, set())
        for p in pieces:
            e = manifest.entries.get(p.out_rel)
            if manifest.is_done(p.out_rel, task_key(cfg, p)) and paths_for(cfg, p)[0].is_file():
                w.results[p.out_rel] = FileResult(
                    p.src, p.out_rel, True, stats=FileStats.from_dict(e["stats"]), seconds=e["seconds"]
                )
            else:
                w.waiting.add(p.out_rel)
                todo.append(p)
        wholes[t.out_rel] = w
    return todo, wholes


class _Finisher:
    """Records each finished task in the manifest, the report and the progress bar; joins cut files."""

    def __init__(self, cfg: BatchConfig, manifest: Any, run_info: Any, progress: Any, counted_by_hook: bool):
        self.cfg, self.manifest, self.run_info, self.progress = cfg, manifest, run_info, progress
        self.counted_by_hook = counted_by_hook

    def on_result(self, wholes: dict[str, _Whole]) -> Callable[[Task, FileResult], None]:
        from app.batch.worker import cleanup, task_key

        def done(t: Task, res: FileResult) -> None:
            d = res.to_dict()
            self.manifest.record(task_key(self.cfg, t), d)
            if res.ok and not t.parent:
                cleanup(self.cfg, t)
            self.run_info.note(d, whole_file=not t.parent)
            extra = (0, 0) if self.counted_by_hook else (res.stats.docs, res.stats.words)
            if not t.parent:
                self.progress.file_done(t.size, res.ok, *extra, file=t.out_rel)
                return
            self.progress.bytes_done(t.size, *extra)
            w = wholes[t.parent]
            w.results[t.out_rel] = res
            w.waiting.discard(t.out_rel)
            if not w.waiting:
                self.join(w)

        return done

    def join(self, w: _Whole) -> None:
        from app.batch.split import join, remove_pieces
        from app.batch.worker import FileResult, cleanup, task_key

        try:
            res = join(self.cfg, w.task, w.pieces, [w.results[p.out_rel] for p in w.pieces])
        except OSError as e:
            res = FileResult(w.task.src, w.task.out_rel, False, f"cannot join the pieces: {e.strerror or e}")
        self.manifest.record(task_key(self.cfg, w.task), res.to_dict())
        if res.ok:  # the pieces' outputs, parts and checkpoints go only once the join is recorded
            for p in w.pieces:
                cleanup(self.cfg, p)
            remove_pieces(self.cfg, w.task)
        self.run_info.files += 1
        self.progress.file_done(0, res.ok)


def _summary(report: dict[str, Any], path: Path) -> None:
    for f in report["failures"][:20]:
        print(f"unspin batch: failed: {f['path']}: {f['reason']}", file=sys.stderr)
    if report["failure_count"] > 20:
        print(
            f"unspin batch: ... {report['failure_count'] - 20} more failures in the report", file=sys.stderr
        )
    if report["note_count"] and not report["documents"]:  # e.g. a mistyped --text-field: say why nothing ran
        print(
            f"unspin batch: no document was repaired; {report['note_count']} notes, the first: "
            f"{report['notes'][0] if report['notes'] else '?'}",
            file=sys.stderr,
        )
    files = report["files"]
    t = report["timings"]
    print(
        f"unspin batch: {files['done']}/{files['planned']} files done ({files['failed']} failed), "
        f"{report['documents']} documents, {report['words']} words, {report['edits']} edits; "
        f"{t['words_per_second_this_run']:,.0f} words/s this run; report: {path}",
        file=sys.stderr,
    )
