"""One file in, one output out: the per-file task that local processes and Dask workers both run.

Output goes to a hidden ``.part`` file next to the final path, in chunks; after each chunk the part file is
fsynced and a line is appended (and fsynced) to a ``.ckpt`` file saying how many units and bytes are safe. A
task that was killed resumes from the last checkpoint: the part file is cut back to the recorded size and the
units already written are skipped, so no document is written twice. When all units are written the checkpoint
says ``complete``; the output is then compressed into a temp file, fsynced and renamed over the final path.
The part and checkpoint stay until the manager has recorded the file in the manifest, so a kill between rename
and record costs a re-rename, never a second repair. A ``.txt`` file is one document: it skips the part file
and checkpoints and, if killed, is simply done again with the same result.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import json
import os
import resource
import time
import zlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from app.batch.compress import compress_stream, open_counted, open_read
from app.batch.formats import Doc, FileProblem, FormatOptions, UnitResult, units_for
from app.batch.plan import Task
from app.engine.types import Repair, RepairOptions, looks_spun

HIST_BINS = 10
MAX_LISTED = 50  # problems/notes kept per file; the counts are always exact
TOP_DOCS = 10


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Everything a worker needs; plain data so it pickles to processes and Dask workers."""

    out_root: str
    job_id: str
    options: RepairOptions = field(default_factory=RepairOptions)
    fmt: FormatOptions = field(default_factory=FormatOptions)
    detect_only: bool = False
    checkpoint_docs: int = 200


@dataclass(slots=True)
class FileStats:
    docs: int = 0
    words: int = 0
    edits: int = 0
    units: int = 0
    spun: int = 0  # documents that look spun (``looks_spun``)
    not_english: int = 0  # documents in another language, left unchanged (absent before session 22)
    hist: list[int] = field(default_factory=lambda: [0] * HIST_BINS)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    notes: list[str] = field(default_factory=list)
    note_count: int = 0
    top: list[dict[str, Any]] = field(default_factory=list)  # most spun documents
    engine_seconds: float = 0.0

    def add(self, res: UnitResult, seconds: float) -> None:
        self.units += 1
        self.engine_seconds += seconds
        for d in res.docs:
            self.words += d.words
            self.edits += d.edits
            if d.continued:  # a later block of a long text file: the same document
                continue
            self.docs += 1
            self.spun += looks_spun(d.spin)
            self.not_english += not d.english
            self.hist[min(HIST_BINS - 1, max(0, int(d.spin * HIST_BINS)))] += 1
            self._rank(d)
        self.problem_count += len(res.problems)
        self.problems += res.problems[: MAX_LISTED - len(self.problems)]
        self.note_count += len(res.notes)
        self.notes += res.notes[: MAX_LISTED - len(self.notes)]

    def _rank(self, d: Doc) -> None:
        if len(self.top) >= TOP_DOCS and d.spin <= self.top[-1]["spin_score"]:
            return
        entry: dict[str, Any] = {
            "doc": d.id,
            "spin_score": round(d.spin, 4),
            "words": d.words,
            "edits": d.edits,
        }
        if d.spans is not None:
            entry["spans"] = d.spans[:20]
        self.top = sorted([*self.top, entry], key=lambda e: -e["spin_score"])[:TOP_DOCS]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> FileStats:
        return cls(**d)


@dataclass(slots=True)
class FileResult:
    src: str
    out_rel: str
    ok: bool
    reason: str = ""
    stats: FileStats = field(default_factory=FileStats)
    seconds: float = 0.0
    pid: int = 0
    max_rss_kb: int = 0
    resumed_units: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class EngineAnalyzer:
    """Calls the engine; the only place batch code touches it."""

    def __init__(self, options: RepairOptions, detect_only: bool) -> None:
        self.options = options
        self.detect_only = detect_only

    def __call__(self, text: str, doc_id: str) -> tuple[Repair | None, Doc]:
        import app

        if self.detect_only:
            det = app.detect(text, self.options)
            spans = [asdict(s) for s in det.spans]
            return None, Doc(doc_id, det.words, 0, det.spin_score, spans, det.english)
        rep = app.repair(text, self.options)
        words = int(rep.stats.get("words", len(text.split())))
        return rep, Doc(doc_id, words, len(rep.edits), rep.spin_score, english=rep.english)


# per-process hook, set by the pool initializer: (documents, words, the file's out_rel, stored bytes read)
_progress: Callable[[int, int, str, int], None] | None = None
PROGRESS_EVERY_S = 2.0  # a file reports its progress at least this often (and at every checkpoint)
CHECKPOINT_EVERY_S = 30.0  # and checkpoints at least this often, however few documents that was (a book)
COMPRESSION_RATIO = 10  # how far a compressed text file is taken to inflate (``_short_text``)


def set_progress_hook(hook: Callable[[int, int, str, int], None] | None) -> None:
    global _progress
    _progress = hook


def warm_up(options: RepairOptions) -> None:
    """Load dictionaries and the LM once per process, before the first file (errors surface per file)."""
    import app

    # a broken engine is reported with the first file that needs it, with that file's path
    with contextlib.suppress(Exception):
        app.repair("The officials said it was fine.", options)


def paths_for(cfg: BatchConfig, task: Task) -> tuple[Path, Path, Path]:
    """(final output, part file, checkpoint file), all in the same folder so rename is atomic."""
    rel = task.out_rel + (".detect.jsonl" if cfg.detect_only else "")
    final = Path(cfg.out_root) / rel
    return final, final.with_name(f".{final.name}.unspin-part"), final.with_name(f".{final.name}.unspin-ckpt")


def _lock_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.unspin-lock")


def task_key(cfg: BatchConfig, task: Task) -> str:
    key = f"{cfg.job_id}|{task.src}|{task.size}|{task.mtime_ns}"
    return f"{key}|{task.start}-{task.end}" if task.parent else key


class _Range(io.RawIOBase):
    """Bytes ``start``-``end`` of a (decompressed) stream, as a stream of their own: a piece of a cut file.
    A plain file seeks to its piece; a compressed stream cannot, so it is read and dropped up to it."""

    def __init__(self, fh: BinaryIO, start: int, end: int, seekable: bool) -> None:
        self._fh = fh
        if seekable:
            fh.seek(start)
        else:
            left = start
            while left > 0:
                dropped = len(fh.read(min(left, 1 << 20)))
                if not dropped:
                    raise FileProblem(f"the file ended before byte {start}, where this piece starts")
                left -= dropped
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._left <= 0:
            return 0
        view = memoryview(b)[: self._left]
        n = self._fh.readinto(view)  # type: ignore[attr-defined]
        self._left -= n
        return n

    def close(self) -> None:
        self._fh.close()
        super().close()


def open_input(task: Task, stored: list[BinaryIO] | None = None) -> BinaryIO:
    """The task's decompressed input: the whole file, or only its piece's bytes. For a whole file, the
    stored file under the stream is appended to ``stored``: how much of it is read is the file's progress."""
    # every piece has its end (``split_task``); its size is a share of the stored file, not a length
    assert not task.parent or task.end is not None, task
    if not task.parent and stored is not None:
        stream, raw = open_counted(Path(task.src), task.compression)
        stored.append(raw)
        return stream
    stream = open_read(Path(task.src), task.compression)
    if task.parent and task.end is not None:
        try:
            piece = _Range(stream, task.start, task.end, seekable=task.compression is None)
        except BaseException:
            stream.close()
            raise
        return io.BufferedReader(piece, 1 << 16)
    return stream


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def load_checkpoint(ckpt: Path, key: str) -> dict[str, Any] | None:
    """The last complete checkpoint line for this exact input and job, else None (start afresh)."""
    try:
        lines = ckpt.read_bytes().splitlines()
    except FileNotFoundError:
        return None
    last = None
    for ln in lines:
        try:
            rec = json.loads(ln)
        except ValueError:
            break  # a torn last line: the kill came mid-write
        if rec.get("key") != key:
            return None
        last = rec
    return last


def _checkpoint(ckpt: BinaryIO, key: str, units: int, size: int, stats: FileStats, complete: bool) -> None:
    rec = {"key": key, "units": units, "bytes": size, "complete": complete, "stats": asdict(stats)}
    ckpt.write(json.dumps(rec).encode() + b"\n")
    ckpt.flush()
    os.fsync(ckpt.fileno())


def _detect_lines(res: UnitResult) -> list[bytes]:
    return [
        json.dumps(
            {
                "doc": d.id,
                "spin_score": round(d.spin, 4),
                "spun": looks_spun(d.spin),
                "words": d.words,
                "spans": d.spans,
            },
            ensure_ascii=False,
        ).encode()
        + b"\n"
        for d in res.docs
    ]


def process_file(task: Task, cfg: BatchConfig) -> FileResult:
    """Repair (or detect) one file end to end; never raises for bad input, returns ``ok=False`` instead."""
    t0 = time.perf_counter()
    result = FileResult(task.src, task.out_rel, True, pid=os.getpid())
    resumable = False
    try:
        result.stats, result.resumed_units = _run(task, cfg)
    except FileProblem as e:
        result.ok, result.reason = False, str(e)
    except (EOFError, zlib.error) as e:
        result.ok, result.reason = False, f"compressed data is truncated or corrupt ({e})"
    except UnicodeDecodeError as e:
        result.ok, result.reason = False, f"not valid UTF-8 (byte {e.start})"
    except OSError as e:
        result.ok, result.reason = False, f"cannot read or write: {e.strerror or e}"
        # a full disk or quota is the machine's, not the file's: keep the part file and its checkpoint, so
        # that the run after space is freed resumes where this one stopped (as after a kill)
        resumable = e.errno in (errno.ENOSPC, errno.EDQUOT)
    except Exception as e:  # an engine bug must not stop the other files
        result.ok, result.reason = False, f"internal error: {e.__class__.__name__}: {e}"
    if not result.ok and not resumable:
        _discard(cfg, task)
    result.seconds = time.perf_counter() - t0
    result.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return result


def _discard(cfg: BatchConfig, task: Task) -> None:
    final, part, ckpt = paths_for(cfg, task)
    for p in (part, ckpt, _lock_path(final)):
        p.unlink(missing_ok=True)


def cleanup(cfg: BatchConfig, task: Task) -> None:
    """Remove part, checkpoint and lock once the manifest holds the file (called by the manager)."""
    _discard(cfg, task)


def _run(task: Task, cfg: BatchConfig) -> tuple[FileStats, int]:
    final, part, ckpt_path = paths_for(cfg, task)
    final.parent.mkdir(parents=True, exist_ok=True)
    # One writer per file, even if a worker of a killed run is still finishing it: wait for it, then resume
    # from whatever it checkpointed.
    with open(_lock_path(final), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _run_locked(task, cfg, final, part, ckpt_path)


def _run_locked(
    task: Task, cfg: BatchConfig, final: Path, part: Path, ckpt_path: Path
) -> tuple[FileStats, int]:
    key = task_key(cfg, task)
    if task.fmt == "txt" and (cfg.detect_only or _short_text(task)):
        return _run_single(task, cfg, final), 0
    state = load_checkpoint(ckpt_path, key)
    if state is None:
        part.unlink(missing_ok=True)
        ckpt_path.unlink(missing_ok=True)
        state = {"units": 0, "bytes": 0, "complete": False, "stats": asdict(FileStats())}
    stats = FileStats.from_dict(state["stats"])
    resumed = int(state["units"])
    gzip_records = task.fmt == "warc" and task.compression == "gz" and not cfg.detect_only
    if not state["complete"]:
        _write_units(task, cfg, part, ckpt_path, key, state, stats, gzip_records)
    # a piece's output stays plain: the join compresses the whole file's in one stream
    _finalize(part, final, None if cfg.detect_only or gzip_records or task.parent else task.compression)
    return stats, resumed


def _short_text(task: Task) -> bool:
    """A text file that is one unit: a long one (a book) goes in blocks, with checkpoints (``txt_units``).
    A plain file no bigger than the engine's long-text length in bytes cannot hold a longer text (a
    character is at least a byte); a compressed one is judged by a generous ratio. A misjudged file is still
    repaired right, only not resumable block by block."""
    from app.engine.pipeline import LONG_TEXT_CHARS

    ratio = 1 if task.compression is None else COMPRESSION_RATIO
    return task.size * ratio <= LONG_TEXT_CHARS


def _run_single(task: Task, cfg: BatchConfig, final: Path) -> FileStats:
    """A one-document file needs no checkpoints: if killed it is simply redone (same bytes), which saves
    four fsyncs per file - most of the cost of a folder of small texts."""
    stats = FileStats()
    analyze = EngineAnalyzer(cfg.options, cfg.detect_only)
    buf = io.BytesIO()
    units = units_for(task.fmt, lambda: open_input(task), task.doc_name, cfg.fmt, False)
    for unit in units:
        t = time.perf_counter()
        res = unit(analyze)
        for chunk in _detect_lines(res) if cfg.detect_only else res.out:
            buf.write(chunk)
        stats.add(res, time.perf_counter() - t)
        if _progress:
            _progress(len(res.docs), sum(d.words for d in res.docs), task.out_rel, 0)
    buf.seek(0)
    write_final(buf, final, None if cfg.detect_only else task.compression)
    return stats


def _write_units(
    task: Task,
    cfg: BatchConfig,
    part: Path,
    ckpt_path: Path,
    key: str,
    state: dict[str, Any],
    stats: FileStats,
    gzip_records: bool,
) -> None:
    analyze = EngineAnalyzer(cfg.options, cfg.detect_only)
    done_units = int(state["units"])
    stored: list[BinaryIO] = []  # the stored file under each open input stream (WARC reads it twice)
    report = _Reporter(task, stored)
    with open(part, "ab") as out, open(ckpt_path, "ab") as ckpt:
        out.truncate(int(state["bytes"]))
        out.seek(0, os.SEEK_END)
        units = units_for(
            task.fmt,
            lambda: open_input(task, stored),
            task.doc_name,
            cfg.fmt,
            gzip_records,
            task.first_line,
            txt_blocks=not cfg.detect_only,
        )
        pending_docs = 0
        last_checkpoint = time.monotonic()
        for i, unit in enumerate(units):
            if i < done_units:
                continue
            t = time.perf_counter()
            res = unit(analyze)
            for chunk in _detect_lines(res) if cfg.detect_only else res.out:
                out.write(chunk)
            stats.add(res, time.perf_counter() - t)
            pending_docs += len(res.docs)
            report.add(sum(not d.continued for d in res.docs), sum(d.words for d in res.docs), res.position)
            if (
                pending_docs >= cfg.checkpoint_docs
                or time.monotonic() - last_checkpoint >= CHECKPOINT_EVERY_S
            ):
                out.flush()
                os.fsync(out.fileno())
                _checkpoint(ckpt, key, stats.units, out.tell(), stats, False)
                report.send()
                pending_docs = 0
                last_checkpoint = time.monotonic()
            elif report.due():
                report.send()
        out.flush()
        os.fsync(out.fileno())
        _checkpoint(ckpt, key, stats.units, out.tell(), stats, True)
        report.send()


class _Reporter:
    """What a file has done since it last told the progress bar: documents, words, and how far into the
    stored file its readers are (so that the bar and its ETA move inside one big file, not only between
    files)."""

    def __init__(self, task: Task, stored: list[BinaryIO]) -> None:
        self.task, self.stored = task, stored
        self.docs = self.words = 0
        self.position: float | None = None  # from the units themselves (a book read whole, done in blocks)
        self.last = time.monotonic()

    def add(self, docs: int, words: int, position: float | None = None) -> None:
        self.docs += docs
        self.words += words
        if position is not None:
            self.position = position

    def due(self) -> bool:
        return time.monotonic() - self.last >= PROGRESS_EVERY_S

    def send(self) -> None:
        self.last = time.monotonic()
        if _progress is None:
            return
        read = 0
        for f in self.stored:  # a closed reader has read its file to the end
            read = max(read, self.task.size if f.closed else f.tell())
        if self.position is not None:
            read = int(self.position * self.task.size)
        _progress(self.docs, self.words, self.task.out_rel, min(read, self.task.size))
        self.docs = self.words = 0


def _finalize(part: Path, final: Path, compression: str | None) -> None:
    with open(part, "rb") as fin:
        write_final(fin, final, compression)


def write_final(fin: BinaryIO, final: Path, compression: str | None) -> None:
    """Temp file in the same folder, fsync, atomic rename, fsync the folder: all or nothing on disk."""
    tmp = final.with_name(f".{final.name}.unspin-tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            compress_stream(fin, f, compression)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(final.parent)
