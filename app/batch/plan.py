"""Turn ``SRC...`` into a list of per-file tasks, and refuse plans that could touch the inputs.

The output tree mirrors the input the way ``rsync SRC OUT`` does: a file ``a/b.txt`` becomes ``OUT/b.txt`` and
a folder ``a/`` becomes ``OUT/a/...``; a quoted glob mirrors its matches relative to the folder before its
first wildcard (``'crawls/**/*.warc.gz'`` puts ``crawls/2019/x.warc.gz`` at ``OUT/2019/x.warc.gz``). Two
sources that would land on the same output path are a usage error.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass, field
from pathlib import Path

from app.batch.compress import compression_of, strip_compression
from app.cli import CliError

FORMATS = ("txt", "jsonl", "warc")
_EXT = {".txt": "txt", ".text": "txt", ".jsonl": "jsonl", ".ndjson": "jsonl", ".warc": "warc"}
STATE_DIR = ".unspin"  # manifest, lock and reports inside --out


@dataclass(frozen=True, slots=True)
class Task:
    """One input file and where its output goes (``out_rel`` is relative to --out).

    A *piece* of a big file (``app.batch.split``) is a task too: it reads bytes ``start``-``end`` of ``src``
    (decompressed), whose first line (or WARC record) is number ``first_line`` of the file, and writes a hidden
    output that is joined into ``parent`` (the whole file's ``out_rel``) once every piece is done. ``size`` is
    then the piece's share of the file's stored size.
    """

    src: str
    out_rel: str
    fmt: str
    compression: str | None
    size: int
    mtime_ns: int
    start: int = 0
    end: int | None = None
    first_line: int = 1
    parent: str = ""

    @property
    def doc_name(self) -> str:
        """The name documents are reported under: the whole file's, for a piece."""
        return self.parent or self.out_rel


@dataclass(slots=True)
class Plan:
    tasks: list[Task]
    skipped: list[dict[str, str]]  # files found in folders that are not an archive format
    roots: list[Path] = field(default_factory=list)  # every file and folder the sources named


def format_of(name: str, override: str | None) -> str | None:
    if override:
        return override
    return _EXT.get(Path(strip_compression(name)).suffix.lower())


def _glob_base(pattern: str) -> Path:
    """The folder part of a pattern before its first wildcard: matches are mirrored relative to it."""
    parts = Path(pattern).parts
    fixed = parts[: next(i for i, p in enumerate(parts) if glob.has_magic(p))]
    return Path(*fixed) if fixed else Path(".")


def _expand(src: str) -> list[tuple[Path, str]]:
    """(path, its output path relative to --out) for one SRC argument."""
    if os.path.lexists(src) or not glob.has_magic(src):
        p = Path(src)
        return [(p, p.resolve().name if p.is_dir() else p.name)]
    found = sorted(glob.glob(src, recursive=True))
    if not found:
        raise CliError(f"{src}: no file matches this pattern")
    base = _glob_base(src)
    return [(Path(f), os.path.relpath(f, base)) for f in found]


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def check_overlap(sources: list[Path], out: Path) -> None:
    """Refuse an --out equal to, inside, or containing a source: outputs must never land on inputs."""
    real_out = Path(os.path.realpath(out))
    for s in sources:
        real = Path(os.path.realpath(s))
        if _inside(real_out, real) or _inside(real, real_out):
            raise CliError(f"--out {out} overlaps source {s}; choose an output folder outside every source")


def check_file_target(target: Path, sources: list[Path], flag: str) -> None:
    """Refuse a file destination (``--report``, ``learn --out``) that is, or lies inside, a source, is a
    folder, or sits in a folder that does not exist or cannot be written: checked before any work, so that a
    long run neither overwrites an input nor fails at its very end."""
    real = Path(os.path.realpath(target))
    for s in sources:
        if _inside(real, Path(os.path.realpath(s))):
            raise CliError(f"{flag} {target} is inside source {s}; write it outside every source")
    if real.is_dir():
        raise CliError(f"{flag} {target} is a folder; name a file")
    parent = real.parent
    if not parent.is_dir():
        raise CliError(f"{flag} {target}: folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (real.exists() and not os.access(real, os.W_OK)):
        raise CliError(f"{flag} {target}: cannot write there (permission denied or read-only)")


def _task(path: Path, rel: str, fmt: str) -> Task:
    st = path.stat()
    return Task(str(path), rel, fmt, compression_of(path.name), st.st_size, st.st_mtime_ns)


UNREADABLE = "unreadable"  # a skipped entry of this kind is a failure: files were there and were not read


def build_plan(sources: list[str], out: Path, fmt_override: str | None) -> Plan:
    found = [x for s in sources for x in _expand(s)]
    for p, _ in found:
        if not p.exists():
            raise CliError(f"{p}: no such file or folder")
    check_overlap([p for p, _ in found], out)
    tasks: list[Task] = []
    skipped: list[dict[str, str]] = []
    for p, rel_root in found:
        if p.is_dir():

            def unreadable(e: OSError) -> None:  # os.walk would skip it without a word
                reason = f"cannot read folder: {e.strerror or e}"
                skipped.append({"path": str(e.filename), "reason": reason, "kind": UNREADABLE})

            for root, dirs, files in os.walk(p, onerror=unreadable):
                dirs.sort()
                for d in dirs:
                    link = Path(root) / d
                    if link.is_symlink():  # not followed (loops, or a way out of the tree)
                        reason = "a link to a folder: not followed (name it as a source)"
                        skipped.append({"path": str(link), "reason": reason})
                for name in sorted(files):
                    f = Path(root) / name
                    rel = str(Path(rel_root) / f.relative_to(p))
                    fmt = format_of(name, fmt_override)
                    if fmt is None:
                        skipped.append({"path": str(f), "reason": "not a .txt, .jsonl or .warc file"})
                    elif f.is_file():
                        tasks.append(_task(f, rel, fmt))
                    else:
                        skipped.append({"path": str(f), "reason": "not a regular file (broken link?)"})
        else:
            fmt = format_of(p.name, fmt_override)
            if fmt is None:
                raise CliError(
                    f"{p}: unknown format (expected .txt, .jsonl, .warc, optionally .gz/.bz2/.zst); "
                    "use --format"
                )
            tasks.append(_task(p, rel_root, fmt))
    seen: dict[str, str] = {}
    for t in tasks:
        key = t.out_rel
        if key.split(os.sep)[0] == STATE_DIR:
            raise CliError(f"{t.src}: its output path would clash with the state folder {STATE_DIR}")
        if key in seen and seen[key] != t.src:
            raise CliError(
                f"{seen[key]} and {t.src} would both be written to {key}; pass their folder, or quote the "
                "glob (e.g. 'dir/**/*.txt') so the folder tree is mirrored"
            )
        seen[key] = t.src
    unique = list({t.out_rel: t for t in tasks}.values())
    return Plan(unique, skipped, [p for p, _ in found])
