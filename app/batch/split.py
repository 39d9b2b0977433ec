"""Cut a big JSONL file into pieces that workers repair in parallel, and join their outputs.

Why: the unit of parallel work is a task, and a task used to be a whole file, so an archive that is one
10 GB JSONL file kept one core busy however many workers were asked for. A JSONL file can be cut at line
ends without parsing it: each piece is a task of its own (own part file, checkpoints and manifest entry, so
a killed run resumes piece by piece), and the manager joins the finished pieces, in order, into the file's
output with the same temp-file-and-rename as any output. The joined bytes are exactly what one task writes
for the whole file: every JSONL line is repaired on its own, and each piece numbers its lines from the file's
first line.

A compressed file (gzip, bzip2, zstd) is cut too, in the coordinates of its decompressed bytes: a stream
cannot be entered in the middle, so each piece's worker decompresses from the start and skips to its piece.
That rereading is bounded by cutting such a file into at most ``MAX_STREAM_PIECES`` pieces, and it is cheap
beside the repair itself (decompressing runs at hundreds of megabytes a second, repairing at tens of
kilobytes). The pieces' outputs are plain; the join compresses them as one stream, which gives the bytes one
task would have written.

A WARC file is cut at record starts instead of line ends (found by one pass of the WARC reader), and its
pieces number their records from the file's first. A ``.warc.gz`` writes every record as a gzip member of its
own, so its pieces' outputs are joined as they are.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from app.batch.compress import open_read
from app.batch.plan import Task
from app.batch.worker import MAX_LISTED, TOP_DOCS, BatchConfig, FileResult, FileStats, write_final

CHUNK = 1 << 20
PIECE_MARK = ".unspin-piece"
MIN_PIECE, MAX_PIECE = 1_000_000, 64_000_000  # bytes of an automatically sized piece
AUTO_PIECES = 16  # enough to keep up to 16 workers busy, or 4 workers with a slow piece at the end
MAX_STREAM_PIECES = 64  # a compressed file's pieces each decompress it from the start: bound the rereading
# text seldom compresses more: a file too small to hold two pieces at this ratio is not cut (a lost chance only)
MAX_RATIO = 64


def auto_piece_bytes(size: int) -> int:
    """Piece size for a file when the user did not choose one: about 16 pieces, but 1 MB at least (below
    that, joining and bookkeeping cost more than they save) and 64 MB at most. It depends on the file alone,
    not on the number of workers, so a run resumed with another ``--workers`` finds the same pieces."""
    return min(MAX_PIECE, max(MIN_PIECE, -(-size // AUTO_PIECES)))


def can_split(task: Task) -> bool:
    return task.fmt in ("jsonl", "warc") and not task.parent


def stream_size(path: Path, compression: str | None) -> int:
    """Bytes of the file once decompressed (one pass)."""
    n = 0
    with open_read(path, compression) as f:
        while chunk := f.read(CHUNK):
            n += len(chunk)
    return n


def line_cuts(path: Path, piece_bytes: int, compression: str | None = None) -> list[tuple[int, int]]:
    """(byte offset, lines before it) of each cut: the first line end at or after every ``piece_bytes``
    bytes since the previous cut. One sequential read of the (decompressed) file, no parsing."""
    cuts: list[tuple[int, int]] = []
    target = piece_bytes
    lines = 0
    at = 0
    with open_read(path, compression) as f:
        while chunk := f.read(CHUNK):
            end = at + len(chunk)
            while target < end:
                i = chunk.find(b"\n", max(0, target - at))
                if i < 0:
                    break  # the line that crosses the target ends in a later chunk
                cut = at + i + 1
                cuts.append((cut, lines + chunk.count(b"\n", 0, i + 1)))
                target = cut + piece_bytes
            lines += chunk.count(b"\n")
            at = end
    return [(c, n) for c, n in cuts if c < at]


def record_cuts(path: Path, piece_bytes: int, compression: str | None = None) -> list[tuple[int, int]]:
    """``line_cuts`` for a WARC: (offset, records before it) of the first record starting at or after
    every ``piece_bytes`` bytes since the previous cut, in the decompressed bytes. A broken record ends the
    search: the piece that holds it reports it, as a whole-file run would."""
    from warcio.archiveiterator import ArchiveIterator

    cuts: list[tuple[int, int]] = []
    target = piece_bytes
    with open_read(path, compression) as f:
        it = ArchiveIterator(f)
        try:
            for n, record in enumerate(it):
                at = it.get_record_offset()
                if n and at >= target:
                    cuts.append((at, n))
                    target = at + piece_bytes
                it.read_to_end(record)
        except Exception:  # any damage: stop cutting here, the piece that holds it reports it
            pass
    return cuts


def piece_name(out_rel: str, index: int, count: int) -> str:
    p = Path(out_rel)
    return str(p.with_name(f".{p.name}{PIECE_MARK}{index + 1:05d}of{count:05d}"))


def split_task(task: Task, piece_bytes: int | Callable[[int], int]) -> list[Task]:
    """The task's pieces, or ``[task]`` when it cannot or need not be cut.

    ``piece_bytes`` is a size (0: do not cut), or a function of the file's decompressed size giving one.
    A piece's ``start``/``end`` are offsets into the decompressed bytes, and its ``size`` (what the progress
    bar counts) is its share of the file as stored, so the pieces' sizes add up to the file's.
    """
    if not can_split(task) or piece_bytes == 0:
        return [task]
    smallest = piece_bytes(0) if callable(piece_bytes) else piece_bytes
    if task.compression and task.size * MAX_RATIO <= smallest:
        return [task]  # cannot hold more than one piece: not worth decompressing while planning
    src = Path(task.src)
    try:
        total = task.size if task.compression is None else stream_size(src, task.compression)
        step = piece_bytes(total) if callable(piece_bytes) else piece_bytes
        if task.compression is not None:
            step = max(step, -(-total // MAX_STREAM_PIECES))
        if total <= step:
            return [task]
        find = record_cuts if task.fmt == "warc" else line_cuts
        cuts = find(src, step, task.compression)
    except Exception:  # unreadable or damaged (a truncated gzip...): left whole, its worker reports why
        return [task]
    if not cuts:
        return [task]
    bounds = [(0, 0), *cuts]
    ends = [c for c, _n in cuts] + [total]
    count = len(bounds)
    return [
        replace(
            task,
            out_rel=piece_name(task.out_rel, k, count),
            size=task.size * end // total - task.size * start // total,
            start=start,
            end=end,
            first_line=lines + 1,
            parent=task.out_rel,
        )
        for k, ((start, lines), end) in enumerate(zip(bounds, ends, strict=True))
    ]


def cut_before(entries: Mapping[str, object]) -> set[str]:
    """The ``out_rel`` of every file that has pieces in the manifest (its entries by ``out_rel``): only those
    can have pieces left on disk once the file itself is done, so only their folders need listing."""
    out: set[str] = set()
    for rel in entries:
        p = Path(rel)
        if PIECE_MARK in p.name and p.name.startswith("."):
            out.add(str(p.with_name(p.name[1 : p.name.index(PIECE_MARK)])))
    return out


def remove_pieces(cfg: BatchConfig, task: Task) -> None:
    """Delete every piece of ``task`` left on disk: after its join, after a kill that came between the join
    and its record, and pieces of another size left by an earlier run with another ``--split-mb``."""
    from app.batch.worker import paths_for

    final = paths_for(cfg, task)[0]
    stem = Path(task.out_rel).name
    # piece outputs (".NAME.unspin-pieceK") and their part, checkpoint and lock files ("..NAME.unspin-...")
    for pattern in (f".{stem}{PIECE_MARK}*", f"..{stem}{PIECE_MARK}*"):
        for p in final.parent.glob(pattern):
            p.unlink(missing_ok=True)


def pieces_on_disk(cfg: BatchConfig, tasks: list[Task]) -> set[str]:
    """The ``out_rel`` of every task with piece files on disk (those ``remove_pieces`` deletes), whether or not
    the manifest knows them: each output folder is listed once, so a run over a flat folder of a million
    files does not glob it a million times."""
    by_folder: dict[Path, dict[str, str]] = {}
    for t in tasks:
        rel = Path(t.out_rel)
        by_folder.setdefault(Path(cfg.out_root) / rel.parent, {})[rel.name] = t.out_rel
    found: set[str] = set()
    for folder, names in by_folder.items():
        try:
            listed = os.listdir(folder)
        except OSError:
            continue
        for name in listed:
            if name.startswith(".") and PIECE_MARK in name:
                stem = name.lstrip(".").split(PIECE_MARK)[0]
                if stem in names:
                    found.add(names[stem])
    return found


def merge_stats(parts: list[FileStats]) -> FileStats:
    total = FileStats()
    for s in parts:
        total.docs += s.docs
        total.words += s.words
        total.edits += s.edits
        total.units += s.units
        total.spun += s.spun
        total.not_english += s.not_english
        total.hist = [a + b for a, b in zip(total.hist, s.hist, strict=True)]
        total.problem_count += s.problem_count
        total.problems += s.problems[: max(0, MAX_LISTED - len(total.problems))]
        total.note_count += s.note_count
        total.notes += s.notes[: max(0, MAX_LISTED - len(total.notes))]
        total.top = sorted([*total.top, *s.top], key=lambda e: -e["spin_score"])[:TOP_DOCS]
        total.engine_seconds += s.engine_seconds
    return total


class _Chain:
    """The piece outputs read one after the other, as one stream (for ``write_final``)."""

    def __init__(self, paths: list[Path]) -> None:
        self._paths: Iterator[Path] = iter(paths)
        self._fh: BinaryIO | None = None

    def read(self, n: int = -1) -> bytes:
        while True:
            if self._fh is None:
                nxt = next(self._paths, None)
                if nxt is None:
                    return b""
                self._fh = open(nxt, "rb")  # noqa: SIM115 - the stream owns it; closed at its end
            data = self._fh.read(n)
            if data:
                return data
            self._fh.close()
            self._fh = None


def join(cfg: BatchConfig, whole: Task, pieces: list[Task], results: list[FileResult]) -> FileResult:
    """The whole file's result: its output written from the pieces' outputs, or the first piece failure."""
    from app.batch.worker import paths_for

    for k, (p, r) in enumerate(zip(pieces, results, strict=True)):
        if not r.ok:
            why = f"piece {k + 1} of {len(pieces)} (bytes {p.start}-{p.end}): {r.reason}"
            return FileResult(whole.src, whole.out_rel, False, why)
    final = paths_for(cfg, whole)[0]
    final.parent.mkdir(parents=True, exist_ok=True)
    # the pieces' outputs are plain (compressed here as one stream, they give the bytes one task writes),
    # except a .warc.gz's, whose records are gzip members already
    gzip_records = whole.fmt == "warc" and whole.compression == "gz"
    compression = None if cfg.detect_only or gzip_records else whole.compression
    write_final(_Chain([paths_for(cfg, p)[0] for p in pieces]), final, compression)  # type: ignore[arg-type]
    return FileResult(
        whole.src,
        whole.out_rel,
        True,
        stats=merge_stats([r.stats for r in results]),
        seconds=sum(r.seconds for r in results),
        resumed_units=sum(r.resumed_units for r in results),
    )
