"""The manifest: an append-only JSONL file in ``--out/.unspin/`` naming every finished file.

Each line is written with one ``write`` and fsynced before the next file is recorded, so after a SIGKILL the
manifest holds every file that was finished and at most one torn last line, which is cut off on the next open.
The first line fingerprints the job (mode, fields, engine options, phrase files): resuming into an --out made
with other options would mix two different repairs, so it is refused. A lock file stops two runs sharing
--out.
"""

from __future__ import annotations

import fcntl
import json
import os
from pathlib import Path
from typing import Any

from app.batch.plan import STATE_DIR
from app.cli import CliError

NAME = "manifest.jsonl"


def entry_done(entries: dict[str, dict[str, Any]], out_rel: str, key: str) -> bool:
    """Whether ``out_rel`` was written successfully by this exact job and input (``key``)."""
    e = entries.get(out_rel)
    return bool(e and e.get("ok") and e.get("key") == key)


def read_entries(out: Path) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]]]:
    """(job header, latest entry per output path) without locking or writing (for --dry-run)."""
    path = out / STATE_DIR / NAME
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, {}
    header: dict[str, Any] | None = None
    entries: dict[str, dict[str, Any]] = {}
    for ln in data.splitlines():
        try:
            rec = json.loads(ln)
        except ValueError:
            continue
        if "job" in rec:
            header = rec
        elif "out_rel" in rec:
            entries[rec["out_rel"]] = rec
    return header, entries


def check_job(header: dict[str, Any] | None, job: dict[str, Any], out: Path) -> None:
    """Refuse to resume into an --out that a batch with other options wrote (``--dry-run`` says so too)."""
    if header is not None and header["job"] != job:
        changed = sorted(k for k in job if header["job"].get(k) != job[k])
        raise CliError(
            f"{out} holds a batch made with other options ({', '.join(changed)}); "
            "use a new --out, or the same options to resume"
        )


class Manifest:
    def __init__(self, out: Path, job: dict[str, Any]) -> None:
        self.dir = out / STATE_DIR
        self.dir.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.dir / "lock", "w")  # noqa: SIM115 - held for the life of the run
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CliError(
                f"another 'unspin batch' is writing to {out}; wait for it or use another --out"
            ) from None
        self.path = self.dir / NAME
        self._cut_torn_tail()
        header, self.entries = read_entries(out)
        check_job(header, job, out)
        self._fh = open(self.path, "ab")  # noqa: SIM115
        if header is None:
            self._append({"job": job})

    def _cut_torn_tail(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        if data and not data.endswith(b"\n"):
            with open(self.path, "r+b") as f:
                f.truncate(data.rfind(b"\n") + 1)
                os.fsync(f.fileno())

    def _append(self, rec: dict[str, Any]) -> None:
        try:
            self._fh.write(json.dumps(rec, ensure_ascii=False).encode() + b"\n")
            self._fh.flush()
            os.fsync(self._fh.fileno())
        except OSError as e:  # a full disk: say which file (the CLI prints e.filename), not only ENOSPC
            raise OSError(e.errno, e.strerror, self._fh.name) from e

    def is_done(self, out_rel: str, key: str) -> bool:
        return entry_done(self.entries, out_rel, key)

    def record(self, key: str, result: dict[str, Any]) -> None:
        rec = {"key": key, **result}
        self._append(rec)
        self.entries[rec["out_rel"]] = rec

    def close(self) -> None:
        self._fh.close()
        self._lock.close()
